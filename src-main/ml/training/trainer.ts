// One StyleGAN2-ADA training state and its iteration (NVlabs training_loop phases Gmain, Dmain, Dreg), with
// every random draw taken from one seedable RNG so a checkpointed run continues exactly.
import type { Preprocessing } from '../stylegan2/modelDir.js';
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { TrainingConfig } from '../../../src-shared/api/training.js';
import { uint8ToModelValue } from '../../../src-shared/imaging/convert.js';
import { resolveConfig } from '../stylegan2/config.js';
import type { StyleGan2Config } from '../stylegan2/config.js';
import { broadcastAndTruncate, mapToW, updatedWAvg } from '../stylegan2/mapping.js';
import { createDiscriminator, createGenerator, discriminate, specsOf, synthesize } from '../stylegan2/networks.js';
import type { Discriminator, Generator, Network } from '../stylegan2/networks.js';
import { Rng } from '../stylegan2/random.js';
import { AdaController, applyAugment, drawAugment } from './ada.js';
import type { AugmentDraw } from './ada.js';
import { Adam, lazyRegularisationAdam } from './adam.js';
import { emaBeta, updateEma } from './ema.js';
import { defaultGamma, discriminatorLoss, generatorLoss, r1Loss, r1Penalty } from './losses.js';

/** Images the trainer samples from: uint8 N×C×H×W as stored by datasets (NVlabs convention). */
export interface TrainingImages {
  images: Uint8Array;
  count: number;
  channels: number;
  resolution: number;
  /** How the dataset builder prepared the images; recorded in the exported model.json for projection. */
  preprocessing?: Preprocessing;
}

export interface StepStats {
  lossG: number;
  lossD: number;
  /** Mean R1 penalty of this step, or null when the lazy regulariser did not run. */
  r1: number | null;
  /** Mean sign of D(real) this step (ADA's overfitting measure). */
  realSign: number;
}

/** Hyper-parameters with the data-dependent defaults filled in. */
export interface ResolvedHyper {
  gamma: number;
  emaKimg: number;
}

export function resolveHyper(config: TrainingConfig): ResolvedHyper {
  return {
    gamma: config.gamma ?? defaultGamma(config.resolution, config.batch),
    emaKimg: config.emaKimg ?? (config.batch * 10) / 32,
  };
}

export function networkConfigOf(config: TrainingConfig, channels: number): StyleGan2Config {
  const n = config.network;
  return resolveConfig({
    resolution: config.resolution,
    imgChannels: channels,
    zDim: n.zDim,
    wDim: n.wDim,
    mappingLayers: n.mappingLayers,
    channelBase: n.channelBase,
    channelMax: n.channelMax,
    mbstdGroupSize: n.mbstdGroupSize,
  });
}

/** Trainable parameters by NVlabs name (what the optimisers update). */
export function trainableParams(net: Network): Map<string, tf.Variable> {
  const out = new Map<string, tf.Variable>();
  for (const spec of specsOf(net)) if (spec.trainable) out.set(spec.name, net.params.get(spec.name)!);
  return out;
}

export class Trainer {
  readonly hyper: ResolvedHyper;
  readonly optG: Adam;
  readonly optD: Adam;
  readonly ada: AdaController;
  rng: Rng;
  step = 0;
  nimg = 0;
  /** Intra-op threads of the onnx backend's sessions (every core by default). */
  onnxThreads = availableParallelism();
  private readonly releases: Array<() => void> = [];

  constructor(
    readonly config: TrainingConfig,
    readonly netConfig: StyleGan2Config,
    readonly G: Generator,
    readonly D: Discriminator,
    readonly Gema: Generator,
  ) {
    this.hyper = resolveHyper(config);
    const base = { beta1: 0, beta2: 0.99, eps: 1e-8 };
    // G has no regulariser here (no path-length term), so only D gets the lazy-regularisation correction.
    this.optG = new Adam({ ...base, lr: config.lrG }, trainableParams(G));
    this.optD = new Adam(lazyRegularisationAdam({ ...base, lr: config.lrD }, config.r1Interval), trainableParams(D));
    this.ada = new AdaController({ target: config.ada.target, interval: config.ada.interval, kimg: config.ada.kimg });
    this.rng = new Rng(config.seed * 7919 + 17);
  }

