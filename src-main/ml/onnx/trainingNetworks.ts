// The StyleGAN2 generator, discriminator and ADA augmentation written on a Tape (NCHW), with every trainable
// parameter a graph input, so autodiff.ts can produce weight gradients for training. Same maths as the tfjs
// networks in ml/stylegan2 (NVlabs stylegan2-ada-pytorch semantics); only the layout (NCHW) differs.
import { blockResolutions, channelsAt, numWs, resampleTaps } from '../stylegan2/config.js';
import type { StyleGan2Config } from '../stylegan2/config.js';
import type { ParamSpec } from '../stylegan2/specs.js';
import type { Tape } from './tape.js';

/** Graph values of a network's trainable parameters, by NVlabs name. */
export type TapeParams = ReadonlyMap<string, string>;

/** One graph input per trainable parameter, named `<prefix>:<NVlabs name>`. */
export function paramInputs(t: Tape, specs: readonly ParamSpec[], prefix: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const spec of specs) if (spec.trainable) out.set(spec.name, t.input(`${prefix}:${spec.name}`, spec.shape));
  return out;
}

function p(params: TapeParams, name: string): string {
  const v = params.get(name);
  if (!v) throw new Error(`StyleGAN2 parameter "${name}" is missing from the training graph`);
  return v;
}

/** NVlabs' normalised [1,3,3,1] filter × gain as a depthwise weight [C, 1, 4, 4] (a constant). */
function fir(t: Tape, channels: number, gain: number): string {
  const sum = resampleTaps.reduce((a, b) => a + b, 0);
  const data = new Float32Array(channels * 16);
  for (let c = 0; c < channels; c++) for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) data[c * 16 + i * 4 + j] = ((resampleTaps[i] * resampleTaps[j]) / (sum * sum)) * gain;
  return t.constant('fir', data, [channels, 1, 4, 4]);
}

// Activation gains are folded into the parameters: leaky ReLU is positively homogeneous, so
// gain·lrelu(W·x + b) = lrelu((gain·W)·x + gain·b), and scaling the small weights and biases replaces a Mul over
// every activation (and its Mul in each backward pass).

/** Equalised-lr fully connected layer: x [N, in] @ (W·lrMul/√in)ᵀ + b·lrMul, optional lrelu·√2. */
function fullyConnected(t: Tape, x: string, weight: string, bias: string | null, lrMul: number, act: boolean): string {
  const inF = t.shape(weight)[1];
  const gain = act ? Math.SQRT2 : 1;
  let y = t.matmul(x, t.transpose(t.scale(weight, (gain * lrMul) / Math.sqrt(inF)), [1, 0]));
  if (bias) y = t.add(y, t.scale(bias, gain * lrMul));
  return act ? t.leakyRelu(y, 0.2) : y;
}

/** bias_act (+ bias per channel, lrelu, × gain, clamp) for an `x` that already carries `gain` (see above). */
function biasAct(t: Tape, x: string, bias: string | null, act: boolean, gain: number, clamp: number | null): string {
  const c = t.shape(x)[1];
  const y = bias ? t.add(x, t.reshape(t.scale(bias, gain), [1, c, 1, 1])) : x;
  if (act) return t.leakyRelu(y, 0.2, clamp);
  return clamp === null ? y : t.clip(y, -clamp, clamp);
}

/** z [N, zDim] → w [N, wDim] (normalise the second moment, then the lrelu layers). */
export function mappingOnTape(t: Tape, params: TapeParams, config: StyleGan2Config, z: string): string {
  let x = t.mul(z, t.reciprocal(t.sqrt(t.add(t.mean(t.mul(z, z), [1]), t.scalar(1e-8)))));
  for (let i = 0; i < config.mappingLayers; i++) x = fullyConnected(t, x, p(params, `mapping.fc${i}.weight`), p(params, `mapping.fc${i}.bias`), config.mappingLrMultiplier, true);
  return x;
}

/** Modulated convolution (non-fused, as layers.ts): modulate, conv (or transposed conv + FIR), demodulate; the
 * output × `gain` (folded into the demodulation coefficients). */
function modulatedConv(t: Tape, x: string, weight: string, styles: string, up: 1 | 2, demodulate: boolean, gain = 1): string {
  // The batch comes from the styles: the 4×4 constant enters as a single image.
  const [n, inC] = t.shape(styles);
  const [outC, , k] = t.shape(weight);
  const xs = t.mul(x, t.reshape(styles, [n, inC, 1, 1]));
  let y: string;
  if (up === 2) {
    // Transposed stride-2 convolution with in/out roles swapped, then the FIR filter (padding 1, gain 4).
    const convT = t.convTranspose(xs, t.transpose(weight, [1, 0, 2, 3]), { strides: [2, 2] });
    y = t.conv(convT, fir(t, outC, 4), { pads: [1, 1, 1, 1], group: outC });
  } else {
    const pad = Math.floor(k / 2);
    y = t.conv(xs, weight, { pads: [pad, pad, pad, pad] });
  }
  if (!demodulate) return t.scale(y, gain);
  const energy = t.sum(t.mul(weight, weight), [2, 3], false); // [O, I]
  const dcoefs = t.reciprocal(t.sqrt(t.add(t.matmul(t.mul(styles, styles), t.transpose(energy, [1, 0])), t.scalar(1e-8))));
  return t.mul(y, t.reshape(t.scale(dcoefs, gain), [n, outC, 1, 1]));
}

