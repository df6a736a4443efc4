// Pixel messages: a frame survives the binary encoding (header and bytes), its pixels can be viewed without a copy,
// and malformed messages or frames whose byte count disagrees with their geometry are refused with a reason.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodePixelMessage, encodePixelMessage, frameValues, pixelFrameSchema } from '../../../src-shared/api/pixels.js';
import type { PixelFrame } from '../../../src-shared/api/pixels.js';

function frame(values: Float32Array, rows: number, columns: number): PixelFrame {
  return {
    source: { id: 'volume:3', axis: 'z', index: 7 },
    provenance: 'synthetic',
    modality: 'MR',
    geometry: {
      rows, columns, pixelSpacing: [0.9, 0.8], imagePositionPatient: [1, 2, 3], imageOrientationPatient: [1, 0, 0, 0, 1, 0],
      sliceThickness: 1, frameOfReferenceUid: null, orientationLabels: { top: 'A', bottom: 'P', left: 'R', right: 'L' },
    },
    samplesPerPixel: 1,
    photometricInterpretation: 'MONOCHROME2',
    invert: false,
    rescale: { slope: 1, intercept: 0, type: null },
    window: { center: 0.5, width: 1, source: 'auto' },
    windowPresets: [{ center: 40, width: 400, source: 'file' }],
    min: Math.min(...values),
    max: Math.max(...values),
    dtype: 'float32',
    data: new Uint8Array(values.buffer),
    transferSyntaxUid: null,
    lossy: false,
    numberOfFrames: 20,
  };
}

test('a frame encoded as a binary message decodes to the same header and pixel values', () => {
  const values = Float32Array.from({ length: 6 * 5 }, (_, i) => i * 0.25 - 3);
  const original = frame(values, 6, 5);
  const decoded = decodePixelMessage(encodePixelMessage(original));
  const { data: _a, ...header } = decoded;
  const { data: _b, ...expected } = original;
  assert.deepEqual(header, expected);
  assert.deepEqual(Array.from(frameValues(decoded)), Array.from(values));
});

test('the pixels of a decoded message start on an 8-byte boundary, so they are viewed in place', () => {
  // Header lengths vary with the JSON; try several so every padding case occurs.
  for (let extra = 0; extra < 8; extra++) {
    const original = { ...frame(new Float32Array([1, 2, 3, 4]), 2, 2), modality: 'M'.repeat(extra + 1) };
    const message = encodePixelMessage(original);
    const decoded = decodePixelMessage(message);
    assert.equal(decoded.data.byteOffset % 8, 0);
    const view = frameValues(decoded);
    assert.equal(view.buffer, message.buffer, 'a view into the message, not a copy');
    assert.deepEqual(Array.from(view), [1, 2, 3, 4]);
  }
});

test('pixel values of an odd-aligned byte view are copied into a typed array of the dtype', () => {
  const bytes = new Uint8Array(9);
  new Int16Array(bytes.buffer, 0, 4).set([-5, 7, 300, -32768]);
  const shifted = new Uint8Array(10);
  shifted.set(bytes.subarray(0, 8), 1);
  const values = frameValues({ dtype: 'int16', data: shifted.subarray(1, 9) });
  assert.ok(values instanceof Int16Array);
  assert.deepEqual(Array.from(values), [-5, 7, 300, -32768]);
});

test('truncated or inconsistent messages are refused with the reason', () => {
  assert.throws(() => decodePixelMessage(new Uint8Array(2)), /too short/);
  const message = encodePixelMessage(frame(new Float32Array(4), 2, 2));
  new DataView(message.buffer).setUint32(0, 1_000_000, true);
  assert.throws(() => decodePixelMessage(message), /runs past the end/);
  const cut = encodePixelMessage(frame(new Float32Array(4), 2, 2));
  assert.throws(() => decodePixelMessage(cut.subarray(0, cut.byteLength - 4)), /different number of bytes/);
});

test('a frame whose bytes do not match rows × columns × dtype fails the contract', () => {
  const bad = { ...frame(new Float32Array(4), 2, 2), data: new Uint8Array(15) };
  const result = pixelFrameSchema.safeParse(bad);
  assert.equal(result.success, false);
  assert.match(JSON.stringify(result.error?.issues), /different number of bytes/);
});
