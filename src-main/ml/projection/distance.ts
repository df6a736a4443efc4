// The projector's differentiable distance in tfjs: mse·MSE + ssim·(1 − SSIM) per image, both on images mapped from
// [−1, 1] to [0, 1] (SSIM with data range 1, Gaussian window σ 1.5 over 11 taps, valid region, Wang et al. 2004).
import * as tf from '@tensorflow/tfjs';
import type { DistanceWeights } from './step.js';

const ssimTaps = 11;
const ssimSigma = 1.5;

function gaussianWindow(): tf.Tensor4D {
  const half = (ssimTaps - 1) / 2;
  const g = Array.from({ length: ssimTaps }, (_, i) => Math.exp(-((i - half) ** 2) / (2 * ssimSigma * ssimSigma)));
  const sum = g.reduce((a, b) => a + b, 0);
  const w: number[] = [];
  for (const a of g) for (const b of g) w.push((a * b) / (sum * sum));
  return tf.tensor4d(w, [ssimTaps, ssimTaps, 1, 1]);
}

/** Per-image SSIM over channels and the valid region; x, y NHWC in [0, 1]. */
export function ssimPerImage(x: tf.Tensor4D, y: tf.Tensor4D): tf.Tensor1D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    // Channels become batch entries so one 1-channel window serves any channel count.
    const flat = (t: tf.Tensor4D): tf.Tensor4D => tf.reshape(tf.transpose(t, [0, 3, 1, 2]), [n * c, h, w, 1]);
    const a = flat(x);
    const b = flat(y);
    const win = gaussianWindow();
    const blur = (t: tf.Tensor4D): tf.Tensor4D => tf.conv2d(t, win, 1, 'valid');
    const ua = blur(a);
    const ub = blur(b);
    const vaa = tf.sub(blur(tf.mul(a, a)), tf.mul(ua, ua));
    const vbb = tf.sub(blur(tf.mul(b, b)), tf.mul(ub, ub));
    const vab = tf.sub(blur(tf.mul(a, b)), tf.mul(ua, ub));
    const c1 = 0.01 ** 2;
    const c2 = 0.03 ** 2;
    const num = tf.mul(tf.add(tf.mul(tf.mul(ua, ub), 2), c1), tf.add(tf.mul(vab, 2), c2));
    const den = tf.mul(tf.add(tf.add(tf.mul(ua, ua), tf.mul(ub, ub)), c1), tf.add(tf.add(vaa, vbb), c2));
    const map = tf.div(num, den);
    return tf.mean(tf.reshape(map, [n, -1]), 1) as tf.Tensor1D;
  });
}

/** Distance per image between generated images and targets, both NHWC in the model's [−1, 1]. */
export function projectionDistance(images: tf.Tensor4D, targets: tf.Tensor4D, weights: DistanceWeights): tf.Tensor1D {
  return tf.tidy(() => {
    const x = tf.mul(tf.add(images, 1), 0.5) as tf.Tensor4D;
    const y = tf.mul(tf.add(targets, 1), 0.5) as tf.Tensor4D;
    const n = x.shape[0];
    let d = tf.zeros([n]) as tf.Tensor1D;
    if (weights.mse > 0) d = tf.add(d, tf.mul(tf.mean(tf.reshape(tf.square(tf.sub(x, y)), [n, -1]), 1), weights.mse));
    if (weights.ssim > 0) d = tf.add(d, tf.mul(tf.sub(1, ssimPerImage(x, y)), weights.ssim));
    return d;
  });
}