/**
 * Synthesis: `wAt(i)` gives the w [N, wDim] of style input i; `noise[j]` is synthesis layer j's noise [N, 1, r, r]
 * (before its strength). Returns the image [N, C, res, res].
 */
export function synthesisOnTape(t: Tape, params: TapeParams, config: StyleGan2Config, wAt: (i: number) => string, noise: readonly string[]): string {
  let x: string | null = null;
  let img: string | null = null;
  let wIndex = 0;
  let layer = 0;
  const clamp = config.convClamp;
  const conv = (prefix: string, input: string, w: string, up: 1 | 2): string => {
    const styles = fullyConnected(t, w, p(params, `${prefix}.affine.weight`), p(params, `${prefix}.affine.bias`), 1, false);
    let y = modulatedConv(t, input, p(params, `${prefix}.weight`), styles, up, true, Math.SQRT2);
    const nz = noise[layer++];
    if (!nz) throw new Error(`synthesis graph: no noise input for layer ${layer - 1}`);
    y = t.add(y, t.mul(nz, t.scale(p(params, `${prefix}.noise_strength`), Math.SQRT2)));
    return biasAct(t, y, p(params, `${prefix}.bias`), true, Math.SQRT2, clamp);
  };
  const toRgb = (prefix: string, input: string, w: string): string => {
    const inC = t.shape(input)[1];
    const styles = t.scale(fullyConnected(t, w, p(params, `${prefix}.affine.weight`), p(params, `${prefix}.affine.bias`), 1, false), 1 / Math.sqrt(inC));
    return biasAct(t, modulatedConv(t, input, p(params, `${prefix}.weight`), styles, 1, false), p(params, `${prefix}.bias`), false, 1, clamp);
  };
  for (const res of blockResolutions(config)) {
    const b = `synthesis.b${res}`;
    if (x === null) {
      x = t.reshape(p(params, `${b}.const`), [1, channelsAt(config, res), 4, 4]);
      x = conv(`${b}.conv1`, x, wAt(wIndex), 1);
      img = toRgb(`${b}.torgb`, x, wAt(wIndex + 1));
      wIndex += 1;
    } else {
      x = conv(`${b}.conv0`, x, wAt(wIndex), 2);
      x = conv(`${b}.conv1`, x, wAt(wIndex + 1), 1);
      const rgb = toRgb(`${b}.torgb`, x, wAt(wIndex + 2));
      // upsample2d: zero-insertion ×2, FIR with gain 4 and padding [2, 1]: a depthwise stride-2 transposed conv, cropped by 1.
      const up = t.convTranspose(img!, fir(t, config.imgChannels, 4), { strides: [2, 2], pads: [1, 1, 1, 1], group: config.imgChannels });
      img = t.add(up, rgb);
      wIndex += 2;
    }
  }
  if (!img) throw new Error('synthesis: no blocks');
  if (wIndex + 1 !== numWs(config)) throw new Error(`synthesis graph used ${wIndex + 1} ws, the model has ${numWs(config)}`);
  return img;
}

/** Equalised-lr convolution layer of D, with the optional ÷2 FIR downsampling of conv2d_resample. */
function dConv(t: Tape, params: TapeParams, prefix: string, x: string, opts: { act: boolean; down: 1 | 2; gain: number; clamp: number | null; bias: boolean }): string {
  const weight = p(params, `${prefix}.weight`);
  const [, inC, k] = t.shape(weight);
  const gain = (opts.act ? Math.SQRT2 : 1) * opts.gain;
  const w = t.scale(weight, gain / Math.sqrt(inC * k * k));
  const c = t.shape(x)[1];
  let y: string;
  if (opts.down === 2 && k === 1) {
    y = t.conv(t.conv(x, fir(t, c, 1), { strides: [2, 2], pads: [1, 1, 1, 1], group: c }), w);
  } else if (opts.down === 2) {
    const pad = Math.floor(k / 2) + 1;
    y = t.conv(t.conv(x, fir(t, c, 1), { pads: [pad, pad, pad, pad], group: c }), w, { strides: [2, 2] });
  } else {
    const pad = Math.floor(k / 2);
    y = t.conv(x, w, { pads: [pad, pad, pad, pad] });
  }
  return biasAct(t, y, opts.bias ? p(params, `${prefix}.bias`) : null, opts.act, gain, opts.clamp === null ? null : opts.clamp * opts.gain);
}

