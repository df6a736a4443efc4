// The StyleGAN2 building blocks (NVlabs stylegan2-ada-pytorch semantics) as TensorFlow.js ops on NHWC tensors.
// Everything is composed of ops whose gradients are themselves differentiable (slice, pad, reshape, transpose,
// mul, add, conv2d, conv2dTranspose, leakyRelu, clipByValue), so R1 (second-order) gradients flow through G and D
// on every backend; there is no avgPool or resize anywhere. Resampling uses NVlabs' [1,3,3,1] FIR filter as a
// single-channel conv2d with the channels folded into the batch.
import * as tf from '@tensorflow/tfjs';
import { resampleTaps } from './config.js';

export type Activation = 'linear' | 'lrelu';

/** Gain NVlabs applies after each activation so that signal magnitude is preserved (√2 for leaky ReLU). */
export const activationGain: Record<Activation, number> = { linear: 1, lrelu: Math.SQRT2 };

/** x · rsqrt(mean(x², axis 1) + 1e-8), per row of a [N, D] matrix. */
export function normalize2ndMoment(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), 1, true), 1e-8))));
}

/**
 * bias → activation (leaky ReLU slope 0.2) → × gain → clamp to ±clamp. `bias` broadcasts over the last (channel)
 * axis. Same order as NVlabs' bias_act.
 */
export function biasAct(x: tf.Tensor, bias: tf.Tensor | null, opts: { act?: Activation; gain?: number; clamp?: number | null } = {}): tf.Tensor {
  const act = opts.act ?? 'linear';
  const gain = opts.gain ?? activationGain[act];
  return tf.tidy(() => {
    let y = bias ? tf.add(x, bias) : x;
    if (act === 'lrelu') y = tf.leakyRelu(y, 0.2);
    if (gain !== 1) y = tf.mul(y, gain);
    if (opts.clamp !== null && opts.clamp !== undefined) y = tf.clipByValue(y, -opts.clamp, opts.clamp);
    return y;
  });
}

/**
 * Equalised-learning-rate fully connected layer: weight [out, in] is scaled by lrMul/√in at run time, the bias by
 * lrMul, so stored values stay at unit scale whatever the layer size.
 */
export function fullyConnected(x: tf.Tensor2D, weight: tf.Tensor, bias: tf.Tensor | null, opts: { act?: Activation; lrMul?: number } = {}): tf.Tensor2D {
  const lrMul = opts.lrMul ?? 1;
  const inFeatures = weight.shape[1] ?? 1;
  return tf.tidy(() => {
    const w = tf.mul(weight, lrMul / Math.sqrt(inFeatures)) as tf.Tensor2D;
    const y = tf.matMul(x, w, false, true);
    const b = bias && lrMul !== 1 ? tf.mul(bias, lrMul) : bias;
    return biasAct(y, b, { act: opts.act ?? 'linear' }) as tf.Tensor2D;
  });
}

/** NVlabs [out, in, kh, kw] weight → TensorFlow conv2d filter [kh, kw, in, out]. */
export function toHwio(weight: tf.Tensor): tf.Tensor4D {
  return tf.transpose(weight, [2, 3, 1, 0]) as tf.Tensor4D;
}

/** The normalised 1-D taps whose outer product is NVlabs' 2-D resample filter. */
function normalisedTaps(): number[] {
  const sum = resampleTaps.reduce((a, b) => a + b, 0);
  return resampleTaps.map((t) => t / sum);
}

/** Inserts up−1 zeros after every pixel along H and W: [N,H,W,C] → [N,H·up,W·up,C]. */
function zeroInsert(x: tf.Tensor4D, up: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const spread = tf.pad(tf.reshape(x, [n, h, 1, w, 1, c]), [[0, 0], [0, 0], [0, up - 1], [0, 0], [0, up - 1], [0, 0]]);
  return tf.reshape(spread, [n, h * up, w * up, c]);
}

/** Zero-pads (positive) or crops (negative) the spatial sides [x0, x1, y0, y1] (NVlabs order). */
function padCrop(x: tf.Tensor4D, [x0, x1, y0, y1]: [number, number, number, number]): tf.Tensor4D {
  const [, h, w] = x.shape;
  let y = x;
  if (x0 < 0 || x1 < 0 || y0 < 0 || y1 < 0) {
    const top = Math.max(-y0, 0);
    const left = Math.max(-x0, 0);
    y = tf.slice(y, [0, top, left, 0], [-1, h - top - Math.max(-y1, 0), w - left - Math.max(-x1, 0), -1]);
  }
  if (x0 > 0 || x1 > 0 || y0 > 0 || y1 > 0) {
    y = tf.pad(y, [[0, 0], [Math.max(y0, 0), Math.max(y1, 0)], [Math.max(x0, 0), Math.max(x1, 0)], [0, 0]]);
  }
  return y;
}

