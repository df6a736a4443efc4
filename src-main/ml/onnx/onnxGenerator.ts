// The StyleGAN2 generator on onnxruntime (multi-threaded MLAS CPU kernels): mapping, synthesis with const or no
// noise, and the projection step (forward + hand-built backward in one graph run). Same numbers as the tfjs
// networks (parity ≤ 1e-4 with NVlabs); tfjs stays the engine for training and random noise. Sessions are built
// on first use from the weights, so a caller that only generates never builds the gradient graph.
import * as ort from 'onnxruntime-node';
import { channelsAt, numWs } from '../stylegan2/config.js';
import type { StyleGan2Config } from '../stylegan2/config.js';
import { arrayProblems, generatorParamSpecs } from '../stylegan2/specs.js';
import { buildMappingGraph, buildSynthesisGraph, weightOf } from './stylegan2Graph.js';
import type { GeneratorWeights } from './stylegan2Graph.js';
import { buildSynthesisVjpGraph } from './synthesisVjp.js';
import type { VjpLoss } from './synthesisVjp.js';

export interface OnnxEngineOptions {
  /** onnxruntime intra-op threads (default 1; the ML worker passes the cores it may use). */
  threads?: number;
}

export interface Truncation {
  psi?: number;
  cutoff?: number | null;
}

/** Result of one projection step for a batch of N images; arrays are row-major in the shapes given. */
export interface ProjectionStepResult {
  /** [N, C, res, res], the generator output for the ws and noise given. */
  image: Float32Array;
  /** [N]: mean squared error of each image to its target ('mse' loss only; empty for 'external'). */
  loss: Float32Array;
  /** [N, numWs, wDim]: ∂(Σ loss)/∂ws, or the VJP of the upstream image gradient ('external'). */
  dWs: Float32Array;
  /** Per synthesis layer [N, 1, r, r], in `noiseResolutions` order: ∂/∂noise. */
  dNoise: Float32Array[];
}

export class OnnxGenerator {
  readonly numWs: number;
  private readonly sessions = new Map<string, Promise<ort.InferenceSession>>();

  private constructor(readonly config: StyleGan2Config, private readonly weights: GeneratorWeights, private readonly threads: number) {
    this.numWs = numWs(config);
  }

  /** Checks every parameter's name and shape against the architecture first; `source` names the weights in errors. */
  static create(config: StyleGan2Config, weights: GeneratorWeights, opts: OnnxEngineOptions & { source?: string } = {}): OnnxGenerator {
    // Bookkeeping buffers of newer NVlabs code are not weights (as in networks.ts): ignored, not errors.
    const problems = arrayProblems(generatorParamSpecs(config), new Map([...weights].filter(([name]) => !/(^|\.)num_batches_tracked$/.test(name))));
    if (problems.length > 0) throw new Error(`${opts.source ?? 'generator weights'}: weights do not match the architecture: ${problems.slice(0, 8).join('; ')}`);
    return new OnnxGenerator(config, weights, Math.max(1, Math.floor(opts.threads ?? 1)));
  }

  /** Resolution of each synthesis layer's noise input, in the order projectionStep takes and returns them. */
  get noiseResolutions(): number[] {
    const out: number[] = [];
    for (let r = 4; r <= this.config.resolution; r *= 2) out.push(...(r === 4 ? [r] : [r, r]));
    return out;
  }

  private session(key: string, build: () => Uint8Array): Promise<ort.InferenceSession> {
    let s = this.sessions.get(key);
    if (!s) {
      s = ort.InferenceSession.create(build(), {
        intraOpNumThreads: this.threads,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
      });
      this.sessions.set(key, s);
    }
    return s;
  }

  /** z [N, zDim] → ws [N, numWs, wDim], truncated towards w_avg by ψ on the first `cutoff` layers (all by default). */
  async mapZ(z: Float32Array, count: number, truncation: Truncation = {}): Promise<Float32Array> {
    const { zDim } = this.config;
    if (z.length !== count * zDim) throw new Error(`mapping: z has ${z.length} values, expected ${count} × ${zDim}`);
    const session = await this.session('mapping', () => buildMappingGraph(this.weights, this.config));
    const { w } = await session.run({ z: new ort.Tensor('float32', z, [count, zDim]) });
    return this.toWs(w.data as Float32Array, count, false, truncation);
  }

