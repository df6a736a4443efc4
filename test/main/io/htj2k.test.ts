// HTJ2K (transfer syntax 1.2.840.10008.1.2.4.201): no file in ../shared/data uses it, so the test encodes a real MR
// slice with OpenJPH's encoder, wraps it in a minimal Part-10 file, and checks import + decode give the same pixels.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openRuntime } from '../../../src-main/cli/runtime.js';
import { decodeFrame, loadDicom } from '../../../src-main/io/dicomPixels.js';
import { frameValues } from '../../../src-shared/api/pixels.js';
import { fixturesDir } from '../../support/data.js';
import { importPaths } from '../../../src-shared/api/awaitJob.js';

const require = createRequire(import.meta.url);

interface Encoder { getDecodedBuffer(info: object): Uint8Array; encode(): void; getEncodedBuffer(): Uint8Array }
async function encodeHtj2k(pixels: Int16Array, width: number, height: number): Promise<Uint8Array> {
  const factory = require('@cornerstonejs/codec-openjph/wasmjs') as (o: object) => Promise<{ HTJ2KEncoder: new () => Encoder }>;
  const mod = await factory({ wasmBinary: readFileSync(require.resolve('@cornerstonejs/codec-openjph/wasm')), print: () => undefined, printErr: () => undefined });
  const encoder = new mod.HTJ2KEncoder();
  encoder.getDecodedBuffer({ width, height, bitsPerSample: 16, componentCount: 1, isSigned: true, isUsingColorTransform: false }).set(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength));
  encoder.encode();
  return new Uint8Array(encoder.getEncodedBuffer());
}

/** Explicit VR little endian element; values are padded to even length as DICOM requires. */
function element(group: number, el: number, vr: string, value: Uint8Array | string | number): Uint8Array {
  let bytes = typeof value === 'string' ? new TextEncoder().encode(value) : typeof value === 'number' ? new Uint8Array(new Uint16Array([value]).buffer) : value;
  if (bytes.length % 2) bytes = Uint8Array.from([...bytes, vr === 'UI' ? 0 : 0x20]);
  const long = ['OB', 'OW', 'SQ', 'UN', 'UT'].includes(vr);
  const head = new DataView(new ArrayBuffer(long ? 12 : 8));
  head.setUint16(0, group, true);
  head.setUint16(2, el, true);
  head.setUint8(4, vr.charCodeAt(0));
  head.setUint8(5, vr.charCodeAt(1));
  if (long) head.setUint32(8, bytes.length, true);
  else head.setUint16(6, bytes.length, true);
  return Uint8Array.from([...new Uint8Array(head.buffer), ...bytes]);
}

function item(tag: number, payload: Uint8Array): Uint8Array {
  const head = new DataView(new ArrayBuffer(8));
  head.setUint16(0, 0xfffe, true);
  head.setUint16(2, tag, true);
  head.setUint32(4, payload.length, true);
  return Uint8Array.from([...new Uint8Array(head.buffer), ...payload]);
}

function part10(ts: string, codestream: Uint8Array, rows: number, columns: number): Uint8Array {
  const sop = '1.2.826.0.1.3680043.8.498.1';
  const meta = [element(0x0002, 0x0001, 'OB', Uint8Array.from([0, 1])), element(0x0002, 0x0002, 'UI', '1.2.840.10008.5.1.4.1.1.4'), element(0x0002, 0x0003, 'UI', sop), element(0x0002, 0x0010, 'UI', ts)];
  const metaLength = meta.reduce((n, m) => n + m.length, 0);
  const groupLength = element(0x0002, 0x0000, 'UL', new Uint8Array(new Uint32Array([metaLength]).buffer));
  const data = [
    element(0x0008, 0x0016, 'UI', '1.2.840.10008.5.1.4.1.1.4'), element(0x0008, 0x0018, 'UI', sop), element(0x0008, 0x0060, 'CS', 'MR'),
    element(0x0020, 0x000d, 'UI', `${sop}.2`), element(0x0020, 0x000e, 'UI', `${sop}.3`),
    element(0x0028, 0x0002, 'US', 1), element(0x0028, 0x0004, 'CS', 'MONOCHROME2'), element(0x0028, 0x0010, 'US', rows), element(0x0028, 0x0011, 'US', columns),
    element(0x0028, 0x0100, 'US', 16), element(0x0028, 0x0101, 'US', 16), element(0x0028, 0x0102, 'US', 15), element(0x0028, 0x0103, 'US', 1),
  ];
  // Encapsulated Pixel Data: OB of undefined length, an empty offset table item, one fragment, a sequence delimiter.
  const pixelHead = new DataView(new ArrayBuffer(12));
  pixelHead.setUint16(0, 0x7fe0, true);
  pixelHead.setUint16(2, 0x0010, true);
  pixelHead.setUint8(4, 0x4f);
  pixelHead.setUint8(5, 0x42);
  pixelHead.setUint32(8, 0xffffffff, true);
  const fragment = codestream.length % 2 ? Uint8Array.from([...codestream, 0]) : codestream;
  const pixel = [new Uint8Array(pixelHead.buffer), item(0xe000, new Uint8Array(0)), item(0xe000, fragment), item(0xe0dd, new Uint8Array(0))];
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  const parts = [preamble, groupLength, ...meta, ...data, ...pixel];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

test('an HTJ2K-compressed MR slice imports and decodes to the original pixels', async () => {
  const original = await decodeFrame(await loadDicom(join(fixturesDir, 'dicom', 'pydicom', 'MR_small.dcm')), 0);
  assert.ok(original.data instanceof Int16Array);
  const codestream = await encodeHtj2k(original.data, 64, 64);
  const dir = mkdtempSync(join(tmpdir(), 'latentrad-htj2k-'));
  const rt = openRuntime({ dataDir: join(dir, 'data') });
  try {
    const path = join(dir, 'htj2k.dcm');
    writeFileSync(path, part10('1.2.840.10008.1.2.4.201', codestream, 64, 64));
    const summary = await importPaths(rt.client, { paths: [path] });
    assert.deepEqual(summary.errors, []);
    const [instance] = (await rt.client.call('catalog.listInstances', {})).rows;
    assert.equal(instance.transferSyntaxUid, '1.2.840.10008.1.2.4.201');
    const frame = await rt.client.call('pixels.frame', { instanceId: instance.id });
    assert.deepEqual(Array.from(frameValues(frame)), Array.from(original.data));
  } finally {
    await rt.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
