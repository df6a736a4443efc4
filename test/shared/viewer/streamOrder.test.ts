// A volume streams in from its middle slice outwards, every slice exactly once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { middleOut } from '../../../src-shared/viewer/streamOrder.js';

test('slices come from the middle outwards, alternating above and below', () => {
  assert.deepEqual(middleOut(5), [2, 3, 1, 4, 0]);
  assert.deepEqual(middleOut(4), [1, 2, 0, 3]);
  assert.deepEqual(middleOut(1), [0]);
  assert.deepEqual(middleOut(0), []);
});

test('every slice of a 176-slice series is fetched exactly once', () => {
  const order = middleOut(176);
  assert.equal(order.length, 176);
  assert.deepEqual([...order].sort((a, b) => a - b), Array.from({ length: 176 }, (_, k) => k));
});
