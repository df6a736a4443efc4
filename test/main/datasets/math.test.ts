// Dataset maths against hand-computed values: percentile clipping to [−1, 1], area and Lanczos resampling, padding
// (percentiles and the uint8 conversion themselves: test/shared/math/stats.test.ts, test/shared/imaging/convert.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalisePercentile } from '../../../src-main/datasets/normalise.js';
import { areaTaps, padToSquare, resample2d } from '../../../src-main/datasets/resample.js';

const close = (a: ArrayLike<number>, b: number[], tol = 1e-6): void => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < b.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol, `index ${i}: ${a[i]} vs ${b[i]}`);
};

test('percentile normalisation maps the clip range to [−1, 1] and clips outside it', () => {
  // 0..100 in 101 steps: the 10th/90th percentiles are exactly 10 and 90.
  const image = Float32Array.from({ length: 101 }, (_, i) => i);
  const out = normalisePercentile(image, { lowPercentile: 10, highPercentile: 90 });
  close([out[0], out[10], out[50], out[90], out[100]], [-1, -1, 0, 1, 1]);
  // 30 → (30−10)/80·2 − 1 = −0.5
  close([out[30]], [-0.5]);
});

test('a constant image normalises to −1 instead of dividing by zero', () => {
  const out = normalisePercentile(new Float32Array(16).fill(7), { lowPercentile: 0.5, highPercentile: 99.5 });
  assert.ok(out.every((v) => v === -1));
});

test('area resampling 4→2 averages pairs', () => {
  const row = Float32Array.from([1, 3, 5, 7]);
  close(resample2d(row, 4, 1, 2, 1, 'area'), [2, 6]);
});

test('area resampling 3→2 weights partial overlaps (1, 0.5) / 1.5', () => {
  // Output pixel 0 covers [0, 1.5): 1·a + 0.5·b; pixel 1 covers [1.5, 3): 0.5·b + 1·c.
  const row = Float32Array.from([3, 6, 9]);
  close(resample2d(row, 3, 1, 2, 1, 'area'), [(3 + 0.5 * 6) / 1.5, (0.5 * 6 + 9) / 1.5]);
  const taps = areaTaps(3, 2);
  close(taps[0].weight, [2 / 3, 1 / 3]);
});

test('area resampling of a 2D image is separable: 4×4 → 2×2 block means', () => {
  const img = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
  close(resample2d(img, 4, 4, 2, 2, 'area'), [3.5, 5.5, 11.5, 13.5]);
});

test('Lanczos resampling keeps a constant image constant and a linear ramp near-linear inside', () => {
  const flat = new Float32Array(64 * 64).fill(0.25);
  const out = resample2d(flat, 64, 64, 16, 16, 'lanczos');
  close(out, Array.from({ length: 256 }, () => 0.25), 1e-5);
  const ramp = Float32Array.from({ length: 32 }, (_, i) => i);
  const half = resample2d(ramp, 32, 1, 16, 1, 'lanczos');
  // Output i is centred on source 2i + 0.5; away from the borders Lanczos reproduces linear functions.
  for (let i = 3; i < 13; i++) assert.ok(Math.abs(half[i] - (2 * i + 0.5)) < 1e-3, `ramp at ${i}: ${half[i]}`);
});

test('padding to a square centres the image and fills with the given value', () => {
  const { data, size } = padToSquare(Float32Array.from([1, 2, 3, 4, 5, 6]), 3, 2, 0);
  assert.equal(size, 3);
  // height 2 in 3 rows: top padding floor(1/2) = 0, so the last row is fill.
  close(data, [1, 2, 3, 4, 5, 6, 0, 0, 0]);
});
