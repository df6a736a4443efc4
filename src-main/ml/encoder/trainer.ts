// Encoder training for a frozen generator: each iteration makes two Adam updates of E, one per cycle (issue 14).
// G runs on onnxruntime with its stored constant noise and is never updated: its gradients reach E only through ŵ,
// as the VJP synthesisVjp returns (image and hidden-layer terms), which tf.variableGrads then pushes through E.
//   synthetic: z → w → x = G(w) → ŵ = E(x) → x̂ = G(ŵ); latentL1|w − ŵ| + L2 + (1 − SSIM)(x, x̂) + Σ|G_i(w) − G_i(ŵ)|
//   real:      I → ŵ = E(I) → Î = G(ŵ);               L2 + (1 − SSIM)(I, Î) + Σ|E_i(I) − E_i(Î)|
import * as tf from '@tensorflow/tfjs';
import type { EncoderTrainingSettings } from '../../../src-shared/api/encoderSettings.js';
import type { OnnxGenerator } from '../onnx/onnxGenerator.js';
import { Rng } from '../stylegan2/random.js';
import { Adam } from '../training/adam.js';
import { contentGradient, contentLoss, imageLoss, meanAbs } from './losses.js';
import { encode, initParams, nchwToNhwc, nhwcToNchw } from './network.js';
import type { EncoderArchitecture } from './architecture.js';
import type { EncoderParams } from './network.js';

/** What the trainer needs of the generator: the onnx engine, w_avg and its stored noise (one image's buffers). */
export interface FrozenGenerator {
  G: OnnxGenerator;
  wAvg: Float32Array;
  /** noise_const per synthesis layer, in `G.noiseResolutions` order. */
  constNoise: Float32Array[];
}

/** Loss terms of one update (weighted), and their sum. */
export interface CycleLosses {
  total: number;
  latent: number;
  image: number;
  content: number;
}

export interface IterationLosses {
  synthetic: CycleLosses;
  real: CycleLosses;
}

export class EncoderTrainer {
  iteration = 0;
  rng: Rng;
  readonly params: EncoderParams;
  readonly opt: Adam;
  private readonly wAvg: tf.Tensor1D;

  constructor(
    readonly arch: EncoderArchitecture,
    readonly settings: EncoderTrainingSettings,
    private readonly gen: FrozenGenerator,
    /** Real images N × C × res × res in [−1, 1]. */
    private readonly real: { data: Float32Array; count: number },
  ) {
    const { G } = gen;
    if (G.config.resolution !== arch.resolution || G.config.imgChannels !== arch.channels || G.numWs !== arch.numWs || G.config.wDim !== arch.wDim) {
      throw new Error(`encoder architecture (${arch.channels}×${arch.resolution}², ${arch.numWs}×${arch.wDim}) does not fit the generator (${G.config.imgChannels}×${G.config.resolution}², ${G.numWs}×${G.config.wDim})`);
    }
    if (real.count < 1 || real.data.length !== real.count * this.imageSize) throw new Error(`real images: ${real.data.length} values is not ${real.count} × ${this.imageSize}`);
    this.params = initParams(arch, settings.seed);
    this.rng = new Rng(settings.seed + 1);
    this.opt = new Adam({ lr: settings.learningRate, beta1: 0.9, beta2: 0.999, eps: 1e-8 }, this.params);
    this.wAvg = tf.tensor1d(gen.wAvg);
  }

  private get imageSize(): number {
    return this.arch.channels * this.arch.resolution ** 2;
  }

  /** The stored noise repeated for `n` images (the VJP graph takes noise as inputs). */
  private noiseFor(n: number): Float32Array[] {
    return this.gen.constNoise.map((one) => {
      const out = new Float32Array(n * one.length);
      for (let i = 0; i < n; i++) out.set(one, i * one.length);
      return out;
    });
  }

  /** ŵ = E(x) as plain values [n, numWs, wDim] (no tape). */
  private codes(x: tf.Tensor4D): Float32Array {
    return tf.tidy(() => encode(this.params, this.arch, x, this.wAvg).ws.dataSync() as Float32Array);
  }

