// The encoder's loss terms (issue 14, after Saboo et al. 2021 / Cyclic Reverse Generator): each a mean over its
// elements (the paper's normalisation by N_i), images compared on [0, 1] with SSIM of data range 1 (the
// projector's differentiable SSIM, one implementation). Terms whose weight is 0 are not computed.
import * as tf from '@tensorflow/tfjs';
import type { EncoderLossWeights } from '../../../src-shared/api/encoderSettings.js';
import { ssimPerImage } from '../projection/distance.js';

const unit = (x: tf.Tensor4D): tf.Tensor4D => tf.mul(tf.add(x, 1), 0.5);

/** mean |a − b| over every element. */
export function meanAbs(a: tf.Tensor, b: tf.Tensor): tf.Scalar {
  return tf.mean(tf.abs(tf.sub(a, b)));
}

/** imageL2·mean((x − y)²) + ssim·(1 − mean SSIM(x, y)), x and y NHWC on the model's [−1, 1], compared on [0, 1]. */
export function imageLoss(x: tf.Tensor4D, y: tf.Tensor4D, w: Pick<EncoderLossWeights, 'imageL2' | 'ssim'>): tf.Scalar {
  return tf.tidy(() => {
    const [a, b] = [unit(x), unit(y)];
    let loss = tf.scalar(0);
    if (w.imageL2 > 0) loss = tf.add(loss, tf.mul(tf.mean(tf.squaredDifference(a, b)), w.imageL2));
    if (w.ssim > 0) loss = tf.add(loss, tf.mul(tf.sub(1, tf.mean(ssimPerImage(a, b))), w.ssim));
    return loss;
  });
}

/** Σ_i mean|a_i − b_i|: the content loss over a list of hidden feature maps. */
export function contentLoss(a: tf.Tensor[], b: tf.Tensor[]): tf.Scalar {
  if (a.length !== b.length) throw new Error(`content loss: ${a.length} feature maps against ${b.length}`);
  return tf.tidy(() => tf.addN(a.map((t, i) => meanAbs(t, b[i]))));
}

/**
 * ∂/∂h of content·Σ_i mean|h_i − target_i| for arrays outside tfjs (G's hidden layers come from onnxruntime):
 * content·sign(h − target)/size per layer, and the loss value.
 */
export function contentGradient(h: Float32Array[], target: Float32Array[], content: number): { loss: number; grads: Float32Array[] } {
  let loss = 0;
  const grads = h.map((layer, i) => {
    const t = target[i];
    if (t.length !== layer.length) throw new Error(`content loss: layer ${i} has ${layer.length} values against ${t.length}`);
    const g = new Float32Array(layer.length);
    const scale = content / layer.length;
    let sum = 0;
    for (let k = 0; k < layer.length; k++) {
      const d = layer[k] - t[k];
      sum += Math.abs(d);
      g[k] = d > 0 ? scale : d < 0 ? -scale : 0;
    }
    loss += (content * sum) / layer.length;
    return g;
  });
  return { loss, grads };
}
