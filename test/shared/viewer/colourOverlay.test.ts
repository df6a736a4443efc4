// Colour overlays: the symmetric scale, RGBA with opacity growing with |value|, colour-bar ticks, the plane a
// viewport shows (by image id or by geometry), and the canvas transform that puts map pixels on image pixels.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bitmapTransform, colourBarTicks, overlayPixels, pickPlane, planePoint, symmetricScale } from '../../../src-shared/viewer/colourOverlay.js';
import type { OverlayPlane } from '../../../src-shared/viewer/colourOverlay.js';

test('the symmetric scale is the largest |value| inside the mask, ignoring NaN', () => {
  assert.equal(symmetricScale([0.5, -2, 1, NaN]), 2);
  assert.equal(symmetricScale([0.5, -2, 1], [1, 0, 1]), 1);
  assert.equal(symmetricScale([]), 0);
  assert.throws(() => symmetricScale([1, 2], [1]), /mask holds 1 values, the map 2/);
});

test('overlay pixels: red for positive, blue for negative, alpha = opacity·|value|/scale, NaN transparent', () => {
  const rgba = overlayPixels([2, -2, 0, 1, NaN, 5], 2, 0.5);
  assert.deepEqual(Array.from(rgba.subarray(0, 4)), [178, 24, 43, 128]);
  assert.deepEqual(Array.from(rgba.subarray(4, 8)), [33, 102, 172, 128]);
  assert.equal(rgba[11], 0, 'zero leaves the anatomy untouched');
  assert.equal(rgba[15], 64, 'half the scale gives half the opacity');
  assert.equal(rgba[19], 0, 'NaN (outside the mask) is transparent');
  assert.equal(rgba[23], 128, 'beyond the scale the colour saturates');
  assert.deepEqual(Array.from(overlayPixels([1, -1], 0, 1)).filter((_, i) => i % 4 === 3), [0, 0], 'a zero scale colours nothing');
  assert.throws(() => overlayPixels([1], 1, 1.5), /opacity must be within 0–1, got 1.5/);
});

test('colour-bar ticks run from −scale at the bottom to +scale at the top', () => {
  const ticks = colourBarTicks(0.0123456);
  assert.deepEqual(ticks.map((t) => t.label), ['-0.0123', '-0.00617', '0', '0.00617', '0.0123']);
  assert.deepEqual(ticks.map((t) => t.position), [0, 0.25, 0.5, 0.75, 1]);
});

function axialPlane(z: number, imageId?: string): OverlayPlane {
  return { values: new Float32Array(4), rows: 2, columns: 2, origin: [10, 20, z], columnStep: [1, 0, 0], rowStep: [0, 2, 0], imageId };
}

test('the plane shown is the one tied to the image id, else the parallel plane through the focal point', () => {
  const planes = [axialPlane(0), axialPlane(3), axialPlane(6), axialPlane(0, 'img:7')];
  const axial = { viewPlaneNormal: [0, 0, -1] as [number, number, number] };
  assert.equal(pickPlane(planes, { ...axial, focalPoint: [0, 0, 3.4] }), planes[1]);
  assert.equal(pickPlane(planes, { ...axial, focalPoint: [50, -9, 6] }), planes[2], 'in-plane position does not matter');
  assert.equal(pickPlane(planes, { ...axial, focalPoint: [0, 0, 4.6] }), planes[2], 'between mapped slices the nearest is drawn');
  assert.equal(pickPlane(planes, { ...axial, focalPoint: [0, 0, 7.6] }), null, 'beyond the last mapped slice (gap 3 mm, tolerance 1.5 mm) nothing is drawn');
  assert.equal(pickPlane(planes, { ...axial, focalPoint: [0, 0, 3], imageId: 'img:7' }), planes[3]);
  assert.equal(pickPlane(planes, { viewPlaneNormal: [1, 0, 0], focalPoint: [0, 0, 3] }), null, 'another orientation shows no axial map');
  const single = axialPlane(0);
  assert.equal(pickPlane([single], { ...axial, focalPoint: [0, 0, 0.4] }), single);
  assert.equal(pickPlane([single], { ...axial, focalPoint: [0, 0, 0.6] }), null, 'a single plane allows 0.5 mm');
  assert.throws(() => pickPlane([{ ...axialPlane(0), rowStep: [2, 0, 0] }], { ...axial, focalPoint: [0, 0, 0] }), /parallel or zero/);
});

test('the bitmap transform puts pixel centres where the viewport puts them', () => {
  // A 2×2 map zoomed 10× and flipped left-right: column 0's centre at x = 100, column 1's at x = 90.
  const t = bitmapTransform([100, 50], [90, 50], [100, 70]);
  const apply = (u: number, v: number): [number, number] => [t[0] * u + t[2] * v + t[4], t[1] * u + t[3] * v + t[5]];
  assert.deepEqual(apply(0.5, 0.5), [100, 50]);
  assert.deepEqual(apply(1.5, 0.5), [90, 50]);
  assert.deepEqual(apply(0.5, 1.5), [100, 70]);
  assert.deepEqual(planePoint(axialPlane(4), 1, 1), [11, 22, 4]);
});
