import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeNpy, parseNpy } from '../../../src-main/analysis/npy.js';
import { fixtureNpy } from '../../shared/analysis/referenceData.js';

test('a Fortran-order float64 array written by NumPy is read back in C order', () => {
  const array = fixtureNpy('npy_fortran_f8.npy');
  assert.deepEqual(array.shape, [2, 3]);
  assert.deepEqual(Array.from(array.data), [0, 1, 2, 3, 4, 5]);
});

test('big-endian int16, bool and int64 arrays are decoded to their values', () => {
  assert.deepEqual(Array.from(fixtureNpy('npy_bigendian_i2.npy').data), [1, -2, 300, -400]);
  assert.deepEqual(Array.from(fixtureNpy('npy_bool.npy').data), [1, 0, 1]);
  assert.deepEqual(Array.from(fixtureNpy('npy_int64.npy').data), [1, 2, 3]);
});

test('encodeNpy round-trips float32 and uint8 arrays with a 64-byte aligned header', () => {
  const data = Float32Array.from([1.5, -2, 3.25, 0, 7, 8]);
  const bytes = encodeNpy(data, [2, 3]);
  assert.equal((bytes[8] + bytes[9] * 256 + 10) % 64, 0);
  const back = parseNpy(bytes);
  assert.equal(back.descr, '<f4');
  assert.deepEqual(back.shape, [2, 3]);
  assert.deepEqual(Array.from(back.data), Array.from(data));
  assert.deepEqual(Array.from(parseNpy(encodeNpy(Uint8Array.from([4]), [1])).data), [4]);
});

test('a .npy read from a Node Buffer pool slice is copied, not aliased to neighbouring bytes', () => {
  const bytes = encodeNpy(Float64Array.from([1, 2, 3]), [3]);
  const pooled = Buffer.concat([Buffer.from([9, 9, 9]), Buffer.from(bytes)]).subarray(3);
  assert.deepEqual(Array.from(parseNpy(pooled).data), [1, 2, 3]);
});

test('malformed .npy files fail with a reason: bad magic, truncated data, unsupported dtype', () => {
  assert.throws(() => parseNpy(new TextEncoder().encode('hello world, not numpy')), /bad magic/);
  const good = encodeNpy(Float64Array.from([1, 2, 3]), [3]);
  assert.throws(() => parseNpy(good.subarray(0, good.length - 4)), /truncated data/);
  const complex = new TextDecoder('latin1').decode(good).replace("'<f8'", "'<c8'");
  assert.throws(() => parseNpy(Uint8Array.from(complex, (c) => c.charCodeAt(0))), /unsupported dtype '<c8'/);
});
