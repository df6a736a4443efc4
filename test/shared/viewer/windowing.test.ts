// Window/level: CT presets, window ↔ range conversion, automatic window from percentiles.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { autoWindow, ctPresets, dragWindow, formatWindow, rangeToWindow, windowToRange } from '../../../src-shared/viewer/windowing.js';

test('the CT presets are brain 80/40, soft tissue 400/40, lung 1500/−600, bone 2500/480 on keys 1–4', () => {
  assert.deepEqual(
    ctPresets.map((p) => [p.label, p.width, p.center, p.key]),
    [['CT brain', 80, 40, '1'], ['Soft tissue', 400, 40, '2'], ['Lung', 1500, -600, '3'], ['Bone', 2500, 480, '4']],
  );
});

test('window and value range convert both ways', () => {
  assert.deepEqual(windowToRange({ center: 40, width: 400 }), { lower: -160, upper: 240 });
  assert.deepEqual(rangeToWindow(-160, 240), { center: 40, width: 400 });
});

test('the automatic window spans the 1st–99th percentiles, ignoring outliers and NaN', () => {
  const values = new Float32Array(10_000);
  for (let i = 0; i < values.length; i++) values[i] = i % 1000; // uniform 0..999
  values[0] = 1e6; // one hot pixel
  values[1] = NaN;
  const w = autoWindow(values);
  const { lower, upper } = windowToRange(w);
  assert.ok(lower >= 0 && lower < 30, `lower ${lower}`);
  assert.ok(upper > 970 && upper < 1100, `upper ${upper}`);
});

test('the automatic window of a constant image has width 1 around the value', () => {
  assert.deepEqual(autoWindow([7, 7, 7]), { center: 7, width: 1 });
  assert.deepEqual(autoWindow([]), { center: 0, width: 1 });
});

test('dragging right widens the window and dragging down raises the level; width stays positive', () => {
  assert.deepEqual(dragWindow({ center: 40, width: 400 }, 10, 5, 2), { center: 50, width: 420 });
  assert.ok(dragWindow({ center: 0, width: 10 }, -100, 0, 1).width > 0);
});

test('windows format as W/L in whole units', () => {
  assert.equal(formatWindow({ center: -600, width: 1500 }), 'W 1500 L -600');
});
