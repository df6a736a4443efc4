// .npz archives (zip) are bounded: a member declaring more than 1 GiB is refused before anything is inflated, and a
// member that inflates past its declared size yields only the declared bytes, then a clear error naming the member.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { zipSync } from 'fflate';
import { encodeNpy } from '../../../src-shared/io/npy.js';
import { decodeNpz } from '../../../src-main/ml/npz.js';
import { encodeNpz } from '../../../src-main/ml/npzWrite.js';

const localHeader = 0x04034b50;
const centralHeader = 0x02014b50;

/** Rewrites the uncompressed size a zip declares for its (single) member, in both its local and central headers. */
function declareSize(zip: Uint8Array, bytes: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++) {
    const signature = view.getUint32(i, true);
    if (signature === localHeader) view.setUint32(i + 22, bytes, true);
    if (signature === centralHeader) view.setUint32(i + 24, bytes, true);
  }
  return out;
}

test('a written .npz reads back by member name', () => {
  const npz = encodeNpz([{ name: 'w', data: Float32Array.from([1, 2, 3, 4]), shape: [1, 2, 2] }]);
  const w = decodeNpz(npz, 'w.npz').get('w');
  assert.deepEqual(w?.shape, [1, 2, 2]);
  assert.deepEqual([...(w?.data ?? [])], [1, 2, 3, 4]);
});

test('a member declaring more than 1 GiB is refused before inflating, naming the file and the member', () => {
  const zip = zipSync({ 'w.npy': encodeNpy(new Float32Array(16), [16]) });
  assert.throws(() => decodeNpz(declareSize(zip, 0xfffffff0), 'bomb.npz'), /^Error: bomb\.npz: not a readable \.npz \(zip\) archive \(member w\.npy declares 4294967280 bytes, over the 1024 MiB limit\)$/);
});

test('a member that inflates far past its declared size gives only the declared bytes and a clear error', () => {
  // 64 MiB of zeros deflate to ~64 KiB; the archive says the member holds 200 bytes.
  const zip = zipSync({ 'w.npy': encodeNpy(new Float32Array(16 * 1024 * 1024), [16 * 1024 * 1024]) }, { level: 9 });
  assert.ok(zip.length < 1024 * 1024);
  const before = process.memoryUsage().rss;
  assert.throws(() => decodeNpz(declareSize(zip, 200), 'liar.npz'), /^Error: liar\.npz: member w\.npy: truncated data: shape \(16777216\) needs 67108864 bytes, file has 72$/);
  assert.ok(process.memoryUsage().rss - before < 48 * 1024 * 1024, 'the 64 MiB were never inflated');
});
