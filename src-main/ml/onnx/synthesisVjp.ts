// The backward pass of StyleGAN2 synthesis as ONNX nodes (hand-derived, checked against tfjs autodiff in the
// tests): the vector-Jacobian product w.r.t. ws and the per-layer noise inputs, appended to the forward graph so
// one run gives image, loss and gradients. Each forward op has its exact adjoint here: Conv ↔ ConvTranspose with
// the same weight and attributes, x·s ↔ (g·s, Σ g·x), demodulation rsqrt(s²·E + ε) ↔ −½ d³ ·(2s ⊙ dq·E).
import { numWs } from '../stylegan2/config.js';
import type { StyleGan2Config } from '../stylegan2/config.js';
import { GraphBuilder } from './graph.js';
import { addSynthesis, hiddenRecords } from './stylegan2Graph.js';
import type { GeneratorWeights, ModConvRecord } from './stylegan2Graph.js';

/** mse: the graph takes `target` and differentiates Σ_n mean((image_n − target_n)²); external: it takes `dImage`. */
export type VjpLoss = 'mse' | 'external';

/** [out, in, k, k] → [in, out, k, k] with both spatial axes reversed: the weight of a Conv's adjoint as a Conv. */
function flippedTransposed(weight: { shape: number[]; data: Float32Array }): Float32Array {
  const [outC, inC, k] = weight.shape;
  const out = new Float32Array(weight.data.length);
  for (let o = 0; o < outC; o++) for (let i = 0; i < inC; i++) for (let y = 0; y < k; y++) for (let x = 0; x < k; x++) {
    out[((i * outC + o) * k + (k - 1 - y)) * k + (k - 1 - x)] = weight.data[((o * inC + i) * k + y) * k + x];
  }
  return out;
}

/** Gradient of a layer's output `gOut` back to its input x; adds its ws and noise contributions to the maps. */
function modConvBackward(g: GraphBuilder, rec: ModConvRecord, clamp: number | null, gOut: string, dW: Map<number, string[]>, dNoise: Map<number, string>): string {
  let gu = gOut;
  if (clamp !== null) {
    // Clip passes the gradient where the pre-clamp value lies within [−clamp, clamp] (as tfjs' clipByValue).
    const inside = g.op('LessOrEqual', [g.op('Abs', [rec.preClamp]), g.scalar(clamp)]);
    gu = g.op('Where', [inside, gu, g.scalar(0)]);
  }
  if (rec.kind === 'conv') {
    // leaky ReLU (slope 0.2) × √2
    const slope = g.op('Where', [g.op('Greater', [rec.preAct, g.scalar(0)]), g.scalar(Math.SQRT2), g.scalar(0.2 * Math.SQRT2)]);
    gu = g.mul(gu, slope);
  }
  // bias: nothing to propagate to (weights are constants here).
  let gConv = gu;
  let dStyles: string | null = null;
  if (rec.kind === 'conv') {
    if (rec.noiseIndex >= 0 && rec.strength !== 0) dNoise.set(rec.noiseIndex, g.scale(g.sum(gu, [1]), rec.strength));
    const demod4 = rec.demod4!;
    gConv = g.mul(gu, demod4);
    // y = c·d: ∂d = Σ_hw g·c; d = (q + ε)^−½ → ∂q = −½ d³ ∂d; q = s² E^T → ∂s = 2 s ⊙ (∂q E).
    const gDemod = g.sum(g.mul(gu, rec.conv), [2, 3]);
    const d3 = g.mul(demod4, g.mul(demod4, demod4));
    const gq = g.op('Squeeze', [g.scale(g.mul(gDemod, d3), -0.5), g.ints([2, 3])]);
    const gqE = g.op('Gemm', [gq, rec.energyT!], { transB: 1 });
    dStyles = g.scale(g.mul(rec.styles, gqE), 2);
  }
  // The adjoint of a stride-1 Conv (pads p) is a ConvTranspose with the same weight; it is written as the
  // equivalent Conv with the kernel flipped, in/out swapped and pads k−1−p, because onnxruntime's Conv is ~2× faster.
  let gxs: string;
  if (rec.up === 2) {
    // forward: ConvTranspose(stride 2) → Conv(FIR 4×4, pads 1, depthwise); the FIR is symmetric, so its adjoint is
    // the same filter with pads 2; the ConvTranspose's adjoint is a stride-2 Conv with its weight.
    const gt = g.op('Conv', [gConv, rec.firWeight!], { group: rec.outC, pads: [2, 2, 2, 2] });
    gxs = g.op('Conv', [gt, rec.convWeight], { strides: [2, 2] });
  } else {
    const k = rec.weight.shape[2];
    const p = k - 1 - Math.floor(k / 2);
    gxs = g.op('Conv', [gConv, g.weight('convAdj_w', flippedTransposed(rec.weight), [rec.inC, rec.outC, k, k])], { pads: [p, p, p, p] });
  }
  // xs = x · s: ∂s = Σ_hw ∂xs · x, ∂x = ∂xs · s
  const gStylesMod = g.op('Squeeze', [g.sum(g.mul(gxs, rec.x), [2, 3]), g.ints([2, 3])]);
  const gStyles = dStyles ? g.add(gStylesMod, dStyles) : gStylesMod;
  // styles = w · affineT + b → ∂w = ∂styles · affineT^T
  const gw = g.op('Gemm', [gStyles, rec.affineT], { transB: 1 });
  const list = dW.get(rec.wIndex) ?? [];
  list.push(gw);
  dW.set(rec.wIndex, list);
  return g.mul(gxs, rec.styles4);
}

