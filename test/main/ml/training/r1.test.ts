// The R1 penalty and its parameter gradient (double backprop) against central finite differences, on a tiny smooth
// network and on a tiny StyleGAN2 discriminator.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setupTfjs } from '../../../../src-main/ml/backends.js';
import { createDiscriminator, discriminate } from '../../../../src-main/ml/stylegan2/networks.js';
import { r1Loss, r1Penalty } from '../../../../src-main/ml/training/losses.js';

before(async () => {
  await setupTfjs({ only: 'cpu' });
});

/** Central difference of f along one element of v. */
function finiteDifference(v: tf.Variable, index: number, h: number, f: () => number): number {
  const original = v.dataSync().slice();
  const shifted = (delta: number): number => {
    const data = original.slice();
    data[index] += delta;
    v.assign(tf.tensor(data, v.shape));
    return f();
  };
  const plus = shifted(h);
  const minus = shifted(-h);
  v.assign(tf.tensor(original, v.shape));
  return (plus - minus) / (2 * h);
}

test('R1 penalty equals the hand gradient norm for a linear critic D(x) = Σ w·x', () => {
  const w = tf.tensor4d([1, -2, 3, 0.5], [1, 2, 2, 1]);
  const x = tf.randomNormal([3, 2, 2, 1]) as tf.Tensor4D;
  const penalty = r1Penalty((y) => tf.sum(tf.mul(y, w), [1, 2, 3]), x).dataSync();
  // ∇ₓ D = w for every image → ‖w‖² = 1 + 4 + 9 + 0.25.
  for (const p of penalty) assert.ok(Math.abs(p - 14.25) < 1e-4, `penalty ${p}`);
  assert.ok(Math.abs(r1Loss(tf.tensor1d([2, 4]), 0.5, 16).dataSync()[0] - 3 * 0.25 * 16) < 1e-5, 'mean · γ/2 · interval');
});

test('the parameter gradient of the R1 loss matches finite differences on a tiny smooth conv net', () => {
  const kernel = tf.variable(tf.randomNormal([3, 3, 1, 2], 0, 0.5, 'float32', 7), true, 'r1-fd-kernel');
  const v = tf.variable(tf.randomNormal([2], 0, 1, 'float32', 8), true, 'r1-fd-v');
  const x = tf.randomNormal([2, 5, 5, 1], 0, 1, 'float32', 9) as tf.Tensor4D;
  // A cubic, not tanh: tfjs' Tanh gradient reads its saved output, and its second-order gradient comes out wrong
  // (checked by finite differences); StyleGAN2 uses no tanh, so the smooth stand-in is a polynomial.
  const smooth = (t: tf.Tensor): tf.Tensor => tf.add(t, tf.mul(tf.pow(t, 3), 0.1));
  const critic = (y: tf.Tensor4D): tf.Tensor => tf.sum(tf.mul(smooth(tf.conv2d(y, kernel as tf.Tensor4D, 1, 'same')), v), [1, 2, 3]);
  const loss = (): tf.Scalar => r1Loss(r1Penalty(critic, x), 1, 1);
  const { grads } = tf.variableGrads(loss, [kernel, v]);
  const analytic = grads[kernel.name].dataSync();
  const value = (): number => tf.tidy(() => loss().dataSync()[0]);
  for (const index of [0, 5, 11, 17]) {
    const numeric = finiteDifference(kernel, index, 3e-3, value);
    assert.ok(Math.abs(numeric - analytic[index]) <= 0.01 * Math.abs(analytic[index]) + 1e-3, `kernel[${index}]: analytic ${analytic[index]}, numeric ${numeric}`);
  }
  const analyticV = grads[v.name].dataSync();
  for (const index of [0, 1]) {
    const numeric = finiteDifference(v, index, 3e-3, value);
    assert.ok(Math.abs(numeric - analyticV[index]) <= 0.01 * Math.abs(analyticV[index]) + 1e-3, `v[${index}]: analytic ${analyticV[index]}, numeric ${numeric}`);
  }
});

test('the R1 gradient flows through a tiny StyleGAN2 discriminator and matches finite differences', () => {
  const D = createDiscriminator({ resolution: 8, imgChannels: 1, channelBase: 32, channelMax: 4, mbstdGroupSize: 2, zDim: 4, wDim: 4 }, 3);
  const x = tf.randomNormal([2, 8, 8, 1], 0, 1, 'float32', 4) as tf.Tensor4D;
  const loss = (): tf.Scalar => r1Loss(r1Penalty((y) => discriminate(D, y), x), 1, 1);
  const target = D.params.get('b4.fc.weight')!;
  const conv = D.params.get('b8.conv0.weight')!;
  const { value, grads } = tf.variableGrads(loss, [target, conv]);
  assert.ok(value.dataSync()[0] > 0, 'a random D has a non-zero input gradient');
  const evaluate = (): number => tf.tidy(() => loss().dataSync()[0]);
  // The penalty jumps where a leaky-ReLU input crosses zero, so a step can land across a kink; a wrong analytic
  // gradient disagrees at every step size, a kink only at one, hence "agrees at one of two step sizes".
  for (const [v, indices] of [[target, [0, 7, 30]], [conv, [0, 4, 13]]] as const) {
    const analytic = grads[v.name].dataSync();
    for (const index of indices) {
      const numerics = [1e-3, 1e-4].map((h) => finiteDifference(v, index, h, evaluate));
      const ok = numerics.some((n) => Math.abs(n - analytic[index]) <= 0.05 * Math.abs(analytic[index]) + 5e-6);
      assert.ok(ok, `${v.name}[${index}]: analytic ${analytic[index]}, numeric ${numerics.join(', ')}`);
    }
  }
});
