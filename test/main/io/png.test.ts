// PNG encode/decode: 8/16-bit grey and RGB round trips, the synthetic tEXt marker, corrupt files named.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodePng, encodePng, isSyntheticPng, syntheticPngText } from '../../../src-main/io/png.js';

test('8-bit grey PNG round trip keeps every value', () => {
  const data = Uint8Array.from({ length: 12 }, (_, i) => i * 20);
  const image = decodePng(encodePng({ width: 4, height: 3, channels: 1, bitDepth: 8, data }));
  assert.deepEqual([image.width, image.height, image.channels, image.bitDepth], [4, 3, 1, 8]);
  assert.deepEqual([...image.data], [...data]);
});

test('16-bit grey PNG round trip keeps full precision', () => {
  const data = Uint16Array.from([0, 1, 1000, 40000, 65535, 12345]);
  const image = decodePng(encodePng({ width: 3, height: 2, channels: 1, bitDepth: 16, data }));
  assert.equal(image.bitDepth, 16);
  assert.deepEqual([...image.data], [...data]);
});

test('RGB PNG round trip keeps channel order', () => {
  const data = Uint8Array.from([255, 0, 0, 0, 255, 0]);
  const image = decodePng(encodePng({ width: 2, height: 1, channels: 3, bitDepth: 8, data }));
  assert.equal(image.channels, 3);
  assert.deepEqual([...image.data], [...data]);
});

test('synthetic images carry the marker in tEXt metadata', () => {
  const bytes = encodePng({ width: 1, height: 1, channels: 1, bitDepth: 8, data: new Uint8Array([7]), text: { ...syntheticPngText } });
  const image = decodePng(bytes);
  assert.equal(isSyntheticPng(image), true);
  assert.match(image.text.Description, /not for diagnosis/);
  assert.equal(isSyntheticPng(decodePng(encodePng({ width: 1, height: 1, channels: 1, bitDepth: 8, data: new Uint8Array([7]) }))), false);
});

test('a corrupt PNG is a bad_input error naming the file', () => {
  assert.throws(() => decodePng(new Uint8Array([137, 80, 78, 71, 1, 2, 3]), 'scan.png'), /scan\.png: not a readable PNG/);
});

test('a file that is not a PNG, or a PNG cut short, says which in words a user can act on', () => {
  assert.throws(() => decodePng(new TextEncoder().encode('x'), 'notes.png'), /notes\.png: not a readable PNG \(it does not start with the PNG signature/);
  const whole = encodePng({ width: 8, height: 8, channels: 1, bitDepth: 8, data: new Uint8Array(64).fill(9) });
  assert.throws(() => decodePng(whole.subarray(0, whole.length - 20), 'cut.png'), (error: Error) => {
    assert.match(error.message, /cut\.png: not a readable PNG \(/);
    assert.doesNotMatch(error.message, /waitng|finished stream/);
    return true;
  });
});

test('RGBA images (analysis overlays) are written through the same encoder and read back as RGB with alpha dropped', () => {
  const rgba = Uint8ClampedArray.of(255, 0, 0, 255, 0, 128, 255, 64);
  const bytes = encodePng({ width: 2, height: 1, channels: 4, bitDepth: 8, data: rgba, text: { Synthetic: 'true' } });
  const back = decodePng(bytes);
  assert.equal(back.channels, 3);
  assert.deepEqual(Array.from(back.data), [255, 0, 0, 0, 128, 255]);
  assert.equal(back.text.Synthetic, 'true');
});