/**
 * The 2-D FIR filter [kh, kw, 1, 1] for tf.conv2d (a correlation): NVlabs convolves, so the taps are flipped
 * (a no-op for the symmetric [1,3,3,1], kept for correctness), and scaled by the gain.
 */
function firFilter(gain: number): tf.Tensor4D {
  const taps = normalisedTaps().reverse();
  const k = taps.length;
  const values = new Float32Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) values[i * k + j] = taps[i] * taps[j] * gain;
  return tf.tensor4d(values, [k, k, 1, 1]);
}

/**
 * Applies the FIR filter to every channel separately ('valid', with stride = the downsampling factor): channels are
 * folded into the batch so that one single-channel conv2d does it. One op keeps few tensors alive on the gradient
 * tape (a sum of shifted slices kept ~20 full-size intermediates and exhausted wasm memory at 64 px), and conv2d
 * gradients are differentiable again (R1).
 */
function firPerChannel(x: tf.Tensor4D, gain: number, stride: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const folded = c === 1 ? x : (tf.reshape(tf.transpose(x, [0, 3, 1, 2]), [n * c, h, w, 1]) as tf.Tensor4D);
  const y = tf.conv2d(folded, firFilter(gain), stride, 'valid');
  const [, ho, wo] = y.shape;
  return c === 1 ? y : (tf.transpose(tf.reshape(y, [n, c, ho, wo]), [0, 2, 3, 1]) as tf.Tensor4D);
}

/**
 * NVlabs upfirdn2d with the [1,3,3,1] filter: zero-insert by `up`, pad/crop by `padding` [x0,x1,y0,y1], convolve
 * with the filter × gain, keep every `down`-th pixel.
 */
export function upfirdn2d(x: tf.Tensor4D, opts: { up?: number; down?: number; padding?: [number, number, number, number]; gain?: number }): tf.Tensor4D {
  const up = opts.up ?? 1;
  const down = opts.down ?? 1;
  return tf.tidy(() => {
    let y = up > 1 ? zeroInsert(x, up) : x;
    y = padCrop(y, opts.padding ?? [0, 0, 0, 0]);
    // A stride-`down` valid correlation keeps exactly the pixels NVlabs' x[:, :, ::down, ::down] keeps.
    return firPerChannel(y, opts.gain ?? 1, down);
  });
}

/** ×2 upsampling with the FIR filter (NVlabs upsample2d). */
export function upsample2d(x: tf.Tensor4D): tf.Tensor4D {
  return upfirdn2d(x, { up: 2, padding: [2, 1, 2, 1], gain: 4 });
}

/** ÷2 downsampling with the FIR filter (NVlabs downsample2d). */
export function downsample2d(x: tf.Tensor4D): tf.Tensor4D {
  return upfirdn2d(x, { down: 2, padding: [1, 1, 1, 1] });
}

export interface ModulatedConvOptions {
  demodulate: boolean;
  /** 2: transposed stride-2 convolution followed by the FIR filter (synthesis conv0). */
  up: 1 | 2;
  /** Added after demodulation: [H, W] (const noise, broadcast) or [N, H, W, 1]. */
  noise?: tf.Tensor | null;
}

/**
 * Modulated convolution, NVlabs' non-fused form (identical in value to the fused grouped convolution): scale the
 * input channels by the styles, convolve with the shared weight, scale output channels by the demodulation
 * coefficients rsqrt(Σ_{i,k}(w·s)² + 1e-8), add noise. x [N,H,W,I], weight [O,I,k,k], styles [N,I].
 */
