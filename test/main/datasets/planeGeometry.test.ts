// Model images placed back in their source volume: a bright block in one slice, made into a model image by the
// dataset builder's own planeToModel, comes back at exactly its voxels (planesToVolume) and at its patient-space
// position (modelPlaneOfSlice), for a non-square slice padded to a square and downsampled 2×.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planeToModel } from '../../../src-main/datasets/build.js';
import { modelPlaneOfSlice, planesToVolume } from '../../../src-main/datasets/planeGeometry.js';
import { extractSlice, sliceLayout } from '../../../src-main/datasets/volume.js';
import type { Volume } from '../../../src-main/datasets/volume.js';

const [nx, ny, nz] = [16, 12, 5];
const affine = [
  [1, 0, 0, 10],
  [0, 1, 0, -20],
  [0, 0, 2, 30],
  [0, 0, 0, 1],
];
const block = (i: number, j: number, k: number): boolean => k === 3 && (i === 4 || i === 5) && (j === 6 || j === 7);
const volume: Volume = {
  dims: [nx, ny, nz],
  spacing: [1, 1, 2],
  affine,
  data: Float32Array.from({ length: nx * ny * nz }, (_, n) => (block(n % nx, Math.floor(n / nx) % ny, Math.floor(n / (nx * ny))) ? 100 : 1 + (n % 3))),
};

test('a known change in slice 3 maps back to exactly its voxels and its patient position', () => {
  const layout = sliceLayout(volume, 'z');
  const plane = { data: extractSlice(volume, layout, 3), width: layout.width, height: layout.height, pixelWidth: layout.pixelWidth, pixelHeight: layout.pixelHeight };
  const image = planeToModel(plane, 8, { resample: 'area', fit: 'pad' }, { lowPercentile: 0, highPercentile: 100 });
  const brightest = image.indexOf(Math.max(...image));
  const [v, u] = [Math.floor(brightest / 8), brightest % 8];
  // The builder's image has the block in one model pixel; that pixel alone, written back, lights the block.
  const oneHot = new Float32Array(64);
  oneHot[brightest] = 1;
  const back = planesToVolume(volume, 'z', [3], [oneHot], 8, 'pad');
  const lit = [...back.keys()].filter((n) => back[n] !== 0).map((n) => [n % nx, Math.floor(n / nx) % ny, Math.floor(n / (nx * ny))]);
  assert.deepEqual(lit.sort(), [[4, 6, 3], [4, 7, 3], [5, 6, 3], [5, 7, 3]]);
  // Patient space: the model pixel's centre is the block's centre, RAS (14.5, −13.5, 36) = LPS (−14.5, 13.5, 36).
  const g = modelPlaneOfSlice(volume, 'z', 3, 8, 'pad');
  const [r0, r1] = [g.imageOrientationPatient.slice(0, 3), g.imageOrientationPatient.slice(3)];
  const centre = [0, 1, 2].map((k) => g.imagePositionPatient[k] + u * g.pixelSpacing[1] * r0[k] + v * g.pixelSpacing[0] * r1[k]);
  centre.forEach((c, k) => assert.ok(Math.abs(c - [-14.5, 13.5, 36][k]) < 1e-9, `${centre.join(', ')}`));
  assert.deepEqual(g.pixelSpacing, [2, 2]);
  assert.throws(() => modelPlaneOfSlice(volume, 'z', 5, 8, 'pad'), /slice 5 is outside the 5 slices along z/);
});

test('cropping keeps the centre: a 16×12 slice cropped to 12×12 and kept at 12² maps voxel for voxel', () => {
  const oneHot = new Float32Array(144);
  const g = modelPlaneOfSlice(volume, 'z', 1, 12, 'crop');
  assert.deepEqual([g.x0, g.sx, g.y0, g.sy], [2, 1, 0, 1]);
  oneHot[0] = 1;
  const back = planesToVolume(volume, 'z', [1], [oneHot], 12, 'crop');
  const lit = [...back.keys()].filter((n) => back[n] !== 0);
  // Model (0, 0) = source slice column 2 (crop starts 2 in), row 0; columns run −x, rows −y: voxel i = 13, j = 11.
  assert.deepEqual(lit, [1 * nx * ny + 11 * nx + 13]);
});
