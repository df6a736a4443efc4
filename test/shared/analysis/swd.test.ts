// Proves the sliced Wasserstein distance equals a NumPy/SciPy computation of ProGAN's definition step by step, and
// that it behaves as a distance on image stacks (zero for identical sets, larger for more different ones).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeNpy } from '../../../src-shared/io/npy.js';
import { laplacianPyramid, normaliseDescriptors, patchDescriptors, slicedWasserstein, swdReport } from '../../../src-shared/analysis/swd.js';
import type { ImageStack } from '../../../src-shared/analysis/swd.js';
import { analysisFixtures } from './referenceData.js';

interface SwdReference {
  pyramid_probes: Array<[number, number[]]>;
  pyramid_shapes: number[][];
  positions: { ys: number[]; xs: number[]; per_image: number; patch: number; level: number };
  descriptor_probes: number[];
  dirs: number[];
  dirs_count: number;
  swd: number;
}

const ref = JSON.parse(readFileSync(join(analysisFixtures, 'swd_reference.json'), 'utf8')) as SwdReference;

function stack(name: string): ImageStack {
  const a = decodeNpy(new Uint8Array(readFileSync(join(analysisFixtures, name))));
  const [n, c, h, w] = a.shape;
  return { data: Float32Array.from(a.data as Float32Array), n, c, h, w };
}

const probe = (a: Float32Array, i: number) => a[i < 0 ? a.length + i : i];

test('the Laplacian pyramid equals scipy.ndimage with mirror borders and the binomial filter', () => {
  const levels = laplacianPyramid(stack('swd_real.npy'), 3);
  assert.deepEqual(levels.map((l) => [l.n, l.c, l.h, l.w]), ref.pyramid_shapes);
  for (const [lvl, values] of ref.pyramid_probes) {
    [0, 5, 77, -1].forEach((idx, k) => assert.ok(Math.abs(probe(levels[lvl].data, idx) - values[k]) < 1e-5, `level ${lvl} index ${idx}`));
  }
});

test('descriptors, their normalisation and one sliced Wasserstein repeat equal NumPy for the same patches and directions', () => {
  const { ys, xs, per_image: perImage, patch, level } = ref.positions;
  const real = laplacianPyramid(stack('swd_real.npy'), 3)[level];
  const fake = laplacianPyramid(stack('swd_fake.npy'), 3)[level];
  const rows = real.n * perImage;
  const a = normaliseDescriptors(patchDescriptors(real, patch, perImage, Int32Array.from(ys), Int32Array.from(xs)), rows, real.c, patch);
  const b = normaliseDescriptors(patchDescriptors(fake, patch, perImage, Int32Array.from(ys), Int32Array.from(xs)), rows, real.c, patch);
  [0, 13, 200, -1].forEach((idx, k) => assert.ok(Math.abs(probe(a, idx) - ref.descriptor_probes[k]) < 1e-5, `descriptor ${idx}`));
  const swd = slicedWasserstein(a, b, rows, real.c * patch * patch, Float64Array.from(ref.dirs), ref.dirs_count);
  assert.ok(Math.abs(swd - ref.swd) < 1e-5, `${swd} vs ${ref.swd}`);
});

test('SWD is zero for identical sets, grows with the difference, and is reported per level down to the minimum', () => {
  const real = stack('swd_real.npy');
  const same = swdReport(real, real, { perImage: 16, repeats: 2, directionsPerRepeat: 32 });
  assert.deepEqual(same.levels.map((l) => l.resolution), [32, 16, 8]);
  // Same positions are not drawn for both sides, so identical sets give a small, not exactly zero, distance.
  const near = swdReport(real, stack('swd_fake.npy'), { perImage: 16, repeats: 2, directionsPerRepeat: 32 });
  const noise = { ...real, data: real.data.map((_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1) };
  const far = swdReport(real, noise, { perImage: 16, repeats: 2, directionsPerRepeat: 32 });
  assert.ok(same.mean < near.mean, `${same.mean} < ${near.mean}`);
  assert.ok(near.mean < far.mean, `${near.mean} < ${far.mean}`);
  assert.throws(() => swdReport(real, { ...real, n: 2, data: real.data.subarray(0, 2 * 2 * 32 * 32) }), /one shape/);
});
