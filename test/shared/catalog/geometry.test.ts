// Slice sorting along the normal, regular-grid detection, slicing plans and orientation letters.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractSlice, niftiAffineToLps, planSlice, sortSlices } from '../../../src-shared/catalog/geometry.js';
import { orientationLabels } from '../../../src-shared/viewer/orientation.js';
import type { SliceInput } from '../../../src-shared/catalog/geometry.js';

const axial = [1, 0, 0, 0, 1, 0];
const slice = (key: number, z: number, orientation: number[] = axial): SliceInput => ({ key, position: [-100, -100, z], orientation, rows: 4, columns: 4, pixelSpacing: [0.5, 0.5] });

test('slices are sorted by position along the normal, not by the order given', () => {
  const r = sortSlices([slice(0, 30), slice(1, 10), slice(2, 20), slice(3, 0)]);
  assert.deepEqual(r.order, [3, 1, 2, 0]);
  assert.equal(r.consistent, true);
  assert.equal(r.spacing, 10);
  assert.deepEqual(r.affine?.axes[2], [0, 0, 10]);
  assert.deepEqual(r.affine?.axes[0], [0.5, 0, 0]);
});

test('a sagittal stack sorts along x, its normal, whatever the z of its positions', () => {
  const sag = [0, 1, 0, 0, 0, -1];
  const s = (key: number, x: number): SliceInput => ({ key, position: [x, -100, 50 + key], orientation: sag, rows: 4, columns: 4, pixelSpacing: [1, 1] });
  // normal = row × column = (0,1,0) × (0,0,-1) = (-1,0,0): ascending along it means descending x.
  assert.deepEqual(sortSlices([s(0, 5), s(1, -5), s(2, 0)]).order, [0, 2, 1]);
});

test('uneven gaps, shared positions and mixed orientations make a stack inconsistent with a reason', () => {
  assert.match(sortSlices([slice(0, 0), slice(1, 10), slice(2, 30)]).reason ?? '', /uneven/);
  assert.match(sortSlices([slice(0, 0), slice(1, 0), slice(2, 0)]).reason ?? '', /share one position/);
  assert.match(sortSlices([slice(0, 0), slice(1, 10, [0, 1, 0, 0, 0, -1])]).reason ?? '', /orientations/);
  assert.match(sortSlices([{ ...slice(0, 0), position: null }]).reason ?? '', /lack/);
});

test('an RAS NIfTI affine becomes LPS and its slices read like a radiology viewer', () => {
  // 2 mm voxels, positive diagonal in RAS+: i runs toward patient right, j anterior, k superior.
  const affine = niftiAffineToLps([2, 0, 0, -90, 0, 2, 0, -126, 0, 0, 2, -72, 0, 0, 0, 1]);
  assert.deepEqual(affine.axes[0], [-2, -0, 0]);
  const dims: [number, number, number] = [3, 4, 5];
  const axialPlan = planSlice(dims, affine, 'z', 2);
  // Rightward goes to patient left (+x LPS), downward to posterior (+y LPS).
  assert.deepEqual(axialPlan.imageOrientationPatient.map((v) => v + 0), [1, 0, 0, 0, 1, 0]);
  assert.deepEqual(orientationLabels(axialPlan.imageOrientationPatient), { top: 'A', bottom: 'P', left: 'R', right: 'L' });
  const coronal = planSlice(dims, affine, 'y', 1);
  assert.deepEqual(orientationLabels(coronal.imageOrientationPatient), { top: 'S', bottom: 'I', left: 'R', right: 'L' });
  assert.deepEqual([coronal.rows, coronal.columns], [5, 3]);
  const sagittal = planSlice(dims, affine, 'x', 0);
  assert.deepEqual(orientationLabels(sagittal.imageOrientationPatient), { top: 'S', bottom: 'I', left: 'A', right: 'P' });
  // The plan's first pixel is where the geometry says it is.
  const voxels = Float32Array.from({ length: 60 }, (_, i) => i);
  const out = extractSlice(voxels, axialPlan, new Float32Array(12));
  const i0 = axialPlan.base % 3;
  const j0 = Math.floor(axialPlan.base / 3) % 4;
  const expected = [-(2 * i0 - 90), -(2 * j0 - 126), 2 * 2 - 72];
  assert.deepEqual(axialPlan.imagePositionPatient.map((v) => v + 0), expected);
  assert.equal(out[0], voxels[axialPlan.base]);
});

test('oblique directions get two letters, strongest first', () => {
  const s = Math.SQRT1_2;
  assert.deepEqual(orientationLabels([s, s, 0, 0, 0, -1]), { top: 'S', bottom: 'I', left: 'RA', right: 'LP' });
});
