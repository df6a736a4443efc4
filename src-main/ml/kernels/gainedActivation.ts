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
 * ∂y/∂z for y = clamp(act(z)·gain), from z. Conventions follow tfjs' own gradients: the leaky-ReLU slope is
 * alpha at z = 0, and the clamp passes the gradient at the bound itself.
 */
export function activationSlope(z: Float32Array, op: GainedActivation): Float32Array {
  const slope = new Float32Array(z.length);
  const high = op.clamp ?? Infinity;
  const low = -high;
  const { alpha, gain } = op;
  const negative = alpha * gain;
  for (let i = 0; i < z.length; i++) {
    const positive = z[i] > 0;
    const v = (positive ? z[i] : alpha * z[i]) * gain;
    slope[i] = v >= low && v <= high ? (positive ? gain : negative) : 0;
  }
  return slope;
}

/**
 * The forward runs on the backend's own kernels (they are fast; only their gradients are not); the slope is
 * computed from the saved input when the gradient is needed, so a forward-only pass pays nothing for it.
 */
export function gainedActivation(z: tf.Tensor, op: GainedActivation): tf.Tensor {
  if (op.alpha === 1 && op.gain === 1 && op.clamp === null) return z;
  const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const input = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    save([input]);
    let y = op.alpha === 1 ? input : tf.leakyRelu(input, op.alpha);
    if (op.gain !== 1) y = tf.mul(y, op.gain);
    if (op.clamp !== null) y = tf.clipByValue(y, -op.clamp, op.clamp);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, tf.tensor(activationSlope(saved[0].dataSync() as Float32Array, op), saved[0].shape)),
    };
  });
  return f(z);
}
