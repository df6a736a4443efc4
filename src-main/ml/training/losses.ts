// StyleGAN2-ADA losses (NVlabs StyleGAN2Loss): non-saturating logistic G loss, logistic D loss, and the R1
// penalty on real images computed by double backprop (through the augmentation, as NVlabs does).
import * as tf from '@tensorflow/tfjs';

/** G: E[softplus(−D(G(z)))]. */
export function generatorLoss(fakeLogits: tf.Tensor): tf.Scalar {
  return tf.mean(tf.softplus(tf.neg(fakeLogits)));
}

/** D main: E[softplus(D(G(z)))] + E[softplus(−D(x))]. */
export function discriminatorLoss(fakeLogits: tf.Tensor, realLogits: tf.Tensor): tf.Scalar {
  return tf.add(tf.mean(tf.softplus(fakeLogits)), tf.mean(tf.softplus(tf.neg(realLogits))));
}

/**
 * Per-image R1 penalty ‖∇ₓ D(x)‖² for `logitsOf` (real images → logits). Taking the gradient of sum(D(x)) gives
 * each image's own gradient because images do not interact in D except through minibatch-stddev, as in NVlabs.
 */
export function r1Penalty(logitsOf: (x: tf.Tensor4D) => tf.Tensor, real: tf.Tensor4D): tf.Tensor1D {
  const gradient = tf.grad((x: tf.Tensor) => tf.sum(logitsOf(x as tf.Tensor4D)))(real);
  return tf.sum(tf.square(gradient), [1, 2, 3]);
}

/** The D regularisation loss of one lazy step: mean penalty · γ/2 · interval (the interval restores the scale). */
export function r1Loss(penalty: tf.Tensor1D, gamma: number, interval: number): tf.Scalar {
  return tf.mul(tf.mean(penalty), (gamma / 2) * interval);
}

/** Default R1 weight, NVlabs' "auto" heuristic: 0.0002 · res² / batch. */
export function defaultGamma(resolution: number, batch: number): number {
  return (0.0002 * resolution * resolution) / batch;
}
