// Edit-series arithmetic: w + α·s·v per layer range, the α grid, and the α = 0 reference index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alphaGrid, editCodes, referenceIndex } from '../../../src-shared/analysis/edit.js';

test('alphaGrid is np.linspace (15 steps from 0 to 3 by default in the API)', () => {
  const grid = alphaGrid(0, 3, 15);
  assert.equal(grid.length, 15);
  assert.equal(grid[0], 0);
  assert.equal(grid[14], 3);
  assert.ok(Math.abs(grid[7] - 1.5) < 1e-15);
  assert.throws(() => alphaGrid(0, 1, 1), /at least 2 steps/);
});

test('the reference is the α = 0 image, or the lowest α when 0 is not on the grid', () => {
  assert.equal(referenceIndex([-2, -1, 0, 1, 2]), 2);
  assert.equal(referenceIndex([3, 1, 2]), 1);
});

test('a W direction moves every layer by α·σ·v; layers outside the range keep the source code', () => {
  const numWs = 3;
  const wDim = 2;
  const base = [1, 2, 3, 4, 5, 6];
  const codes = editCodes({ base, direction: [1, -1], alphas: [0, 2], scale: 0.5, numWs, wDim });
  assert.deepEqual(Array.from(codes.subarray(0, 6)), base);
  assert.deepEqual(Array.from(codes.subarray(6, 12)), [2, 1, 4, 3, 6, 5]);
  const ranged = editCodes({ base, direction: [1, -1], alphas: [2], scale: 1, numWs, wDim, layers: [1, 1] });
  assert.deepEqual(Array.from(ranged), [1, 2, 5, 2, 5, 6]);
});

test('a W+ direction moves each layer by its own row; bad shapes and ranges are refused', () => {
  const codes = editCodes({ base: [0, 0, 0, 0], direction: [1, 2, 3, 4], alphas: [-1], scale: 2, numWs: 2, wDim: 2 });
  assert.deepEqual(Array.from(codes), [-2, -4, -6, -8]);
  assert.throws(() => editCodes({ base: [0, 0, 0, 0], direction: [1, 2, 3], alphas: [1], scale: 1, numWs: 2, wDim: 2 }), /expected 2 \(W\) or 2×2 \(W\+\)/);
  assert.throws(() => editCodes({ base: [0, 0, 0, 0], direction: [1, 2], alphas: [1], scale: 1, numWs: 2, wDim: 2, layers: [1, 2] }), /layer range 1-2 is outside 0-1/);
});
