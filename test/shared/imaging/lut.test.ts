// Applying a DICOM LUT: inputs below the first mapped value take the first entry, past the table the last; a
// signed first mapped value works; the VOI window spans the table's inputs; display scaling follows the entry bits.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyLut, lutInputWindow, lutOutputWindow, voiLutToDisplay } from '../../../src-shared/imaging/lut.js';
import type { Lut } from '../../../src-shared/imaging/lut.js';

const lut: Lut = { firstMapped: -2, bits: 12, data: [10, 20, 30, 4095], explanation: null };

test('values are looked up from the first mapped value and clamped at both ends', () => {
  assert.deepEqual(Array.from(applyLut([-100, -2, -1, 0, 1, 2, 5000], lut)), [10, 10, 20, 30, 4095, 4095, 4095]);
  assert.ok(applyLut([0], lut) instanceof Uint16Array);
  assert.ok(applyLut([0], { ...lut, bits: 8, data: [1, 2] }) instanceof Uint8Array);
});

test('entries wider than the stated bits are masked to them', () => {
  assert.deepEqual(Array.from(applyLut([0], { firstMapped: 0, bits: 8, data: [0x1ff], explanation: null })), [0xff]);
});

test('the linear stand-in window spans the inputs the table maps', () => {
  assert.deepEqual(lutInputWindow(lut), { center: -0.5, width: 3 });
});

test('the output window spans 0..2^bits−1, so a linear window shows each entry at entry / (2^bits − 1) of full grey', () => {
  const w = lutOutputWindow(lut);
  assert.deepEqual(w, { center: 2047.5, width: 4095 });
  assert.deepEqual([w.center - w.width / 2, w.center + w.width / 2], [0, 4095]);
  assert.deepEqual(lutOutputWindow({ ...lut, bits: 16 }), { center: 32767.5, width: 65535 });
});

test('display values scale the entries from 0..2^bits−1 to the output range, inverted for MONOCHROME1', () => {
  assert.deepEqual(Array.from(voiLutToDisplay([-2, 1], lut, 255)), [1, 255]);
  assert.deepEqual(Array.from(voiLutToDisplay([-2, 1], lut, 255, true)), [254, 0]);
});
