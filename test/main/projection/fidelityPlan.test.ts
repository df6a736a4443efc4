// Proves a region drawn in the main viewer becomes the fidelity report's lesion mask on the model's grid: it goes
// through the image's own squaring (padding) and resampling, so it covers the model pixels the drawn image pixels
// became; volume slices and mismatched grids are refused with the reason.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../../src-shared/api/errors.js';
import { expandForFidelity, regionToModelMask } from '../../../src-main/projection/fidelityPlan.js';
import type { Targets } from '../../../src-main/projection/inputs.js';

const preprocessing = { modality: 'image', axis: 'z' as const, resample: 'area' as const, fit: 'pad' as const, lowPercentile: 0.5, highPercentile: 99.5 };

/** One prepared 8×8 image from a 16-wide, 8-high plane (padded to 16×16, then halved). */
function targetsFrom(plane: Targets['planes']): Targets {
  return { data: Float32Array.from({ length: 64 }, (_, i) => Math.sin(i)), count: 1, rows: [{ item: 'image:1', entity: 'image', axis: '', slice: null, subject: '' }], planes: plane, preparation: { source: 'preset', preprocessing } };
}

test('a viewer region maps through the image padding and resampling onto the model pixels it covers', () => {
  const targets = targetsFrom([{ width: 16, height: 8, pixelWidth: 1, pixelHeight: 1 }]);
  // The left quarter of the 16×8 plane: columns 0–3, every row.
  const data = Array.from({ length: 128 }, (_, i) => (i % 16 < 4 ? 1 : 0));
  const mask = regionToModelMask({ kind: 'region', width: 16, height: 8, data }, targets, 8);
  // Padding puts the 8 plane rows at rows 4–11 of the 16×16 square; halving gives model rows 2–5, columns 0–1.
  const inside = [...mask].flatMap((v, i) => (v ? [[i % 8, Math.floor(i / 8)]] : []));
  assert.deepEqual(inside, [2, 3, 4, 5].flatMap((y) => [[0, y], [1, y]]));
});

test('the region becomes the report lesion (kind region, named by its tool) with no lesioned copy', async () => {
  const targets = targetsFrom([{ width: 16, height: 8, pixelWidth: 1, pixelHeight: 1 }]);
  const data = Array.from({ length: 128 }, (_, i) => (i % 16 < 4 ? 1 : 0));
  const { layout, targets: expanded } = await expandForFidelity(targets, 8, [], { kind: 'region', width: 16, height: 8, data, label: 'Ellipse ROI' }, 0);
  assert.equal(layout.lesion?.kind, 'region');
  assert.equal(layout.lesion?.description, 'Ellipse ROI drawn in the viewer');
  assert.equal(layout.lesion?.mask.reduce((a, b) => a + b, 0), 8);
  assert.equal(expanded.count, 1, 'a real region is measured on the original, nothing is painted');
});

test('a region on a volume slice, on another grid size or covering no model pixel is refused with the reason', () => {
  const region = { kind: 'region' as const, width: 16, height: 8, data: new Array<number>(128).fill(1) };
  assert.throws(() => regionToModelMask(region, targetsFrom([null]), 8), (e: ApiError) => e.code === 'bad_input' && /2D images and DICOM frames/.test(e.message));
  assert.throws(() => regionToModelMask(region, targetsFrom([{ width: 20, height: 8, pixelWidth: 1, pixelHeight: 1 }]), 8), /drawn on a 16×8 image, image:1 is 20×8/);
  const speck = { ...region, data: region.data.map((_, i) => (i === 0 ? 1 : 0)) };
  assert.throws(() => regionToModelMask(speck, targetsFrom([{ width: 16, height: 8, pixelWidth: 1, pixelHeight: 1 }]), 8), /less than half of any/);
});