export function modulatedConv2d(x: tf.Tensor4D, weight: tf.Tensor, styles: tf.Tensor2D, opts: ModulatedConvOptions): tf.Tensor4D {
  const [n, h, w, inC] = x.shape;
  const [outC, , k] = weight.shape as [number, number, number, number];
  return tf.tidy(() => {
    let y = tf.mul(x, tf.reshape(styles, [n, 1, 1, inC])) as tf.Tensor4D;
    if (opts.up === 2) {
      // conv_transpose2d with the weight's in/out roles swapped, no padding: [N, 2H+k−2, 2W+k−2, O].
      const filter = tf.transpose(weight, [2, 3, 0, 1]) as tf.Tensor4D; // [kh, kw, out, in]
      y = tf.conv2dTranspose(y, filter, [n, 2 * h + k - 2, 2 * w + k - 2, outC], 2, 'valid');
      // NVlabs: padding k//2 + filter offsets (3, 2) minus the transposed conv's own reach (k−1, k−2) → 1 all round.
      const p0 = Math.floor(k / 2) + 2 - (k - 1);
      const p1 = Math.floor(k / 2) + 1 - (k - 2);
      y = upfirdn2d(y, { padding: [p0, p1, p0, p1], gain: 4 });
    } else {
      y = k === 1 ? tf.conv2d(y, toHwio(weight), 1, 'valid') : tf.conv2d(y, toHwio(weight), 1, Math.floor(k / 2));
    }
    if (opts.demodulate) {
      const weightEnergy = tf.sum(tf.square(weight), [2, 3]); // [O, I]
      const dcoefs = tf.rsqrt(tf.add(tf.matMul(tf.square(styles), weightEnergy, false, true), 1e-8)); // [N, O]
      y = tf.mul(y, tf.reshape(dcoefs, [n, 1, 1, outC])) as tf.Tensor4D;
    }
    if (opts.noise) {
      const noise = opts.noise.rank === 2 ? tf.expandDims(tf.expandDims(opts.noise, 0), 3) : opts.noise;
      y = tf.add(y, noise) as tf.Tensor4D;
    }
    return y;
  });
}

/**
 * Plain equalised-lr convolution (discriminator): weight × 1/√(in·k²), optional ÷2 downsampling through the FIR
 * filter exactly as NVlabs conv2d_resample does it, then bias_act with gain and clamp scaled by `gain`.
 */
export function conv2dLayer(
  x: tf.Tensor4D,
  weight: tf.Tensor,
  bias: tf.Tensor | null,
  opts: { act: Activation; down?: 1 | 2; gain?: number; convClamp?: number | null },
): tf.Tensor4D {
  const [, inC, k] = weight.shape as [number, number, number, number];
  const gain = opts.gain ?? 1;
  return tf.tidy(() => {
    const filter = toHwio(tf.mul(weight, 1 / Math.sqrt(inC * k * k)));
    let y: tf.Tensor4D;
    if ((opts.down ?? 1) === 2) {
      if (k === 1) {
        y = tf.conv2d(downsample2d(x), filter, 1, 'valid');
      } else {
        // FIR with padding k//2 + (1, 1) on each side, then a stride-2 valid convolution.
        const p = Math.floor(k / 2) + 1;
        y = tf.conv2d(upfirdn2d(x, { padding: [p, p, p, p] }), filter, 2, 'valid');
      }
    } else {
      y = tf.conv2d(x, filter, 1, k === 1 ? 'valid' : Math.floor(k / 2));
    }
    const clamp = opts.convClamp === null || opts.convClamp === undefined ? null : opts.convClamp * gain;
    return biasAct(y, bias, { act: opts.act, gain: activationGain[opts.act] * gain, clamp }) as tf.Tensor4D;
  });
}

/**
 * Minibatch standard deviation (NVlabs MinibatchStdLayer, NHWC): the batch is split as NVlabs' reshape does
 * (sample i belongs to group i mod N/G), the stddev over each group is averaged over pixels and channels within
 * each of `numChannels` channel groups, and appended as that many constant feature maps.
 */
export function minibatchStd(x: tf.Tensor4D, groupSize: number, numChannels: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const g = Math.min(groupSize, n);
  if (n % g !== 0) throw new Error(`minibatch stddev: batch ${n} is not a multiple of the group size ${g}`);
  const f = numChannels;
  return tf.tidy(() => {
    let y: tf.Tensor = tf.reshape(x, [g, n / g, h, w, f, c / f]);
    y = tf.sub(y, tf.mean(y, 0));
    y = tf.mean(tf.square(y), 0);
    y = tf.sqrt(tf.add(y, 1e-8));
    y = tf.mean(y, [1, 2, 4]); // [n/G, F]
    y = tf.tile(tf.reshape(y, [n / g, 1, 1, f]), [g, h, w, 1]);
    return tf.concat([x, y as tf.Tensor4D], 3);
  });
}
