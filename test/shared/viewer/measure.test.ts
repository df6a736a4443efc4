// Measurement maths in millimetres: lengths, angles, rectangle and ellipse ROI statistics.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { angleDegrees, distanceMm, ellipseStats, pixelLengthMm, rectangleStats, scaleBar } from '../../../src-shared/viewer/measure.js';

test('lengths are in millimetres using row and column spacing separately', () => {
  assert.equal(distanceMm([0, 0, 0], [3, 4, 0]), 5);
  // 10 columns at 0.5 mm and 10 rows at 2 mm.
  assert.equal(pixelLengthMm([0, 0], [10, 0], [2, 0.5]), 5);
  assert.equal(pixelLengthMm([0, 0], [0, 10], [2, 0.5]), 20);
});

test('angles are measured at the vertex in degrees', () => {
  assert.equal(Math.round(angleDegrees([1, 0, 0], [0, 0, 0], [0, 1, 0])), 90);
  assert.equal(Math.round(angleDegrees([1, 0, 0], [0, 0, 0], [1, 1, 0])), 45);
  assert.ok(Number.isNaN(angleDegrees([0, 0, 0], [0, 0, 0], [1, 0, 0])));
});

const grid = (() => {
  const columns = 20;
  const rows = 20;
  const values = new Float32Array(rows * columns);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) values[r * columns + c] = c < 10 ? 100 : 200;
  return { values, rows, columns, pixelSpacing: [0.5, 0.5] as [number, number] };
})();

test('a rectangle ROI reports mean, SD and area in mm²', () => {
  const left = rectangleStats(grid, [0, 0], [9, 9]);
  assert.equal(left.mean, 100);
  assert.equal(left.stdDev, 0);
  assert.equal(left.count, 100);
  assert.equal(left.areaMm2, 9 * 0.5 * 9 * 0.5);
  const both = rectangleStats(grid, [5, 0], [14, 9]);
  assert.equal(both.mean, 150);
  assert.equal(both.stdDev, 50);
});

test('an ellipse ROI counts the pixel centres inside it and reports the ellipse area', () => {
  const s = ellipseStats(grid, [0, 0], [19, 19]);
  // Radius 9.5 px: π·9.5² ≈ 283.5 pixel centres expected inside.
  assert.ok(Math.abs(s.count / (Math.PI * 9.5 * 9.5) - 1) < 0.05, `count ${s.count}`);
  assert.ok(Math.abs(s.areaMm2 - Math.PI * 4.75 * 4.75) < 1e-9);
  assert.ok(Math.abs(s.mean - 150) < 5);
});

test('the scale bar picks 1, 2 or 5 × 10ⁿ mm that fits the allowed width', () => {
  assert.deepEqual(scaleBar(0.5, 120), { mm: 50, pixels: 100, label: '5 cm' });
  assert.deepEqual(scaleBar(0.1, 120), { mm: 10, pixels: 100, label: '1 cm' });
  assert.equal(scaleBar(0.02, 120)?.label, '2 mm');
  assert.equal(scaleBar(0), null);
  assert.equal(scaleBar(Number.NaN), null);
});
