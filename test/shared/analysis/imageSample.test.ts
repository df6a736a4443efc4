// Proves the SWD image sampler: uint8 datasets map to u/127.5 − 1, float outputs are clamped to [−1, 1], the subset
// is a seeded permutation (same seed, same images), and a wrong shape or a NaN is refused naming the source.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstImages, sampleImageStack } from '../../../src-shared/analysis/imageSample.js';
import type { NpyArray } from '../../../src-shared/io/npy.js';

const stackOf = (data: Uint8Array | Float32Array, shape: number[]): NpyArray => (data instanceof Uint8Array ? { data, shape, dtype: 'uint8', descr: '|u1' } : { data, shape, dtype: 'float32', descr: '<f4' });

test('uint8 images become u/127.5 − 1 and every image is taken once', () => {
  // Four 1×1×2 images whose first pixel is their index.
  const bytes = Uint8Array.from([0, 255, 1, 255, 2, 255, 3, 255]);
  const s = sampleImageStack(stackOf(bytes, [4, 1, 1, 2]), 10, 7, 'reals.npy');
  assert.equal(s.n, 4);
  const firsts = [0, 1, 2, 3].map((i) => Math.round((s.data[i * 2] + 1) * 127.5)).sort();
  assert.deepEqual(firsts, [0, 1, 2, 3]);
  for (let i = 0; i < 4; i++) assert.equal(s.data[i * 2 + 1], 1);
});

test('float images are clamped to [−1, 1], a seed fixes the subset, firstImages cuts the count', () => {
  const data = Float32Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? i : -3));
  const a = sampleImageStack(stackOf(data, [10, 1, 1, 2]), 5, 3, 'fake.npy');
  const b = sampleImageStack(stackOf(data, [10, 1, 1, 2]), 5, 3, 'fake.npy');
  assert.deepEqual(a.data, b.data);
  assert.equal(a.n, 5);
  assert.ok(a.data.every((v) => v >= -1 && v <= 1));
  assert.ok(a.data.some((v) => v === -1));
  const cut = firstImages(a, 2);
  assert.equal(cut.n, 2);
  assert.equal(cut.data.length, 4);
});

test('a wrong shape or a NaN is refused, naming the file', () => {
  assert.throws(() => sampleImageStack(stackOf(new Float32Array(4), [2, 2]), 2, 0, 'x.npy'), /x\.npy: expected N×C×H×W/);
  assert.throws(() => sampleImageStack(stackOf(Float32Array.from([0, Number.NaN]), [2, 1, 1, 1]), 2, 0, 'y.npy'), /y\.npy: image \d holds NaN/);
});
