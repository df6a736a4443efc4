// The training iteration on onnxruntime (backend 'onnx'): the same phases, random draws (in the same order) and
// updates as Trainer.trainStep, but the forward and backward passes of Gmain, Dmain and Dreg run as ONNX graphs
// (ml/onnx/trainingGraphs.ts) on multi-threaded MLAS kernels. The weights, Adam moments and G_ema stay tfjs
// variables, so checkpoints, sample grids and exports are the tfjs trainer's. Noise images are drawn from the
// run's RNG (tfjs draws them with tf.randomNormal), so a resumed run continues exactly on this backend.
import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs';
import { buildDmainGraph, buildDregGraph, buildGmainGraph, noiseResolutions } from '../onnx/trainingGraphs.js';
import { Rng } from '../stylegan2/random.js';
import type { AugmentDraw } from './ada.js';
import type { Adam } from './adam.js';
import { emaBeta, updateEma } from './ema.js';
import type { StepStats, Trainer, TrainingImages } from './trainer.js';

type Feeds = Record<string, ort.Tensor>;

/** Identity augmentation (ADA off or p = 0): exact, so one graph serves both cases. */
function identityDraw(batch: number, res: number): AugmentDraw {
  const eye = new Float32Array(res * res);
  for (let i = 0; i < res; i++) eye[i * res + i] = 1;
  return { transpose: new Array<boolean>(batch).fill(false), rows: new Array<Float32Array>(batch).fill(eye), cols: new Array<Float32Array>(batch).fill(eye), gain: new Float32Array(batch).fill(1), offset: new Float32Array(batch) };
}

function transposed(m: Float32Array, n: number): Float32Array {
  const out = new Float32Array(n * n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) out[c * n + r] = m[r * n + c];
  return out;
}

/** The feeds of one augmentation draw under `prefix` (see augmentInputs). */
export function augmentFeeds(prefix: string, draw: AugmentDraw, channels: number, res: number): Feeds {
  const n = draw.gain.length;
  const rows = new Float32Array(n * channels * res * res);
  const colsT = new Float32Array(n * channels * res * res);
  for (let i = 0; i < n; i++) {
    const ct = transposed(draw.cols[i], res);
    for (let c = 0; c < channels; c++) {
      rows.set(draw.rows[i], (i * channels + c) * res * res);
      colsT.set(ct, (i * channels + c) * res * res);
    }
  }
  const per = (v: ArrayLike<number>): ort.Tensor => new ort.Tensor('float32', Float32Array.from(v), [n, 1, 1, 1]);
  return {
    [`${prefix}.transpose`]: per(draw.transpose.map((t) => (t ? 1 : 0))),
    [`${prefix}.rows`]: new ort.Tensor('float32', rows, [n * channels, res, res]),
    [`${prefix}.colsT`]: new ort.Tensor('float32', colsT, [n * channels, res, res]),
    [`${prefix}.gain`]: per(draw.gain),
    [`${prefix}.offset`]: per(draw.offset),
  };
}

export class OnnxTrainingEngine {
  private readonly sessions = new Map<string, Promise<ort.InferenceSession>>();

  constructor(private readonly trainer: Trainer, readonly threads: number) {}

