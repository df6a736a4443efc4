// The fused activation·gain·clamp op equals tfjs' leakyRelu/mul/clipByValue in value, gradient and second
// derivative (as R1 differentiates it twice), including at the kinks and the clamp bound.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setupTfjs } from '../../../../src-main/ml/backends.js';
import { gainedActivation } from '../../../../src-main/ml/kernels/gainedActivation.js';
import type { GainedActivation } from '../../../../src-main/ml/kernels/gainedActivation.js';

before(async () => {
  await setupTfjs({ only: 'wasm' });
});

function reference(z: tf.Tensor, op: GainedActivation): tf.Tensor {
  let y = op.alpha === 1 ? z : tf.leakyRelu(z, op.alpha);
  y = tf.mul(y, op.gain);
  return op.clamp === null ? y : tf.clipByValue(y, -op.clamp, op.clamp);
}

const ops: GainedActivation[] = [
  { alpha: 0.2, gain: Math.SQRT2, clamp: 256 },
  { alpha: 0.2, gain: Math.SQRT2, clamp: null },
  { alpha: 1, gain: 0.5, clamp: 1 },
];
// Negative, zero (the kink), positive, beyond the clamp, and exactly at it (gain √2: 256/√2 reaches 256).
const values = [-300, -2, -0.1, 0, 0.3, 1.5, 256 / Math.SQRT2, 200, 400];

for (const op of ops) {
  test(`alpha ${op.alpha}, gain ${op.gain.toFixed(3)}, clamp ${op.clamp}: value, gradient and second derivative equal tfjs' ops`, () => {
    tf.tidy(() => {
      const z = tf.tensor1d(values);
      const w = tf.tensor1d(values.map((_, i) => 0.5 + i / 10));
      const close = (a: tf.Tensor, b: tf.Tensor, what: string) => {
        const [x, y] = [a.dataSync(), b.dataSync()];
        x.forEach((v, i) => assert.ok(Math.abs(v - y[i]) < 1e-4, `${what} ${i}: ${v} vs ${y[i]}`));
      };
      close(gainedActivation(z, op), reference(z, op), 'value');
      const grad = (f: (t: tf.Tensor, op: GainedActivation) => tf.Tensor) => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t, op), w)))(z);
      close(grad(gainedActivation), grad(reference), 'gradient');
      // ∂/∂s Σ(∂/∂z Σ f(s·z))²: the R1 pattern, a parameter differentiated through a gradient.
      const second = (f: (t: tf.Tensor, op: GainedActivation) => tf.Tensor) =>
        tf.grad((s: tf.Tensor) => tf.sum(tf.square(tf.grad((t: tf.Tensor) => tf.sum(f(tf.mul(t, s), op)))(z))))(tf.scalar(1.3));
      close(second(gainedActivation), second(reference), 'second derivative');
    });
  });
}
