// Bounded decoding: a small crafted file cannot inflate past what its header declares (deflated DICOM, gzip NIfTI),
// absurd PNG dimensions are refused before allocation, and NaN geometry does not poison the catalog listing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { decodePng } from '../../../src-main/io/png.js';
import { readNifti } from '../../../src-main/io/nifti.js';
import { readDicomHeader } from '../../../src-main/io/dicom.js';
import { inflateLimit } from '../../../src-main/io/bounded.js';
import { openRuntime } from '../../../src-main/cli/runtime.js';
import { importPaths } from '../../../src-shared/api/awaitJob.js';
import { writeNifti } from '../../support/niftiWriter.js';
import { tempDirs } from '../../support/tempDirs.js';

const tempDir = tempDirs('latentrad-bounded-');

function element(group: number, el: number, vr: string, value: Buffer): Buffer {
  const header = Buffer.alloc(vr === 'OW' || vr === 'OB' ? 12 : 8);
  header.writeUInt16LE(group, 0);
  header.writeUInt16LE(el, 2);
  header.write(vr, 4, 'latin1');
  if (header.length === 12) header.writeUInt32LE(value.length, 8);
  else header.writeUInt16LE(value.length, 6);
  return Buffer.concat([header, value]);
}
const us = (v: number): Buffer => Buffer.from([v & 0xff, v >> 8]);

/** A deflated-transfer-syntax DICOM that declares 16×16 int16 pixels but inflates to `inflatedBytes`. */
function deflateBomb(inflatedBytes: number): Buffer {
  const metaBody = Buffer.concat([
    element(2, 0x0001, 'OB', Buffer.from([0, 1])),
    element(2, 0x0002, 'UI', Buffer.from('1.2.840.10008.5.1.4.1.1.7\0', 'latin1')),
    element(2, 0x0003, 'UI', Buffer.from('1.2.3.4\0', 'latin1')),
    element(2, 0x0010, 'UI', Buffer.from('1.2.840.10008.1.2.1.99', 'latin1')),
  ]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(metaBody.length);
  const dataset = Buffer.concat([
    element(0x0008, 0x0060, 'CS', Buffer.from('OT', 'latin1')),
    element(0x0028, 0x0002, 'US', us(1)),
    element(0x0028, 0x0010, 'US', us(16)),
    element(0x0028, 0x0011, 'US', us(16)),
    element(0x0028, 0x0100, 'US', us(16)),
    element(0x7fe0, 0x0010, 'OW', Buffer.alloc(inflatedBytes)),
  ]);
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM', 'latin1'), element(2, 0, 'UL', length), metaBody, deflateRawSync(dataset, { level: 9 })]);
}

test('the inflate ceiling is the declared size × 1.1 + 1 MiB, at most 2 GiB', () => {
  assert.equal(inflateLimit(1000), 1100 + 1024 * 1024);
  assert.equal(inflateLimit(1e12), 2 * 1024 * 1024 * 1024 - 1);
});

test('a deflated DICOM that inflates far beyond its declared pixels is refused with the reason', async () => {
  const path = join(tempDir(), 'bomb.dcm');
  writeFileSync(path, deflateBomb(64 * 1024 * 1024));
  const size = readFileSync(path).length;
  assert.ok(size < 200 * 1024, `${size} bytes on disk`);
  assert.throws(() => readDicomHeader(path, size), /decompresses to more than \d+ MiB, more than the header declares/);
  const ok = join(tempDir(), 'ok.dcm');
  writeFileSync(ok, deflateBomb(512));
  assert.equal((readDicomHeader(ok, readFileSync(ok).length))?.header.rows, 16);
});

test('a .nii.gz whose gzip holds far more than its header declares is refused', async () => {
  const dir = tempDir();
  writeNifti(join(dir, 'small.nii'), [8, 8, 8], new Uint8Array(512), [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]);
  const bytes = readFileSync(join(dir, 'small.nii'));
  writeFileSync(join(dir, 'bomb.nii.gz'), gzipSync(Buffer.concat([bytes, Buffer.alloc(64 * 1024 * 1024)])));
  await assert.rejects(readNifti(join(dir, 'bomb.nii.gz')), /bomb\.nii\.gz: gzip: decompresses to more than/);
  writeFileSync(join(dir, 'fine.nii.gz'), gzipSync(bytes));
  assert.equal((await readNifti(join(dir, 'fine.nii.gz'))).data.length, 512);
});

test('a PNG declaring 100000 × 100000 pixels is refused before decoding', () => {
  const png = Buffer.alloc(64);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png);
  png.writeUInt32BE(13, 8);
  png.write('IHDR', 12, 'latin1');
  png.writeUInt32BE(100000, 16);
  png.writeUInt32BE(100000, 20);
  png[24] = 8;
  assert.throws(() => decodePng(png, 'huge.png'), /huge\.png: not a readable PNG \(an image of 100000 × 100000 × 4 .* over the 1024 MiB limit/);
});

test('a NIfTI with pixdim = NaN imports with finite geometry and the volume listing still works', async () => {
  const dir = tempDir();
  const path = join(dir, 'nan.nii');
  writeNifti(path, [4, 4, 4], new Uint8Array(64), [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]);
  const bytes = readFileSync(path);
  bytes.writeFloatLE(Number.NaN, 80);
  bytes.writeInt16LE(1, 252); // qform_code, so the quaternion path (which uses pixdim) is taken
  bytes.writeInt16LE(0, 254); // no sform
  writeFileSync(path, bytes);
  const rt = openRuntime({ dataDir: tempDir() });
  try {
    await importPaths(rt.client, { paths: [path] });
    const volumes = await rt.client.call('catalog.listVolumes', {});
    assert.equal(volumes.total, 1);
    assert.ok(JSON.stringify(volumes.rows[0]).length > 0 && !JSON.stringify(volumes.rows[0]).includes('null,'), JSON.stringify(volumes.rows[0]));
  } finally {
    await rt.close();
  }
});