  private session(key: string, build: () => Uint8Array): Promise<ort.InferenceSession> {
    let s = this.sessions.get(key);
    if (!s) {
      s = ort.InferenceSession.create(build(), { intraOpNumThreads: this.threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
      this.sessions.set(key, s);
    }
    return s;
  }

  private shapes(): { config: Trainer['netConfig']; batch: number } {
    return { config: this.trainer.netConfig, batch: this.trainer.config.batch };
  }

  /** Current values of an optimiser's parameters as feeds `<prefix>:<name>`. */
  private paramFeeds(opt: Adam, prefix: string): Feeds {
    const feeds: Feeds = {};
    for (const [name, v] of opt.params) feeds[`${prefix}:${name}`] = new ort.Tensor('float32', v.dataSync() as Float32Array, [...v.shape]);
    return feeds;
  }

  private generatorFeeds(z: Float32Array, mixing: { cutoff: number; z2: Float32Array }, noiseSeed: number): Feeds {
    const { netConfig, config } = this.trainer;
    const count = this.trainer.G.numWs;
    const rng = new Rng(noiseSeed);
    const feeds: Feeds = {
      z: new ort.Tensor('float32', z, [config.batch, netConfig.zDim]),
      z2: new ort.Tensor('float32', mixing.z2, [config.batch, netConfig.zDim]),
      mix: new ort.Tensor('float32', Float32Array.from({ length: count }, (_, i) => (i < mixing.cutoff ? 1 : 0)), [count]),
    };
    noiseResolutions(netConfig).forEach((r, j) => (feeds[`noise${j}`] = new ort.Tensor('float32', rng.normalArray(config.batch * r * r), [config.batch, 1, r, r])));
    return feeds;
  }

  private augment(prefix: string, draw: AugmentDraw | null): Feeds {
    const { resolution } = this.trainer.config;
    return augmentFeeds(prefix, draw ?? identityDraw(this.trainer.config.batch, resolution), this.trainer.netConfig.imgChannels, resolution);
  }

  /** Adam on the gradients a phase returned (`grad:<name>` outputs; Dreg omits the ones that are 0, as tfjs gives 0). */
  private apply(opt: Adam, out: Record<string, ort.Tensor>, omitted: 'error' | 'zero' = 'error'): void {
    const grads = new Map<string, tf.Tensor>();
    for (const [name, v] of opt.params) {
      const g = out[`grad:${name}`];
      if (!g && omitted === 'error') throw new Error(`onnx training: no gradient for ${name}`);
      grads.set(name, g ? tf.tensor(g.data as Float32Array, v.shape, 'float32') : tf.zerosLike(v));
    }
    opt.apply(grads);
    for (const g of grads.values()) g.dispose();
  }

  /** NVlabs updates w_avg on every training-mode mapping call: lerp(mean(w), w_avg, β). */
  private trackWAvg(w: Float32Array): void {
    const { batch } = this.trainer.config;
    const wDim = this.trainer.netConfig.wDim;
    const wAvg = this.trainer.G.params.get('mapping.w_avg')!;
    const old = wAvg.dataSync();
    const beta = this.trainer.netConfig.wAvgBeta;
    const next = new Float32Array(wDim);
    for (let d = 0; d < wDim; d++) {
      let mean = 0;
      for (let n = 0; n < batch; n++) mean += w[n * wDim + d];
      mean /= batch;
      next[d] = mean + (old[d] - mean) * beta;
    }
    const t = tf.tensor1d(next);
    wAvg.assign(t);
    t.dispose();
  }

  /** One iteration: Gmain, Dmain, Dreg (every r1Interval), EMA, ADA — Trainer.trainStep on onnxruntime. */
  async step(data: TrainingImages): Promise<StepStats> {
    const tr = this.trainer;
    const { batch, r1Interval } = tr.config;
    const channels = tr.netConfig.imgChannels;
    const res = tr.config.resolution;

    const zG = tr.latentArray();
    const mixG = tr.drawMixingArrays();
    const seedG = tr.rng.nextUint32() >>> 1;
    const drawG = tr.augmentDraw();
    const gmain = await this.session('gmain', () => buildGmainGraph(this.shapes()));
    const g = await gmain.run({ ...this.paramFeeds(tr.optG, 'G'), ...this.paramFeeds(tr.optD, 'D'), ...this.generatorFeeds(zG, mixG, seedG), ...this.augment('aug', drawG) });
    this.trackWAvg(g.w.data as Float32Array);
    const lossG = (g.loss.data as Float32Array)[0];
    this.apply(tr.optG, g);

    const zD = tr.latentArray();
    const mixD = tr.drawMixingArrays();
    const seedD = tr.rng.nextUint32() >>> 1;
    const real = new ort.Tensor('float32', tr.realBatchArray(data, 'nchw'), [batch, channels, res, res]);
    const drawFake = tr.augmentDraw();
    const drawReal = tr.augmentDraw();
    const dmain = await this.session('dmain', () => buildDmainGraph(this.shapes()));
    const d = await dmain.run({ ...this.paramFeeds(tr.optG, 'G'), ...this.paramFeeds(tr.optD, 'D'), ...this.generatorFeeds(zD, mixD, seedD), real, ...this.augment('fake', drawFake), ...this.augment('real', drawReal) });
    this.trackWAvg(d.w.data as Float32Array);
    const lossD = (d.loss.data as Float32Array)[0];
    this.apply(tr.optD, d);
    const signs = d.realLogits.data as Float32Array;
    tr.ada.accumulate(signs);
    const realSign = signs.reduce((a, v) => a + Math.sign(v), 0) / signs.length;

    let r1: number | null = null;
    if (tr.hyper.gamma > 0 && tr.step % r1Interval === 0) {
      const drawR1 = tr.augmentDraw();
      const dreg = await this.session('dreg', () => buildDregGraph(this.shapes(), tr.hyper.gamma, r1Interval));
      const reg = await dreg.run({ ...this.paramFeeds(tr.optD, 'D'), real, ...this.augment('aug', drawR1) });
      r1 = (reg.penalty.data as Float32Array)[0];
      this.apply(tr.optD, reg, 'zero');
    }

    tr.nimg += batch;
    tr.step += 1;
    updateEma(tr.Gema, tr.G, emaBeta(batch, tr.hyper.emaKimg, tr.nimg, tr.config.emaRampup));
    if (tr.config.ada.enabled && tr.step % tr.config.ada.interval === 0) tr.ada.update(batch);
    return { lossG, lossD, r1, realSign };
  }

  async release(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const s of all) await (await s).release();
  }
}