  /** E's gradients of Σ⟨E(x), dWs⟩ + extra(E(x)): the chain rule through E for an upstream ∂/∂ŵ. */
  private backThroughE(x: tf.Tensor4D, dWs: Float32Array, extra: (out: ReturnType<typeof encode>) => tf.Scalar): Map<string, tf.Tensor> {
    const { grads } = tf.variableGrads(() => {
      const out = encode(this.params, this.arch, x, this.wAvg);
      return tf.add(tf.sum(tf.mul(out.ws, tf.tensor3d(dWs, out.ws.shape))), extra(out));
    }, [...this.params.values()]);
    return this.keyed(grads);
  }

  private keyed(grads: tf.NamedTensorMap): Map<string, tf.Tensor> {
    const byVar = new Map<string, string>([...this.params].map(([name, v]) => [v.name, name]));
    // tfjs leaves a variable the loss does not reach with a null gradient (e.g. E's head in the real cycle's
    // feature term): skipped, so Adam leaves it alone for that update.
    return new Map(Object.entries(grads).flatMap(([varName, g]) => (byVar.has(varName) && (g as tf.Tensor | null) !== null ? [[byVar.get(varName)!, g]] : [])));
  }

  /** One synthetic-cycle update on `batch` fresh latents. */
  async syntheticStep(): Promise<CycleLosses> {
    const { G } = this.gen;
    const { batch: n, weights } = this.settings;
    const { channels: c, resolution: res } = this.arch;
    const z = this.rng.normalArray(n * G.config.zDim);
    const w = await G.mapZ(z, n);
    const target = await G.synthesizeHidden(w, n, 'const');
    const x = nchwToNhwc(target.image, n, c, res);
    const wHat = this.codes(x);
    const recon = await G.synthesizeHidden(wHat, n, 'const');
    const xHatV = tf.variable(nchwToNhwc(recon.image, n, c, res));
    const { value: imageValue, grads: imageGrads } = tf.variableGrads(() => imageLoss(x, xHatV as tf.Tensor4D, weights), [xHatV]);
    const dImage = nhwcToNchw(imageGrads[xHatV.name] as tf.Tensor4D);
    const image = imageValue.dataSync()[0];
    const content = weights.content > 0 ? contentGradient(recon.hidden, target.hidden, weights.content) : null;
    const vjp = await G.synthesisVjp(wHat, this.noiseFor(n), dImage, n, content?.grads);
    const wT = tf.tensor3d(w, [n, this.arch.numWs, this.arch.wDim]);
    let latent = 0;
    const grads = this.backThroughE(x, vjp.dWs, (out) => {
      const l = tf.mul(meanAbs(out.ws, wT), weights.latentL1) as tf.Scalar;
      latent = (l.dataSync() as Float32Array)[0];
      return l;
    });
    this.opt.apply(grads);
    tf.dispose([x, xHatV, imageValue, wT, ...Object.values(imageGrads), ...grads.values()]);
    const contentValue = content?.loss ?? 0;
    return { total: latent + image + contentValue, latent, image, content: contentValue };
  }

