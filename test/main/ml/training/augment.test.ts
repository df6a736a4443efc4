// ADA augmentation: resampling matrices, identity at p = 0, exact flips, colour transforms, and that the RNG stream
// does not depend on p (so changing p never shifts later random draws).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setupTfjs } from '../../../../src-main/ml/backends.js';
import { Rng } from '../../../../src-main/ml/stylegan2/random.js';
import { applyAugment, augment, drawAugment, resamplingMatrix } from '../../../../src-main/ml/training/ada.js';

before(async () => {
  await setupTfjs({ only: 'cpu' });
});

test('the resampling matrix is the identity for scale 1, shift 0 and the reversal for a flip', () => {
  assert.deepEqual(Array.from(resamplingMatrix(3, 1, 0, 1)), [1, 0, 0, 0, 1, 0, 0, 0, 1]);
  assert.deepEqual(Array.from(resamplingMatrix(3, 1, 0, -1)), [0, 0, 1, 0, 1, 0, 1, 0, 0]);
});

test('a half-pixel shift averages neighbours and reflects at the border', () => {
  // Output o samples source o − 0.5: o = 0 → −0.5 → between reflect(−1) = 1 and 0; o = 1 → 0.5.
  const m = resamplingMatrix(4, 1, 0.5, 1);
  assert.deepEqual(Array.from(m.subarray(0, 4)), [0.5, 0.5, 0, 0]);
  assert.deepEqual(Array.from(m.subarray(4, 8)), [0.5, 0.5, 0, 0]);
  assert.deepEqual(Array.from(m.subarray(8, 12)), [0, 0.5, 0.5, 0]);
  for (let r = 0; r < 4; r++) assert.ok(Math.abs(m.subarray(r * 4, r * 4 + 4).reduce((a, b) => a + b, 0) - 1) < 1e-6, 'rows sum to 1');
});

test('p = 0 leaves images untouched', () => {
  const x = tf.randomNormal([2, 8, 8, 1]) as tf.Tensor4D;
  const y = augment(x, new Rng(1), 0);
  assert.deepEqual(Array.from(y.dataSync()), Array.from(x.dataSync()));
});

test('an x-flip draw mirrors columns exactly and a luma flip negates', () => {
  const x = tf.tensor4d(Float32Array.from({ length: 16 }, (_, i) => i / 16), [1, 4, 4, 1]);
  const identity = resamplingMatrix(4, 1, 0, 1);
  const flipped = applyAugment(x, { transpose: [false], rows: [identity], cols: [resamplingMatrix(4, 1, 0, -1)], gain: Float32Array.of(1), offset: Float32Array.of(0) });
  assert.deepEqual(Array.from(flipped.dataSync()), Array.from(tf.reverse(x, 2).dataSync()));
  const negated = applyAugment(x, { transpose: [false], rows: [identity], cols: [identity], gain: Float32Array.of(-1), offset: Float32Array.of(0.25) });
  const expected = Array.from(x.dataSync(), (v) => -v + 0.25);
  Array.from(negated.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-6));
});

test('rotation by 90° (transpose + flip) is a pixel permutation: the multiset of values is kept', () => {
  const x = tf.tensor4d(Float32Array.from({ length: 16 }, (_, i) => i), [1, 4, 4, 1]);
  const id = resamplingMatrix(4, 1, 0, 1);
  const rotated = applyAugment(x, { transpose: [true], rows: [id], cols: [resamplingMatrix(4, 1, 0, -1)], gain: Float32Array.of(1), offset: Float32Array.of(0) });
  const values = Array.from(rotated.dataSync());
  assert.deepEqual([...values].sort((a, b) => a - b), Array.from({ length: 16 }, (_, i) => i));
  assert.equal(values[0], 12, 'top-left of a 90° rotation is the bottom-left of the input');
});

test('the number of random draws is the same for every p, so p does not shift the random stream', () => {
  const a = new Rng(5);
  const b = new Rng(5);
  drawAugment(a, 4, 8, 0);
  drawAugment(b, 4, 8, 0.9);
  assert.deepEqual(a.state(), b.state());
});

test('with p = 1 every image is transformed but stays finite and in a sensible range', () => {
  const x = tf.randomUniform([4, 16, 16, 1], -1, 1) as tf.Tensor4D;
  const y = augment(x, new Rng(3), 1).dataSync();
  assert.ok(y.every(Number.isFinite));
  assert.notDeepEqual(Array.from(y), Array.from(x.dataSync()));
  assert.ok(Math.max(...y.map(Math.abs)) < 20);
});
