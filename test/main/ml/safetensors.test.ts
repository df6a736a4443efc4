// safetensors encode/decode: round trip, alignment, F64 input, and clear errors for malformed files.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from '../../../src-main/ml/safetensors.js';

function handMade(header: object, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

test('encoded tensors decode to the same names, shapes, values and metadata', () => {
  const tensors = new Map([
    ['a.weight', { shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 4, 5, 6]) }],
    ['a.scalar', { shape: [], data: Float32Array.from([0.25]) }],
  ]);
  const bytes = encodeSafetensors(tensors, { network: 'G_ema' });
  const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal((8 + headerLength) % 8, 0, 'data starts 8-byte aligned');
  const back = decodeSafetensors(bytes);
  assert.deepEqual(back.metadata, { network: 'G_ema' });
  assert.deepEqual([...back.tensors.keys()], ['a.weight', 'a.scalar']);
  assert.deepEqual(back.tensors.get('a.weight'), tensors.get('a.weight'));
  assert.deepEqual(back.tensors.get('a.scalar'), tensors.get('a.scalar'));
});

test('a hand-written file with F64 data decodes to float32 values', () => {
  const data = new Uint8Array(new Float64Array([1.5, -2.25]).buffer);
  const back = decodeSafetensors(handMade({ x: { dtype: 'F64', shape: [2], data_offsets: [0, 16] } }, data));
  assert.deepEqual(Array.from(back.tensors.get('x')!.data), [1.5, -2.25]);
});

test('offsets beyond the data are rejected with the tensor name', () => {
  const bytes = handMade({ x: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, new Uint8Array(8));
  assert.throws(() => decodeSafetensors(bytes), (e: Error) => e instanceof SafetensorsError && /tensor x/.test(e.message));
});

test('a shape that disagrees with the byte count is rejected', () => {
  const bytes = handMade({ x: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, new Uint8Array(8));
  assert.throws(() => decodeSafetensors(bytes), /needs 12 bytes/);
});

test('unsupported dtypes and non-JSON headers are rejected', () => {
  assert.throws(() => decodeSafetensors(handMade({ x: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8))), /I64 is not supported/);
  const garbage = new Uint8Array(16);
  new DataView(garbage.buffer).setBigUint64(0, 4n, true);
  garbage.set([0x7b, 0x7b, 0x7b, 0x7b], 8);
  assert.throws(() => decodeSafetensors(garbage), /not valid JSON/);
  assert.throws(() => decodeSafetensors(new Uint8Array(3)), /shorter than/);
  const huge = new Uint8Array(16);
  new DataView(huge.buffer).setBigUint64(0, 1n << 40n, true);
  assert.throws(() => decodeSafetensors(huge), /does not fit/);
});