  /**
   * w rows [N, wDim] (broadcast to every layer) or ws [N, numWs, wDim] → ws truncated towards w_avg by ψ on the
   * first `cutoff` layers (all by default), as NVlabs' mapping does after its last layer.
   */
  toWs(w: Float32Array, count: number, perLayer: boolean, truncation: Truncation = {}): Float32Array {
    const { wDim } = this.config;
    const rowLength = perLayer ? this.numWs * wDim : wDim;
    if (w.length !== count * rowLength) throw new Error(`w has ${w.length} values, expected ${count} × ${perLayer ? `${this.numWs} × ` : ''}${wDim}`);
    const psi = truncation.psi ?? 1;
    const cutoff = truncation.cutoff ?? this.numWs;
    const wAvg = weightOf(this.weights, 'mapping.w_avg').data;
    const ws = new Float32Array(count * this.numWs * wDim);
    for (let n = 0; n < count; n++) {
      for (let l = 0; l < this.numWs; l++) {
        const out = (n * this.numWs + l) * wDim;
        const src = n * rowLength + (perLayer ? l * wDim : 0);
        for (let d = 0; d < wDim; d++) {
          const v = w[src + d];
          ws[out + d] = psi !== 1 && l < cutoff ? wAvg[d] + psi * (v - wAvg[d]) : v;
        }
      }
    }
    return ws;
  }

  /** Per synthesis layer (toRGB excluded), in forward order: its output's channels and resolution. */
  get hiddenShapes(): Array<{ channels: number; res: number }> {
    const out: Array<{ channels: number; res: number }> = [];
    for (let r = 4; r <= this.config.resolution; r *= 2) {
      const channels = channelsAt(this.config, r);
      out.push(...(r === 4 ? [{ channels, res: r }] : [{ channels, res: r }, { channels, res: r }]));
    }
    return out;
  }

  /** Like `synthesize`, plus every synthesis layer's output [N, C_i, r_i, r_i] (see `hiddenShapes`). */
  async synthesizeHidden(ws: Float32Array, count: number, noise: 'const' | 'none'): Promise<{ image: Float32Array; hidden: Float32Array[] }> {
    this.checkWs(ws, count);
    const session = await this.session(`synthesis-${noise}-hidden`, () => buildSynthesisGraph(this.weights, this.config, noise, true));
    const out = await session.run({ ws: new ort.Tensor('float32', ws, [count, this.numWs, this.config.wDim]) });
    return { image: out.image.data as Float32Array, hidden: this.hiddenShapes.map((_, i) => out[`hidden${i}`].data as Float32Array) };
  }

  /** ws [N, numWs, wDim] → images [N, C, res, res] (raw, never clamped), with the stored noise or none. */
  async synthesize(ws: Float32Array, count: number, noise: 'const' | 'none'): Promise<Float32Array> {
    this.checkWs(ws, count);
    const session = await this.session(`synthesis-${noise}`, () => buildSynthesisGraph(this.weights, this.config, noise));
    const { image } = await session.run({ ws: new ort.Tensor('float32', ws, [count, this.numWs, this.config.wDim]) });
    return image.data as Float32Array;
  }

  /**
   * ws [N, numWs, wDim] → images with explicit noise buffers (one [size, size] array per synthesis layer in
   * `noiseResolutions` order, shared by all N images; they replace noise_const): the graph a projection with
   * optimised noise renders its result with, so a restored projection matches it exactly.
   */
  async synthesizeWithNoise(ws: Float32Array, count: number, noise: readonly Float32Array[]): Promise<Float32Array> {
    this.checkWs(ws, count);
    const resolutions = this.noiseResolutions;
    if (noise.length !== resolutions.length) throw new Error(`synthesis: ${noise.length} noise buffers given, the model has ${resolutions.length} synthesis layers`);
    const feeds: Record<string, ort.Tensor> = { ws: new ort.Tensor('float32', ws, [count, this.numWs, this.config.wDim]) };
    noise.forEach((buffer, i) => {
      const per = resolutions[i] * resolutions[i];
      if (buffer.length !== per) throw new Error(`synthesis: noise buffer ${i} has ${buffer.length} values, expected ${resolutions[i]} × ${resolutions[i]}`);
      const batch = new Float32Array(count * per);
      for (let k = 0; k < count; k++) batch.set(buffer, k * per);
      feeds[`noise${i}`] = new ort.Tensor('float32', batch, [count, 1, resolutions[i], resolutions[i]]);
    });
    const session = await this.session('synthesis-inputs', () => buildSynthesisGraph(this.weights, this.config, 'inputs'));
    const { image } = await session.run(feeds);
    return image.data as Float32Array;
  }

  /** z → images, as NVlabs' Generator.forward with noise_mode const or none. */
  async generate(z: Float32Array, count: number, opts: Truncation & { noise: 'const' | 'none' }): Promise<Float32Array> {
    return this.synthesize(await this.mapZ(z, count, opts), count, opts.noise);
  }