/**
 * Synthesis forward + backward: inputs ws [N, numWs, wDim], noise<i> [N, 1, r, r] and target (or dImage)
 * [N, C, res, res]; outputs image, loss [N] (mse), dWs [N, numWs, wDim], dNoise<i> [N, 1, r, r]. With `hidden`,
 * the graph also takes dHidden<i>, an upstream gradient on the i-th synthesis layer's output (a loss on G's hidden
 * layers, as the encoder's content loss), added where the backward pass reaches that layer.
 */
export function buildSynthesisVjpGraph(weights: GeneratorWeights, config: StyleGan2Config, loss: VjpLoss, hidden = false): Uint8Array {
  const g = new GraphBuilder('stylegan2_synthesis_vjp');
  const count = numWs(config);
  const { imgChannels: c, resolution: res, wDim } = config;
  const ws = g.input('ws', ['N', count, wDim]);
  const forward = addSynthesis(g, weights, config, ws, 'inputs');
  let gImage: string;
  if (loss === 'mse') {
    const target = g.input('target', ['N', c, res, res]);
    const diff = g.sub(forward.image, target);
    g.output(g.op('ReduceMean', [g.mul(diff, diff)], { axes: [1, 2, 3], keepdims: 0 }), 'loss', ['N']);
    gImage = g.scale(diff, 2 / (c * res * res));
  } else {
    gImage = g.input('dImage', ['N', c, res, res]);
  }
  g.output(forward.image, 'image', ['N', c, res, res]);

  const dHidden = new Map<ModConvRecord, string>();
  if (hidden) hiddenRecords(forward.records).forEach((r, i) => dHidden.set(r, g.input(`dHidden${i}`, ['N', r.outC, r.res, r.res])));
  const dW = new Map<number, string[]>();
  const dNoise = new Map<number, string>();
  // Walk the layers backwards. The skip image: img_r = up(img_{r/2}) + rgb_r, so every toRGB receives the image
  // gradient at its level, and the level below receives it through the adjoint of the upsampling.
  let gImg = gImage;
  let gX: string | null = null;
  const records = [...forward.records].reverse();
  for (const rec of records) {
    if (rec.kind === 'torgb') {
      if (rec.res !== res) gImg = g.op('Conv', [gImg, forward.imageFilter!], { strides: [2, 2], pads: [1, 1, 1, 1], group: c });
      const gx = modConvBackward(g, rec, config.convClamp, gImg, dW, dNoise);
      gX = gX ? g.add(gX, gx) : gx;
    } else {
      if (!gX) throw new Error('synthesis backward: a convolution before any toRGB');
      // gX is now the whole gradient reaching this layer's output from above; an injected one joins it here.
      const injected = dHidden.get(rec);
      if (injected) gX = g.add(gX, injected);
      // The first layer's input is the learned constant: its gradient is computed but reaches no output, so
      // onnxruntime prunes it.
      gX = modConvBackward(g, rec, config.convClamp, gX, dW, dNoise);
    }
  }
  const perW: string[] = [];
  for (let i = 0; i < count; i++) {
    const parts = dW.get(i);
    if (!parts) throw new Error(`synthesis backward: no gradient reaches ws[${i}]`);
    const total = parts.reduce((a, b) => g.add(a, b));
    perW.push(g.op('Unsqueeze', [total, g.ints([1])]));
  }
  g.output(g.op('Concat', perW, { axis: 1 }), 'dWs', ['N', count, wDim]);
  forward.noiseInputs.forEach((input, i) => {
    // A layer with zero noise strength has a zero gradient; ws carries the batch size for the zeros.
    const grad = dNoise.get(i) ?? g.mul(input.name, g.scalar(0));
    g.output(grad, `dNoise${i}`, ['N', 1, input.res, input.res]);
  });
  return g.toBytes();
}