/** Minibatch stddev (NCHW), appended as `mbstdChannels` feature maps; concatenation as two zero-pads and a sum. */
function minibatchStd(t: Tape, x: string, groupSize: number, f: number): string {
  const [n, c, h, w] = t.shape(x);
  const g = Math.min(groupSize, n);
  if (n % g !== 0) throw new Error(`minibatch stddev: batch ${n} is not a multiple of the group size ${g}`);
  let y = t.reshape(x, [g, n / g, f, c / f, h, w]);
  y = t.sub(y, t.mean(y, [0]));
  y = t.mean(t.mul(y, y), [0], false);
  y = t.sqrt(t.add(y, t.scalar(1e-8)));
  y = t.mean(y, [2, 3, 4], false); // [n/g, f]
  y = t.reshape(t.expand(t.reshape(y, [1, n / g, f, 1, 1]), [g, n / g, f, h, w]), [n, f, h, w]);
  return t.add(t.pad(x, [0, 0, 0, 0, 0, f, 0, 0]), t.pad(y, [0, c, 0, 0, 0, 0, 0, 0]));
}

/** images [N, C, res, res] → logits [N, 1] (NVlabs resnet discriminator). */
export function discriminatorOnTape(t: Tape, params: TapeParams, config: StyleGan2Config, images: string): string {
  const clamp = config.convClamp;
  let x: string | null = null;
  for (let res = config.resolution; res > 4; res /= 2) {
    const b = `b${res}`;
    x ??= dConv(t, params, `${b}.fromrgb`, images, { act: true, down: 1, gain: 1, clamp, bias: true });
    const skip = dConv(t, params, `${b}.skip`, x, { act: false, down: 2, gain: Math.SQRT1_2, clamp: null, bias: false });
    x = dConv(t, params, `${b}.conv0`, x, { act: true, down: 1, gain: 1, clamp, bias: true });
    x = dConv(t, params, `${b}.conv1`, x, { act: true, down: 2, gain: Math.SQRT1_2, clamp, bias: true });
    x = t.add(skip, x);
  }
  if (x === null) throw new Error('discriminator: resolution 4 has no blocks; use 8 or more');
  if (config.mbstdChannels > 0) x = minibatchStd(t, x, config.mbstdGroupSize, config.mbstdChannels);
  x = dConv(t, params, 'b4.conv', x, { act: true, down: 1, gain: 1, clamp, bias: true });
  const n = t.shape(x)[0];
  const flat = t.reshape(x, [n, t.shape(x).slice(1).reduce((a, b2) => a * b2, 1)]);
  const hidden = fullyConnected(t, flat, p(params, 'b4.fc.weight'), p(params, 'b4.fc.bias'), 1, true);
  return fullyConnected(t, hidden, p(params, 'b4.out.weight'), p(params, 'b4.out.bias'), 1, false);
}

/** Graph inputs of one augmentation draw (ada.ts AugmentDraw, fed per step; no gradient flows into them). */
export interface AugmentInputs {
  /** [N, 1, 1, 1]: 1 where the image is transposed first. */
  transpose: string;
  /** [N·C, H, H] row matrices and [N·C, W, W] column matrices already transposed (out = A·x·Bᵀ). */
  rows: string;
  colsT: string;
  gain: string;
  offset: string;
}

export function augmentInputs(t: Tape, prefix: string, n: number, c: number, res: number): AugmentInputs {
  const ng = { grad: false };
  return {
    transpose: t.input(`${prefix}.transpose`, [n, 1, 1, 1], ng),
    rows: t.input(`${prefix}.rows`, [n * c, res, res], ng),
    colsT: t.input(`${prefix}.colsT`, [n * c, res, res], ng),
    gain: t.input(`${prefix}.gain`, [n, 1, 1, 1], ng),
    offset: t.input(`${prefix}.offset`, [n, 1, 1, 1], ng),
  };
}

/** ADA as ada.ts applies it, on NCHW images: optional transpose, A·x·Bᵀ per image and channel, gain and offset. */
export function augmentOnTape(t: Tape, images: string, a: AugmentInputs): string {
  const [n, c, h, w] = t.shape(images);
  // x·(1 − m) + xᵀ·m is exact for m ∈ {0, 1}.
  const keep = t.sub(t.scalar(1), a.transpose);
  const x = t.add(t.mul(images, keep), t.mul(t.transpose(images, [0, 1, 3, 2]), a.transpose));
  const planes = t.reshape(x, [n * c, h, w]);
  const resampled = t.matmul(t.matmul(a.rows, planes), a.colsT);
  return t.add(t.mul(t.reshape(resampled, [n, c, h, w]), a.gain), a.offset);
}