  /**
   * One projection step for N images: the image for (ws, noise), its per-image MSE to `target` [N, C, res, res]
   * and the gradients of the summed loss w.r.t. ws and every noise input, in one graph run (no tfjs, no tape).
   * `noise` holds one [N, 1, r, r] array per synthesis layer (see `noiseResolutions`): the buffers being optimised
   * (pass the stored noise_const values to keep them fixed). Losses other than pixel MSE: `synthesisVjp`.
   */
  async projectionStep(ws: Float32Array, noise: Float32Array[], target: Float32Array, count: number): Promise<ProjectionStepResult> {
    return this.runVjp('mse', ws, noise, target, count);
  }

  /**
   * The vector-Jacobian product of synthesis: for an upstream gradient `dImage` [N, C, res, res] (e.g. of an LPIPS
   * loss computed elsewhere), ∂/∂ws and ∂/∂noise of ⟨dImage, image⟩, plus the image itself (forward recomputed).
   */
  async synthesisVjp(ws: Float32Array, noise: Float32Array[], dImage: Float32Array, count: number, dHidden?: Float32Array[]): Promise<ProjectionStepResult> {
    return this.runVjp('external', ws, noise, dImage, count, dHidden);
  }

  /**
   * `dHidden` (optional): one upstream gradient per synthesis layer's output, shaped as `hiddenShapes`, for losses
   * on G's hidden layers; the result is then the VJP of ⟨dImage, image⟩ + Σ_i ⟨dHidden_i, hidden_i⟩.
   */
  private async runVjp(loss: VjpLoss, ws: Float32Array, noise: Float32Array[], imageInput: Float32Array, count: number, dHidden?: Float32Array[]): Promise<ProjectionStepResult> {
    this.checkWs(ws, count);
    const { imgChannels: c, resolution: r, wDim } = this.config;
    const resolutions = this.noiseResolutions;
    if (noise.length !== resolutions.length) throw new Error(`projection step: ${noise.length} noise arrays given, the model has ${resolutions.length} synthesis layers`);
    if (imageInput.length !== count * c * r * r) throw new Error(`projection step: ${loss === 'mse' ? 'target' : 'dImage'} has ${imageInput.length} values, expected ${count} × ${c} × ${r} × ${r}`);
    const feeds: Record<string, ort.Tensor> = { ws: new ort.Tensor('float32', ws, [count, this.numWs, wDim]) };
    feeds[loss === 'mse' ? 'target' : 'dImage'] = new ort.Tensor('float32', imageInput, [count, c, r, r]);
    noise.forEach((n, i) => {
      const res = resolutions[i];
      if (n.length !== count * res * res) throw new Error(`projection step: noise ${i} has ${n.length} values, expected ${count} × 1 × ${res} × ${res}`);
      feeds[`noise${i}`] = new ort.Tensor('float32', n, [count, 1, res, res]);
    });
    if (dHidden) {
      const shapes = this.hiddenShapes;
      if (dHidden.length !== shapes.length) throw new Error(`synthesis VJP: ${dHidden.length} hidden gradients given, the model has ${shapes.length} synthesis layers`);
      dHidden.forEach((d, i) => {
        const { channels, res } = shapes[i];
        if (d.length !== count * channels * res * res) throw new Error(`synthesis VJP: dHidden ${i} has ${d.length} values, expected ${count} × ${channels} × ${res} × ${res}`);
        feeds[`dHidden${i}`] = new ort.Tensor('float32', d, [count, channels, res, res]);
      });
    }
    const withHidden = dHidden !== undefined;
    const session = await this.session(`vjp-${loss}${withHidden ? '-hidden' : ''}`, () => buildSynthesisVjpGraph(this.weights, this.config, loss, withHidden));
    const out = await session.run(feeds);
    return {
      image: out.image.data as Float32Array,
      loss: loss === 'mse' ? (out.loss.data as Float32Array) : new Float32Array(0),
      dWs: out.dWs.data as Float32Array,
      dNoise: resolutions.map((_, i) => out[`dNoise${i}`].data as Float32Array),
    };
  }

  private checkWs(ws: Float32Array, count: number): void {
    const expected = count * this.numWs * this.config.wDim;
    if (ws.length !== expected) throw new Error(`synthesis: ws has ${ws.length} values, expected ${count} × ${this.numWs} × ${this.config.wDim}`);
  }

  /** Frees the native sessions. */
  async release(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const s of all) await (await s).release();
  }
}
