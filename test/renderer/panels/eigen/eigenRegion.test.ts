// Proves the ROIs drawn on the α = 0 images become the eigen analysis's region: several ROIs on one position are
// united, a position without its own takes the union of the others (and the label says so), none is a reason.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { drawnRegion } from '../../../../src-renderer/panels/eigen/eigenRegion.js';
import type { RoiShape } from '../../../../src-renderer/viewer/roiShapes.js';

const rect = (x0: number, y0: number, x1: number, y1: number): RoiShape => ({ tool: 'RectangleROI', points: [[x0, y0], [x1, y0], [x0, y1], [x1, y1]] });
const count = (data: number[], s: number, size: number): number => data.slice(s * size, (s + 1) * size).reduce((a, v) => a + v, 0);

test('ROIs per slice position: united on their position, the union for positions without one, named in the label', () => {
  const result = drawnRegion([[rect(0, 0, 1, 1), rect(4, 4, 5, 5)], [], [rect(2, 2, 2, 3)]], 8, 8);
  assert.ok('region' in result);
  const { region } = result;
  assert.equal(region.positions, 3);
  assert.equal(region.data.length, 3 * 64);
  assert.equal(count(region.data, 0, 64), 8);
  assert.equal(count(region.data, 2, 64), 2);
  // Position 1 has no ROI: it gets the union of positions 0 and 2 (8 + 2 pixels, disjoint).
  assert.equal(count(region.data, 1, 64), 10);
  assert.equal(region.data[64 + 2 * 8 + 2], 1);
  assert.equal(region.label, '3 ROIs on positions 0, 2; position 1 uses their union');
});

test('no ROI, or one off the image, is a reason rather than an empty region', () => {
  const none = drawnRegion([[], []], 8, 8);
  assert.ok('reason' in none && /Draw an Ellipse or Rectangle ROI/.test(none.reason));
  const off = drawnRegion([[rect(20, 20, 30, 30)]], 8, 8);
  assert.ok('reason' in off && /cover no pixel/.test(off.reason));
  const single = drawnRegion([[rect(1, 1, 2, 2)]], 8, 8);
  assert.ok('region' in single && single.region.label === '1 ROI' && count(single.region.data, 0, 64) === 4);
});
