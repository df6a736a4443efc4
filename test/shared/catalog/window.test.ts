// Automatic windows, window application with MONOCHROME1 inversion, and the label CSV parser.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCsv, parseLabelCsv } from '../../../src-shared/catalog/csv.js';
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

test('CSV parsing handles quotes, commas inside quotes and CRLF', () => {
  assert.deepEqual(parseCsv('a,"b,c",d\r\n"x ""y""",z\n'), [['a', 'b,c', 'd'], ['x "y"', 'z']]);
});

test('label CSVs: a header names the keys; without one the second column is the class', () => {
  const withHeader = parseLabelCsv('path,age,sex\nIXI012.nii.gz,38.78,M\n');
  assert.deepEqual(withHeader.keys, ['age', 'sex']);
  assert.deepEqual(withHeader.rows, [{ line: 2, ref: 'IXI012.nii.gz', labels: { age: '38.78', sex: 'M' } }]);
  const bare = parseLabelCsv('a.png,PNEUMONIA\nb.png,NORMAL\n');
  assert.deepEqual(bare.rows.map((r) => r.labels.class), ['PNEUMONIA', 'NORMAL']);
});
