// The projection step the benches time on the ONNX engine, doing the same work as bench_nvlabs.py's reference
// step: one w broadcast to every layer (W space), pixel MSE to a target, NVlabs' noise regularisation (weight 1e5)
// over the optimised noise buffers, and an Adam update (lr 0.1) of w and every noise buffer. Batch 1.
import { OnnxGenerator } from '../../src-main/ml/onnx/onnxGenerator.js';

/** Σ over levels of (mean(n·roll(n,1,x))² + mean(n·roll(n,1,y))²), halving by 2×2 average pooling down to 8 px; adds its gradient to `grad`. */
export function noiseRegularization(noise: Float32Array, size: number, weight: number, grad: Float32Array): number {
  let level = noise;
  let side = size;
  const levels: Array<{ data: Float32Array; side: number }> = [];
  for (;;) {
    levels.push({ data: level, side });
    if (side <= 8) break;
    const half = side / 2;
    const pooled = new Float32Array(half * half);
    for (let y = 0; y < half; y++) for (let x = 0; x < half; x++) {
      const i = 2 * y * side + 2 * x;
      pooled[y * half + x] = (level[i] + level[i + 1] + level[i + side] + level[i + side + 1]) / 4;
    }
    level = pooled;
    side = half;
  }
  let value = 0;
  // Gradients level by level, from the coarsest down: each level's gradient is spread over its 2×2 parents.
  let carry: Float32Array | null = null;
  for (let l = levels.length - 1; l >= 0; l--) {
    const { data, side: s } = levels[l];
    const p = s * s;
    let mx = 0;
    let my = 0;
    for (let y = 0; y < s; y++) for (let x = 0; x < s; x++) {
      const v = data[y * s + x];
      mx += v * data[y * s + ((x + s - 1) % s)];
      my += v * data[((y + s - 1) % s) * s + x];
    }
    mx /= p;
    my /= p;
    value += mx * mx + my * my;
    const g = new Float32Array(p);
    for (let y = 0; y < s; y++) for (let x = 0; x < s; x++) {
      const left = data[y * s + ((x + s - 1) % s)] + data[y * s + ((x + 1) % s)];
      const up = data[((y + s - 1) % s) * s + x] + data[((y + 1) % s) * s + x];
      g[y * s + x] = (2 * mx * left + 2 * my * up) / p + (carry ? carry[(y >> 1) * (s >> 1) + (x >> 1)] / 4 : 0);
    }
    carry = g;
  }
  for (let i = 0; i < grad.length; i++) grad[i] += weight * carry![i];
  return weight * value;
}

class Adam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private t = 0;
  constructor(size: number, private readonly lr: number) {
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
  }
  step(param: Float32Array, grad: Float32Array): void {
    this.t++;
    const c1 = 1 - 0.9 ** this.t;
    const c2 = 1 - 0.999 ** this.t;
    for (let i = 0; i < param.length; i++) {
      this.m[i] = 0.9 * this.m[i] + 0.1 * grad[i];
      this.v[i] = 0.999 * this.v[i] + 0.001 * grad[i] * grad[i];
      param[i] -= (this.lr * this.m[i]) / c1 / (Math.sqrt(this.v[i] / c2) + 1e-8);
    }
  }
}

/** A projection of one image: `step()` runs one iteration and returns the loss. */
export function projectionLoop(G: OnnxGenerator, w: Float32Array, noise: Float32Array[], target: Float32Array): { step: () => Promise<number> } {
  const wDim = G.config.wDim;
  const resolutions = G.noiseResolutions;
  const adamW = new Adam(wDim, 0.1);
  const adamNoise = noise.map((n) => new Adam(n.length, 0.1));
  const ws = new Float32Array(G.numWs * wDim);
  return {
    step: async () => {
      for (let l = 0; l < G.numWs; l++) ws.set(w, l * wDim);
      const r = await G.projectionStep(ws, noise, target, 1);
      let loss = r.loss[0];
      const dw = new Float32Array(wDim);
      for (let l = 0; l < G.numWs; l++) for (let d = 0; d < wDim; d++) dw[d] += r.dWs[l * wDim + d];
      noise.forEach((n, i) => (loss += noiseRegularization(n, resolutions[i], 1e5, r.dNoise[i])));
      adamW.step(w, dw);
      noise.forEach((n, i) => adamNoise[i].step(n, r.dNoise[i]));
      return loss;
    },
  };
}
