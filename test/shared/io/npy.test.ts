// The .npy codec: round trips, header alignment, NumPy-written files (big-endian, Fortran order), shape checks.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeNpy, encodeNpy, NpyFormatError } from '../../../src-shared/io/npy.js';
import { fixturesDir } from '../../support/data.js';
import { fixtureNpy } from '../analysis/referenceData.js';

test('float32 arrays survive encode/decode with shape and values', () => {
  const data = Float32Array.from([1.5, -2, 3.25, 0, 1e-7, 42]);
  const decoded = decodeNpy(encodeNpy(data, [2, 3]));
  assert.equal(decoded.dtype, 'float32');
  assert.deepEqual(decoded.shape, [2, 3]);
  assert.deepEqual([...decoded.data], [...data]);
});

test('the header is padded so data starts on a 64-byte boundary', () => {
  const bytes = encodeNpy(new Int16Array([1, 2, 3]), [3]);
  const headerLength = bytes[8] | (bytes[9] << 8);
  assert.equal((10 + headerLength) % 64, 0);
});

test('files written by NumPy decode, including big-endian and Fortran order', () => {
  // Made with: python3 -c "import numpy as np; a=np.arange(6,dtype='<f4').reshape(2,3); np.save('f4.npy',a);
  //   np.save('i2_be.npy', a.astype('>i2')); np.save('f8_fortran.npy', np.asfortranarray(a.astype('<f8')))"
  const dir = join(fixturesDir, 'npy');
  for (const name of ['f4.npy', 'i2_be.npy', 'f8_fortran.npy']) {
    const array = decodeNpy(readFileSync(join(dir, name)));
    assert.deepEqual(array.shape, [2, 3], name);
    assert.deepEqual([...array.data], [0, 1, 2, 3, 4, 5], name);
  }
});

test('a shape that does not match the data is refused', () => {
  assert.throws(() => encodeNpy(new Float32Array(5), [2, 3]), NpyFormatError);
});

test('garbage and truncated files give a clear error', () => {
  assert.throws(() => decodeNpy(new Uint8Array([1, 2, 3])), /bad magic/);
  const good = encodeNpy(new Float32Array(100), [100]);
  assert.throws(() => decodeNpy(good.subarray(0, good.length - 8)), /truncated/);
});

test('big-endian int16, bool and int64 arrays written by NumPy decode to their values', () => {
  assert.deepEqual(Array.from(fixtureNpy('npy_bigendian_i2.npy').data), [1, -2, 300, -400]);
  assert.deepEqual(Array.from(fixtureNpy('npy_bool.npy').data), [1, 0, 1]);
  const int64 = fixtureNpy('npy_int64.npy');
  assert.equal(int64.dtype, 'int64');
  assert.deepEqual(Array.from(int64.data), [1, 2, 3]);
});

test('a .npy read from a Node Buffer pool slice is copied, not aliased to neighbouring bytes', () => {
  const bytes = encodeNpy(Float64Array.from([1, 2, 3]), [3]);
  const pooled = Buffer.concat([Buffer.from([9, 9, 9]), Buffer.from(bytes)]).subarray(3);
  assert.deepEqual(Array.from(decodeNpy(pooled).data), [1, 2, 3]);
});

test('unsupported dtypes are refused by name', () => {
  const good = encodeNpy(Float64Array.from([1, 2, 3]), [3]);
  const complex = new TextDecoder('latin1').decode(good).replace("'<f8'", "'<c8'");
  assert.throws(() => decodeNpy(Uint8Array.from(complex, (c) => c.charCodeAt(0))), /unsupported dtype '<c8'/);
});