  /** Fresh networks with NVlabs initialisation; G_ema starts as an exact copy of G. */
  static create(config: TrainingConfig, channels: number): Trainer {
    const netConfig = networkConfigOf(config, channels);
    const G = createGenerator(netConfig, config.seed * 2 + 1);
    const Gema = createGenerator(netConfig, config.seed * 2 + 1);
    const D = createDiscriminator(netConfig, config.seed * 2 + 2);
    return new Trainer(config, netConfig, G, D, Gema);
  }

  /** A batch of latents z [batch, zDim] from the run's RNG. */
  latentArray(): Float32Array {
    return this.rng.normalArray(this.config.batch * this.netConfig.zDim);
  }

  private latents(): tf.Tensor2D {
    return tf.tensor2d(this.latentArray(), [this.config.batch, this.netConfig.zDim]);
  }

  /** A random real batch in [−1, 1] (NHWC or NCHW), with random x-flips when mirroring is on. */
  realBatchArray(data: TrainingImages, layout: 'nhwc' | 'nchw'): Float32Array {
    const { batch } = this.config;
    const { resolution: r, channels: c } = data;
    const out = new Float32Array(batch * r * r * c);
    for (let i = 0; i < batch; i++) {
      const index = Math.min(data.count - 1, Math.floor(this.rng.uniform() * data.count));
      const flip = this.rng.uniform() < 0.5 && this.config.mirror;
      const base = index * c * r * r;
      for (let y = 0; y < r; y++) {
        for (let x = 0; x < r; x++) {
          const sx = flip ? r - 1 - x : x;
          for (let ch = 0; ch < c; ch++) {
            const at = layout === 'nhwc' ? ((i * r + y) * r + x) * c + ch : ((i * c + ch) * r + y) * r + x;
            out[at] = uint8ToModelValue(data.images[base + ch * r * r + y * r + sx]);
          }
        }
      }
    }
    return out;
  }

  realBatch(data: TrainingImages): tf.Tensor4D {
    return tf.tensor4d(this.realBatchArray(data, 'nhwc'), [this.config.batch, data.resolution, data.resolution, data.channels]);
  }

  /** Style mixing as NVlabs' run_G: with probability p, one cutoff per batch; ws[:, cutoff:] from a second z. */
  drawMixingArrays(): { cutoff: number; z2: Float32Array } {
    const numWs = this.G.numWs;
    const cutoffDraw = 1 + Math.floor(this.rng.uniform() * (numWs - 1));
    const mix = this.rng.uniform() < this.config.styleMixing;
    return { cutoff: mix ? cutoffDraw : numWs, z2: this.latentArray() };
  }

  private drawMixing(): { cutoff: number; z2: tf.Tensor2D } {
    const { cutoff, z2 } = this.drawMixingArrays();
    return { cutoff, z2: tf.tensor2d(z2, [this.config.batch, this.netConfig.zDim]) };
  }

  private runG(z: tf.Tensor2D, mixing: { cutoff: number; z2: tf.Tensor2D }, noiseSeed: number): tf.Tensor4D {
    const p = this.G.params;
    let ws = broadcastAndTruncate(p, this.netConfig, mapToW(p, this.netConfig, z));
    const numWs = this.G.numWs;
    if (mixing.cutoff < numWs) {
      const ws2 = broadcastAndTruncate(p, this.netConfig, mapToW(p, this.netConfig, mixing.z2));
      const [n, , d] = ws.shape;
      ws = tf.concat([tf.slice(ws, [0, 0, 0], [n, mixing.cutoff, d]), tf.slice(ws2, [0, mixing.cutoff, 0], [n, numWs - mixing.cutoff, d])], 1);
    }
    return synthesize(this.G, ws, { noiseMode: 'random', noiseSeed });
  }

  private runD(images: tf.Tensor4D, draw: AugmentDraw | null): tf.Tensor2D {
    return discriminate(this.D, draw ? applyAugment(images, draw) : images);
  }

  augmentDraw(): AugmentDraw | null {
    // Drawn even when ADA is off or p = 0, so the random stream does not depend on p.
    const draw = drawAugment(this.rng, this.config.batch, this.config.resolution, this.ada.p);
    return this.config.ada.enabled && this.ada.p > 0 ? draw : null;
  }

  /** NVlabs updates w_avg on every training-mode mapping call (not for the style-mixing z). */
  private trackWAvg(z: tf.Tensor2D): void {
    const wAvg = this.G.params.get('mapping.w_avg')!;
    const next = tf.tidy(() => updatedWAvg(this.G.params, mapToW(this.G.params, this.netConfig, z), this.netConfig.wAvgBeta));
    wAvg.assign(next);
    next.dispose();
  }

