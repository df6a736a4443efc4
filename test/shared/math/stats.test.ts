// The one percentile (NumPy's default, linear): the cases the dataset normaliser and the difference map each relied
// on, sorted input or not, and bad input refused with a reason.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { percentile, percentileOfSorted } from '../../../src-shared/math/stats.js';

test('percentile interpolates linearly between order statistics like numpy', () => {
  const sorted = [0, 10, 20, 30, 40];
  assert.equal(percentileOfSorted(sorted, 0), 0);
  assert.equal(percentileOfSorted(sorted, 100), 40);
  assert.equal(percentileOfSorted(sorted, 50), 20);
  // position 0.1·4 = 0.4 → 0 + 0.4·10 (numpy.percentile([0, 10, 20, 30, 40], 10) = 4.0)
  assert.ok(Math.abs(percentileOfSorted(sorted, 10) - 4) < 1e-12);
  assert.equal(percentileOfSorted(Float32Array.of(-3, 5), 50), 1);
});

test('unsorted values are sorted on a copy, leaving the input as it was', () => {
  const values = [4, 1, 3, 2];
  assert.equal(percentile(values, 50), 2.5);
  assert.deepEqual(values, [4, 1, 3, 2]);
  // numpy.percentile([7, -1, 3], 99.5) = 3 + 0.99·4 = 6.96
  assert.ok(Math.abs(percentile(Float32Array.of(7, -1, 3), 99.5) - 6.96) < 1e-9);
});

test('no values, or a p outside 0–100, is refused with a reason', () => {
  assert.throws(() => percentile([], 50), /no values/);
  assert.throws(() => percentileOfSorted([1, 2], 101), /within 0\.\.100, got 101/);
  assert.throws(() => percentile([1, 2], -1), /got -1/);
  assert.throws(() => percentile([1, 2], NaN), /got NaN/);
});
