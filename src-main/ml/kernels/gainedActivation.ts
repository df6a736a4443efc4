// Activation × gain, clamped (the part of NVlabs' bias_act after the bias) as one op whose gradient is dy times a
// constant slope tensor. tfjs builds the LeakyRelu and ClipByValue gradients from Greater/LessEqual/LogicalAnd/
// Select, which on the wasm backend cost ~10× an element-wise multiply each (~8 % of a training step). The slope
// is piecewise constant, so treating it as a constant is exact almost everywhere and second derivatives (R1) stay
// correct: the gradient's own gradient is the same multiplication.
import * as tf from '@tensorflow/tfjs';

export interface GainedActivation {
  /** Leaky-ReLU slope for negative inputs; 1 means linear. */
  alpha: number;
  gain: number;
  /** ±clamp bound on the output; null: none. */
  clamp: number | null;
}

/**
 * y = clamp(act(z)·gain) and its slope ∂y/∂z, in one pass. Conventions follow tfjs' own gradients: the leaky
 * ReLU slope is alpha at z = 0, and the clamp passes the gradient at the bound itself.
 */
export function activationWithSlope(z: Float32Array, op: GainedActivation): { y: Float32Array; slope: Float32Array } {
  const y = new Float32Array(z.length);
  const slope = new Float32Array(z.length);
  const high = op.clamp ?? Infinity;
  const low = -high;
  const { alpha, gain } = op;
  for (let i = 0; i < z.length; i++) {
    const positive = z[i] > 0;
    const v = (positive ? z[i] : alpha * z[i]) * gain;
    if (v > high) y[i] = high;
    else if (v < low) y[i] = low;
    else y[i] = v;
    slope[i] = v >= low && v <= high ? (positive ? gain : alpha * gain) : 0;
  }
  return { y, slope };
}

export function gainedActivation(z: tf.Tensor, op: GainedActivation): tf.Tensor {
  const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const input = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    const { y, slope } = activationWithSlope(input.dataSync() as Float32Array, op);
    save([tf.tensor(slope, input.shape)]);
    return {
      value: tf.tensor(y, input.shape),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, saved[0]),
    };
  });
  return f(z);
}