  private applyGrads(opt: Adam, net: Network, grads: tf.NamedTensorMap): void {
    const byName = new Map<string, tf.Tensor>();
    const names = new Map<string, string>();
    for (const [name, v] of opt.params) names.set(v.name, name);
    for (const [varName, g] of Object.entries(grads)) {
      const name = names.get(varName);
      if (name) byName.set(name, g);
    }
    if (byName.size === 0) throw new Error(`no gradients reached the ${net.kind}`);
    opt.apply(byName);
    for (const g of Object.values(grads)) g.dispose();
  }

  /** One iteration on tfjs: Gmain, Dmain, Dreg (every r1Interval), EMA, ADA. */
  trainStep(data: TrainingImages): StepStats {
    const { batch, r1Interval } = this.config;
    const gVars = [...this.optG.params.values()];
    const dVars = [...this.optD.params.values()];

    // Gmain: non-saturating loss through D(augment(G(z))).
    const zG = this.latents();
    const mixG = this.drawMixing();
    const seedG = this.rng.nextUint32() >>> 1;
    const drawG = this.augmentDraw();
    this.trackWAvg(zG);
    const g = tf.variableGrads(() => generatorLoss(this.runD(this.runG(zG, mixG, seedG), drawG)), gVars);
    const lossG = g.value.dataSync()[0];
    g.value.dispose();
    this.applyGrads(this.optG, this.G, g.grads);

    // Dmain: logistic loss on fakes (G detached) and reals.
    const zD = this.latents();
    const mixD = this.drawMixing();
    const seedD = this.rng.nextUint32() >>> 1;
    this.trackWAvg(zD);
    const fake = tf.tidy(() => this.runG(zD, mixD, seedD));
    const real = this.realBatch(data);
    const drawFake = this.augmentDraw();
    const drawReal = this.augmentDraw();
    let realLogits: tf.Tensor | null = null;
    const d = tf.variableGrads(() => {
      const r = this.runD(real, drawReal);
      realLogits = tf.keep(r);
      return discriminatorLoss(this.runD(fake, drawFake), r);
    }, dVars);
    const lossD = d.value.dataSync()[0];
    d.value.dispose();
    this.applyGrads(this.optD, this.D, d.grads);
    const signs = (realLogits as tf.Tensor | null)?.dataSync() ?? new Float32Array(0);
    (realLogits as tf.Tensor | null)?.dispose();
    this.ada.accumulate(signs as Float32Array);
    const realSign = signs.length ? Array.from(signs).reduce((a, v) => a + Math.sign(v), 0) / signs.length : 0;

    // Dreg: lazy R1 on the same real batch, every r1Interval iterations.
    let r1: number | null = null;
    if (this.hyper.gamma > 0 && this.step % r1Interval === 0) {
      const drawR1 = this.augmentDraw();
      let penaltyOut: tf.Tensor | null = null;
      const reg = tf.variableGrads(() => {
        const penalty = r1Penalty((x) => this.runD(x, drawR1), real);
        penaltyOut = tf.keep(tf.mean(penalty));
        return r1Loss(penalty, this.hyper.gamma, r1Interval);
      }, dVars);
      reg.value.dispose();
      r1 = (penaltyOut as tf.Tensor | null)?.dataSync()[0] ?? null;
      (penaltyOut as tf.Tensor | null)?.dispose();
      this.applyGrads(this.optD, this.D, reg.grads);
    }
    tf.dispose([zG, mixG.z2, zD, mixD.z2, fake, real]);

    this.nimg += batch;
    this.step += 1;
    updateEma(this.Gema, this.G, emaBeta(batch, this.hyper.emaKimg, this.nimg, this.config.emaRampup));
    if (this.config.ada.enabled && this.step % this.config.ada.interval === 0) this.ada.update(batch);
    return { lossG, lossD, r1, realSign };
  }

  /** Run `release` when the trainer is disposed (an engine's sessions, see iterate.ts). */
  onDispose(release: () => void): void {
    this.releases.push(release);
  }

  dispose(): void {
    for (const release of this.releases.splice(0)) release();
    for (const net of [this.G, this.D, this.Gema]) for (const v of net.params.values()) v.dispose();
    this.optG.dispose();
    this.optD.dispose();
  }
}
