// Adam against hand-computed steps, NVlabs' lazy-regularisation correction, the ADA p controller and G EMA β.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setupTfjs } from '../../../../src-main/ml/backends.js';
import { AdaController } from '../../../../src-main/ml/training/ada.js';
import { Adam, lazyRegularisationAdam } from '../../../../src-main/ml/training/adam.js';
import { emaBeta } from '../../../../src-main/ml/training/ema.js';
import { defaultGamma } from '../../../../src-main/ml/training/losses.js';

before(async () => {
  await setupTfjs({ only: 'cpu' });
});

test('Adam with β=(0, 0.99), ε=1e-8 takes the PyTorch steps computed by hand', () => {
  const p = tf.variable(tf.tensor1d([1, -2]), true, 'adam-test-p');
  const adam = new Adam({ lr: 0.1, beta1: 0, beta2: 0.99, eps: 1e-8 }, new Map([['p', p]]));
  // Step 1, g = (0.5, 0): m = g, v = 0.01·g² = (0.0025, 0); v̂ = v/0.01 = g² → step = lr·g/|g| = 0.1 (0 stays 0).
  adam.apply(new Map([['p', tf.tensor1d([0.5, 0])]]));
  const after1 = p.dataSync();
  assert.ok(Math.abs(after1[0] - 0.9) < 1e-6, `p0 ${after1[0]}`);
  assert.equal(after1[1], -2);
  // Step 2, g = (−1, 0): v = 0.99·0.0025 + 0.01·1 = 0.012475; bias2 = 1 − 0.99² = 0.0199;
  // step = 0.1 · (−1) / (sqrt(0.012475)/sqrt(0.0199) + 1e-8) = −0.1/0.791764... → p0 = 0.9 + 0.126300...
  adam.apply(new Map([['p', tf.tensor1d([-1, 0])]]));
  const expected = 0.9 + 0.1 / (Math.sqrt(0.012475) / Math.sqrt(0.0199) + 1e-8);
  assert.ok(Math.abs(expected - 1.0263) < 1e-4, 'hand value 1.0263');
  assert.ok(Math.abs(p.dataSync()[0] - expected) < 1e-5, `p0 ${p.dataSync()[0]} vs ${expected}`);
  assert.equal(adam.step, 2);
  adam.dispose();
  p.dispose();
});

test('lazy regularisation scales lr and betas by mb_ratio = interval/(interval+1) as NVlabs does', () => {
  const o = lazyRegularisationAdam({ lr: 0.0023, beta1: 0, beta2: 0.99, eps: 1e-8 }, 16);
  assert.ok(Math.abs(o.lr - 0.0023 * (16 / 17)) < 1e-15);
  assert.ok(Math.abs(o.lr - 0.0021647) < 1e-7);
  assert.equal(o.beta1, 0);
  assert.ok(Math.abs(o.beta2 - 0.9905855) < 1e-6, `beta2 ${o.beta2}`);
  assert.deepEqual(lazyRegularisationAdam({ lr: 0.002, beta1: 0, beta2: 0.99, eps: 1e-8 }, null), { lr: 0.002, beta1: 0, beta2: 0.99, eps: 1e-8 });
});

test('ADA p moves by batch·interval/(kimg·1000) in the direction of sign(r_t − target) and stays in [0, 1]', () => {
  const ada = new AdaController({ target: 0.6, interval: 4, kimg: 100 });
  // r_t = 1 (D is sure every real is real) > 0.6 → p increases by 8·4/100000.
  ada.accumulate([1, 2, 3, 0.5]);
  assert.equal(ada.update(8), 1);
  assert.ok(Math.abs(ada.p - 0.00032) < 1e-12);
  // r_t = (1 − 1 − 1 − 1)/4 = −0.5 < 0.6 → decrease, clamped at 0.
  ada.accumulate([1, -1, -1, -1]);
  assert.equal(ada.update(8), -0.5);
  assert.equal(ada.p, 0);
  ada.accumulate([-1]);
  ada.update(8);
  assert.equal(ada.p, 0, 'never negative');
  assert.equal(ada.update(8), null, 'no update without observations');
  const high = new AdaController({ target: 0.6, interval: 4, kimg: 0.001 }, 0.999);
  high.accumulate([1]);
  high.update(8);
  assert.equal(high.p, 1, 'never above 1');
});

test('EMA β follows NVlabs: 0.5^(batch/ema_nimg) with the ramp-up capping ema_nimg at nimg·rampup', () => {
  assert.ok(Math.abs(emaBeta(32, 10, 1e9, 0.05) - 0.5 ** (32 / 10000)) < 1e-15);
  // Early in training: ema_nimg = 1000·0.05 = 50.
  assert.ok(Math.abs(emaBeta(32, 10, 1000, 0.05) - 0.5 ** (32 / 50)) < 1e-15);
  assert.ok(Math.abs(emaBeta(32, 10, 1000, null) - 0.5 ** (32 / 10000)) < 1e-15);
});

test('default R1 γ is 0.0002·res²/batch', () => {
  assert.ok(Math.abs(defaultGamma(64, 16) - 0.0512) < 1e-12);
  assert.ok(Math.abs(defaultGamma(256, 64) - 0.2048) < 1e-12);
});
