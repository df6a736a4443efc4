// The one automatic window (stacks and volumes open with the same defaults), min/max and window application with
// MONOCHROME1 inversion.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyWindow, autoWindow, minMax } from '../../../src-shared/viewer/windowing.js';

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

test('infinities and NaN are left out of min/max and the window', () => {
  const values = Float32Array.from({ length: 1000 }, (_, i) => i);
  values[3] = Infinity;
  values[4] = -Infinity;
  values[5] = NaN;
  assert.deepEqual(minMax(values), { min: 0, max: 999 });
  const w = autoWindow(values);
  assert.ok(Number.isFinite(w.center) && Number.isFinite(w.width) && w.width > 900, JSON.stringify(w));
  assert.deepEqual(minMax([NaN]), { min: 0, max: 0 });
});

test('an image that is constant but for a few pixels gets its full range, not a one-bin window', () => {
  const mask = new Uint8Array(10_000);
  for (let i = 0; i < 50; i++) mask[i * 7] = 1;
  assert.deepEqual(autoWindow(mask), { center: 0.5, width: 1 });
});