  /** One real-cycle update on `batch` images drawn (seeded) from the real set. */
  async realStep(): Promise<CycleLosses> {
    const { G } = this.gen;
    const { batch: n, weights } = this.settings;
    const { channels: c, resolution: res } = this.arch;
    const size = this.imageSize;
    const batch = new Float32Array(n * size);
    for (let i = 0; i < n; i++) {
      const k = Math.floor(this.rng.uniform() * this.real.count);
      batch.set(this.real.data.subarray(k * size, (k + 1) * size), i * size);
    }
    const I = nchwToNhwc(batch, n, c, res);
    const wHat = this.codes(I);
    const IHat = tf.variable(nchwToNhwc(await G.synthesize(wHat, n, 'const'), n, c, res));
    let image = 0;
    let content = 0;
    // The content term |E_i(I) − E_i(Î)| is split by which side the gradient flows through: here through E_i(Î)
    // (to E and to Î, which G's VJP turns into ∂/∂ŵ) with E_i(I) fixed; below, through E_i(I) with E_i(Î) fixed,
    // in the same forward pass of E(I) that carries ∂/∂ŵ back through E. The sum is the gradient of the whole term.
    let fIHat: tf.Tensor4D[] = [];
    const fI = weights.content > 0 ? tf.tidy(() => encode(this.params, this.arch, I, this.wAvg).features) : [];
    const direct = tf.variableGrads(() => {
      const li = imageLoss(I, IHat as tf.Tensor4D, weights);
      image = li.dataSync()[0];
      if (weights.content === 0) return li;
      const fHat = encode(this.params, this.arch, IHat as tf.Tensor4D, this.wAvg).features;
      fIHat = fHat.map((f) => tf.keep(tf.clone(f)));
      const lc = tf.mul(contentLoss(fI, fHat), weights.content) as tf.Scalar;
      content = lc.dataSync()[0];
      return tf.add(li, lc);
    }, [...this.params.values(), IHat]);
    const dIHat = direct.grads[IHat.name] as tf.Tensor4D | null;
    const dImage = dIHat ? nhwcToNchw(dIHat) : new Float32Array(n * size);
    const vjp = await G.synthesisVjp(wHat, this.noiseFor(n), dImage, n);
    const chain = this.backThroughE(I, vjp.dWs, (out) => (weights.content > 0 ? (tf.mul(contentLoss(out.features, fIHat), weights.content) as tf.Scalar) : tf.scalar(0)));
    const directByName = this.keyed(direct.grads);
    const total = new Map([...chain].map(([name, g]) => [name, directByName.has(name) ? tf.add(g, directByName.get(name)!) : g]));
    this.opt.apply(total);
    tf.dispose([I, IHat, direct.value, ...fI, ...fIHat, ...Object.values(direct.grads).filter((g) => (g as tf.Tensor | null) !== null), ...chain.values(), ...total.values()]);
    return { total: image + content, latent: 0, image, content };
  }

  /** One iteration: the synthetic update, then the real one. */
  async step(): Promise<IterationLosses> {
    const synthetic = await this.syntheticStep();
    const real = await this.realStep();
    this.iteration += 1;
    return { synthetic, real };
  }

  /** Replaces E's parameters (same names and shapes), e.g. to continue a finished encoder with fresh Adam moments. */
  setParams(values: ReadonlyMap<string, { shape: number[]; data: Float32Array }>): void {
    for (const [name, v] of this.params) {
      const stored = values.get(name);
      if (!stored || stored.shape.join() !== v.shape.join()) throw new Error(`encoder parameter ${name} is missing or not shaped [${v.shape.join(', ')}]`);
      const t = tf.tensor(stored.data, stored.shape, 'float32');
      v.assign(t);
      t.dispose();
    }
  }

  /** ŵ for images N × C × res × res (batched forward passes of E). */
  encodeImages(data: Float32Array, count: number, batch = 32): Float32Array {
    const { channels: c, resolution: res, numWs, wDim } = this.arch;
    return encodeWith(this.params, this.arch, this.wAvg, data, count, batch, c, res, numWs * wDim);
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    this.opt.dispose();
    this.wAvg.dispose();
  }
}

/** ŵ for images N × C × res × res with given parameters, `batch` images per forward pass. */
export function encodeWith(params: EncoderParams, arch: EncoderArchitecture, wAvg: tf.Tensor1D, data: Float32Array, count: number, batch: number, c: number, res: number, rowLength: number): Float32Array {
  const out = new Float32Array(count * rowLength);
  const size = c * res * res;
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const codes = tf.tidy(() => encode(params, arch, nchwToNhwc(data.subarray(start * size, (start + n) * size), n, c, res), wAvg).ws.dataSync() as Float32Array);
    out.set(codes, start * rowLength);
  }
  return out;
}
