// Proves an ROI drawn in the main viewer becomes the lesion mask it covers: rectangles and ellipses are rasterised on
// the shown image's pixel grid from their handles, the last ROI wins, and no ROI (or one off the image) is a reason.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { regionLesion } from '../../../../src-renderer/panels/fidelity/viewerRegion.js';
import { rasteriseRoi } from '../../../../src-renderer/viewer/roiShapes.js';

test('a rectangle ROI covers exactly the pixels between its handles', () => {
  const mask = rasteriseRoi({ tool: 'RectangleROI', points: [[1, 2], [3, 2], [1, 4], [3, 4]] }, 6, 6);
  const inside = mask.flatMap((v, i) => (v ? [[i % 6, Math.floor(i / 6)]] : []));
  assert.deepEqual(inside, [[1, 2], [2, 2], [3, 2], [1, 3], [2, 3], [3, 3], [1, 4], [2, 4], [3, 4]]);
});

test('an ellipse ROI covers the pixels inside the ellipse through its four handles', () => {
  // Handles as EllipticalROI stores them: bottom, top, left, right of a 9×5 ellipse centred at (10, 10).
  const mask = rasteriseRoi({ tool: 'EllipticalROI', points: [[10, 12], [10, 8], [6, 10], [14, 10]] }, 20, 20);
  const at = (x: number, y: number): number => mask[y * 20 + x];
  assert.equal(at(10, 10), 1);
  assert.equal(at(6, 10), 1, 'the left handle is on the boundary');
  assert.equal(at(14, 10), 1);
  assert.equal(at(10, 8), 1);
  assert.equal(at(6, 8), 0, 'the bounding box corner is outside the ellipse');
  assert.equal(at(5, 10), 0);
  const area = mask.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(area - Math.PI * 4 * 2) < 8, `area ${area} ≈ π·4·2`);
});

test('the last ROI drawn is the lesion, with its tool named; no ROI or one off the image gives a reason', () => {
  const shapes = [
    { tool: 'RectangleROI' as const, points: [[0, 0], [1, 1]] as Array<[number, number]> },
    { tool: 'EllipticalROI' as const, points: [[4, 6], [4, 2], [2, 4], [6, 4]] as Array<[number, number]> },
  ];
  const picked = regionLesion(shapes, 8, 8);
  assert.ok('lesion' in picked);
  assert.equal(picked.lesion.label, 'Ellipse ROI');
  assert.deepEqual([picked.lesion.width, picked.lesion.height, picked.lesion.data.length], [8, 8, 64]);
  assert.equal(picked.lesion.data[4 * 8 + 4], 1);
  assert.equal(picked.lesion.data[0], 0, 'the earlier rectangle is not part of it');
  const none = regionLesion([], 8, 8);
  assert.ok('reason' in none && /Draw an Ellipse or Rectangle ROI/.test(none.reason));
  const off = regionLesion([{ tool: 'RectangleROI', points: [[20, 20], [30, 30]] }], 8, 8);
  assert.ok('reason' in off && /covers no pixel/.test(off.reason));
});
