// Automatic windows, window application with MONOCHROME1 inversion, and the label CSV parser.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyWindow, autoWindow, minMax } from '../../../src-shared/catalog/window.js';

test('the automatic window ignores the 1 % outliers at either end', () => {
  const values = new Float32Array(1000).map((_, i) => i);
  values[0] = -5000;
  values[999] = 90000;
  const w = autoWindow(values);
  assert.deepEqual(minMax(values), { min: -5000, max: 90000 });
  assert.ok(w.center - w.width / 2 > -100 && w.center + w.width / 2 < 1100, JSON.stringify(w));
});

test('a window maps centre ± width/2 to 0..max, inverted for MONOCHROME1', () => {
  // PS3.3 C.11.2.1.2: y = ((x - (c - 0.5)) / (w - 1) + 0.5) · max, clamped.
  const out = applyWindow([-1, 0, 50, 100], 50, 101, 255);
  assert.deepEqual(Array.from(out), [0, 1, 129, 255]);
  assert.deepEqual(Array.from(applyWindow([-1, 100], 50, 101, 255, true)), [255, 0]);
  assert.ok(applyWindow([1], 0, 1, 65535) instanceof Uint16Array);
});
