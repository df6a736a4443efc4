// Difference maps: signed/absolute values, the symmetric blue–white–red scale, and the grey overlay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { differenceMap, divergingColor, overlayDifference, renderDiverging } from '../../../src-shared/analysis/differenceMap.js';

const reference = { width: 3, height: 1, data: [100, 100, 100] };
const test_ = { width: 3, height: 1, data: [90, 100, 120] };

test('signed difference is test − reference, absolute its magnitude, and the default scale is the symmetric max', () => {
  const map = differenceMap(reference, test_);
  assert.deepEqual(Array.from(map.signed), [-10, 0, 20]);
  assert.deepEqual(Array.from(map.absolute), [10, 0, 20]);
  assert.equal(map.scale, 20);
  assert.equal(map.scaleSource, 'max');
  assert.equal(map.minSigned, -10);
  assert.equal(map.maxSigned, 20);
});

test('darker than the reference renders blue, unchanged white, brighter red', () => {
  const rgba = renderDiverging(differenceMap(reference, test_).signed, 20);
  const [r0, , b0] = rgba.slice(0, 3);
  const [r1, g1, b1] = rgba.slice(4, 7);
  const [r2, , b2] = rgba.slice(8, 11);
  assert.ok(b0 > r0, 'darker is blue');
  assert.ok(r1 === g1 && g1 === b1 && r1 > 240, 'unchanged is white');
  assert.ok(r2 > b2, 'brighter is red');
  assert.deepEqual(divergingColor(-1), [33, 102, 172]);
  assert.deepEqual(divergingColor(1), [178, 24, 43]);
  assert.deepEqual(divergingColor(5), divergingColor(1));
});

test('a given scale or a percentile of |difference| inside the mask sets the symmetric scale', () => {
  assert.equal(differenceMap(reference, test_, { scale: 50 }).scale, 50);
  assert.equal(differenceMap(reference, test_, { percentile: 50 }).scale, 10);
  assert.equal(differenceMap(reference, test_, { mask: [1, 1, 0] }).scale, 10);
  assert.throws(() => differenceMap(reference, test_, { scale: 0 }), /positive/);
});

test('the overlay keeps unchanged pixels grey and tints changed ones', () => {
  const grey = { width: 3, height: 1, data: [50, 50, 50] };
  const rgba = overlayDifference(grey, differenceMap(reference, test_), { low: 0, high: 100 });
  assert.deepEqual(Array.from(rgba.slice(4, 8)), [128, 128, 128, 255]);
  assert.ok(rgba[8] > rgba[10], 'brighter pixel tinted red');
  assert.ok(rgba[2] > rgba[0], 'darker pixel tinted blue');
});

test('identical images give an all-zero map that still renders (white) without dividing by zero', () => {
  const map = differenceMap(reference, reference);
  assert.ok(map.scale > 0);
  const rgba = renderDiverging(map.signed, map.scale);
  assert.equal(rgba[0], 247);
});
