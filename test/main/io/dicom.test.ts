// DICOM detection by content and header parsing: Part-10, headerless raw data sets (implicit and explicit VR),
// no false positives on arbitrary bytes, the fields the catalog stores, and symlink loops in the folder walk.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { walkPaths } from '../../../src-main/catalog/walk.js';
import { parseDicomHeader, readDicomHeader, sniffDicom } from '../../../src-main/io/dicom.js';
import { fixturesDir } from '../../support/data.js';

const fx = (...p: string[]): string => join(fixturesDir, 'dicom', ...p);

/** Strips preamble and meta group: what an old ACR-NEMA-style file looks like. */
function rawDataSet(path: string): Uint8Array {
  const bytes = new Uint8Array(readFileSync(path));
  const view = new DataView(bytes.buffer);
  let offset = 132;
  while (view.getUint16(offset, true) === 0x0002) {
    // The meta group is always explicit VR little endian; long VRs have a 4-byte length after 2 reserved bytes.
    const long = ['OB', 'OW', 'SQ', 'UN', 'UT'].includes(String.fromCharCode(bytes[offset + 4], bytes[offset + 5]));
    offset += long ? 12 + view.getUint32(offset + 8, true) : 8 + view.getUint16(offset + 6, true);
  }
  return bytes.subarray(offset);
}

test('Part-10 files are recognised by DICM at byte 128 and parsed up to the pixel data', async () => {
  const r = readDicomHeader(fx('pydicom', 'CT_small.dcm'), readFileSync(fx('pydicom', 'CT_small.dcm')).length);
  assert.equal(r?.flavour.kind, 'part10');
  const h = r!.header;
  assert.equal(h.modality, 'CT');
  assert.equal(h.rows, 128);
  assert.equal(h.sopInstanceUid, '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322');
  assert.ok(h.pixelSpacing && h.imagePositionPatient && h.imageOrientationPatient);
  assert.equal(h.displayable, true);
  assert.equal(h.isDicomdir, false);
});

test('headerless implicit-VR data sets are detected and parsed with their real values', () => {
  const raw = rawDataSet(fx('pydicom', 'MR_small_implicit.dcm'));
  const flavour = sniffDicom(raw);
  assert.deepEqual(flavour, { kind: 'raw', transferSyntax: '1.2.840.10008.1.2' });
  const h = parseDicomHeader(raw, flavour!);
  assert.equal(h.modality, 'MR');
  assert.deepEqual([h.rows, h.columns], [64, 64]);
});

test('headerless explicit-VR little endian is told apart from implicit', () => {
  const raw = rawDataSet(fx('pydicom', 'MR_small.dcm'));
  assert.deepEqual(sniffDicom(raw), { kind: 'raw', transferSyntax: '1.2.840.10008.1.2.1' });
});

test('text, PNG, zeros and random bytes are not mistaken for DICOM', () => {
  const samples = [
    new TextEncoder().encode('# README\nThis folder holds test images of several kinds, none of them DICOM.\n'.repeat(4)),
    new Uint8Array(readFileSync(join(fixturesDir, 'images', 'NORMAL', 'IM-0117-0001.png'))),
    new Uint8Array(1024),
    new Uint8Array(4096).map((_, i) => (i * 2654435761) >>> 24),
    Uint8Array.from([0x08, 0x00, 0x05, 0x00, 0xff, 0xff, 0xff, 0x7f, ...new Array(60).fill(1)]),
  ];
  for (const [i, s] of samples.entries()) assert.equal(sniffDicom(s), null, `sample ${i}`);
});

test('a DICOMDIR is flagged as an index, a structured report as not displayable', async () => {
  const dir = readDicomHeader(fx('media', 'DICOMDIR'), readFileSync(fx('media', 'DICOMDIR')).length);
  assert.equal(dir?.header.isDicomdir, true);
  const sr = readDicomHeader(fx('pydicom', 'test-SR.dcm'), readFileSync(fx('pydicom', 'test-SR.dcm')).length);
  assert.equal(sr?.header.displayable, false);
});

test('the folder walk survives a symlink loop and lists each file once', async () => {
  const root = mkdtempSync(join(tmpdir(), 'latentrad-walk-'));
  try {
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    writeFileSync(join(root, 'a', 'b', 'x.dcm'), 'x');
    symlinkSync(join(root, 'a'), join(root, 'a', 'b', 'loop'));
    const errors: string[] = [];
    const files = await walkPaths([root], (p, r) => errors.push(`${p}: ${r}`));
    assert.deepEqual(files.map((f) => f.path), [join(root, 'a', 'b', 'x.dcm')]);
    assert.deepEqual(errors, []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
