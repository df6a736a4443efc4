// The StyleGAN2 building blocks (NVlabs stylegan2-ada-pytorch semantics) as TensorFlow.js ops on NHWC tensors.
// Everything is composed of ops whose gradients are themselves differentiable (slice, pad, reshape, transpose,
// mul, add, conv2d, conv2dTranspose, and the activation and resampling ops of ../kernels), so R1 (second-order)
// gradients flow through G and D on every backend; there is no avgPool or resize anywhere. Resampling (NVlabs'
// [1,3,3,1] FIR filter) is one separable op whose gradient is its adjoint (kernels/separableResample.ts).
import * as tf from '@tensorflow/tfjs';
import { gainedActivation } from '../kernels/gainedActivation.js';
import { axisMap, separableResample } from '../kernels/separableResample.js';
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
  const clamp = opts.clamp ?? null;
  return tf.tidy(() => {
    const z = bias ? tf.add(x, bias) : x;
    if (act === 'linear' && gain === 1 && clamp === null) return z;
    return gainedActivation(z, { alpha: act === 'lrelu' ? 0.2 : 1, gain, clamp });
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

/**
 * NVlabs upfirdn2d with the [1,3,3,1] filter: zero-insert by `up`, pad/crop by `padding` [x0,x1,y0,y1], convolve
 * with the filter × gain, keep every `down`-th pixel. NVlabs convolves, so the taps are flipped for the
 * correlation (a no-op for the symmetric [1,3,3,1], kept for correctness); the gain goes on the row taps.
 */
export function upfirdn2d(x: tf.Tensor4D, opts: { up?: number; down?: number; padding?: [number, number, number, number]; gain?: number }): tf.Tensor4D {
  const up = opts.up ?? 1;
  const down = opts.down ?? 1;
  const [x0, x1, y0, y1] = opts.padding ?? [0, 0, 0, 0];
  const taps = normalisedTaps().reverse();
  const gain = opts.gain ?? 1;
  const rows = axisMap(x.shape[1], taps.map((t) => t * gain), up, down, y0, y1);
  const cols = axisMap(x.shape[2], taps, up, down, x0, x1);
  return separableResample(x, rows, cols);
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
