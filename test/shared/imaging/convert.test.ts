// The one [−1, 1] → uint8 conversion (NVlabs' generate.py: floor(x·127.5 + 128), the same as rounding x·127.5 + 127.5
// half up, which the dataset builder and training samples used), its inverse (NVlabs' training map u/127.5 − 1) and
// the one luminance (Rec. 601 luma).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { luminance, modelToUint8, modelToUint8Value, rec601Luma, uint8ToModel, uint8ToModelValue } from '../../../src-shared/imaging/convert.js';

test('uint8 storage follows NVlabs: −1 → 0, 0 → 128 (127.5 rounded up), 1 → 255, clamped outside, NaN → 0', () => {
  assert.deepEqual(Array.from(modelToUint8(Float32Array.from([-1, 0, 1, -2, 2, NaN]))), [0, 128, 255, 0, 255, 0]);
});

test('the conversion agrees with both earlier forms (floor(x·127.5 + 128) and round(x·127.5 + 127.5)) on every float32 step', () => {
  for (let i = -1100; i <= 1100; i++) {
    const x = Math.fround(i / 1000);
    const viaFloor = Math.min(255, Math.max(0, Math.floor(x * 127.5 + 128)));
    const viaRound = Math.min(255, Math.max(0, Math.round(x * 127.5 + 127.5)));
    assert.equal(modelToUint8Value(x), viaFloor, `x = ${x}`);
    assert.equal(modelToUint8Value(x), viaRound, `x = ${x}`);
  }
  // Exactly half-way values round up: u/127.5 − 1 maps back to u for every stored byte.
  for (let u = 0; u <= 255; u++) assert.equal(modelToUint8Value(Math.fround(u / 127.5 - 1)), u);
});

test('luminance is Rec. 601 luma for RGB and RGBA (alpha ignored); grey and grey+alpha pass through', () => {
  assert.deepEqual([...rec601Luma], [0.299, 0.587, 0.114]);
  const rgb = luminance(Uint8Array.of(255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 10, 10), 4, 3);
  assert.deepEqual(Array.from(rgb, (v) => Math.round(v * 1000) / 1000), [76.245, 149.685, 29.07, 10]);
  const rgba = luminance(Uint8Array.of(0, 0, 255, 7, 100, 100, 100, 0), 2, 4);
  assert.deepEqual(Array.from(rgba, (v) => Math.round(v * 1000) / 1000), [29.07, 100]);
  assert.deepEqual(Array.from(luminance(Uint16Array.of(1000, 2000), 2, 1)), [1000, 2000]);
  assert.deepEqual(Array.from(luminance(Uint8Array.of(9, 255, 4, 0), 2, 2)), [9, 4]);
});

test('stored bytes map to the model scale as NVlabs trains on them (0 → −1, 255 → 1) and back to the same bytes', () => {
  assert.equal(uint8ToModelValue(0), -1);
  assert.equal(uint8ToModelValue(255), 1);
  const bytes = Uint8Array.from({ length: 256 }, (_, u) => u);
  const model = uint8ToModel(bytes);
  assert.ok(model instanceof Float32Array);
  assert.deepEqual(Array.from(modelToUint8(model)), Array.from(bytes));
});
