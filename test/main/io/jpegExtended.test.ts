// 12-bit JPEG extended (processes 2–4, 6–8, 10–12) decodes to exactly what DCMTK's dcmdjpeg writes: SHA-256 of each
// frame's samples as dcmdjpeg 3.6.7 decompressed them (see the README of test/fixtures/dicom), and broken streams are
// refused with a reason without spoiling the next decode.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeFrame, loadDicom } from '../../../src-main/io/dicomPixels.js';
import { jpegFrameHeader } from '../../../src-main/io/frameHeader.js';
import { fixturesDir, needsSharedData, sharedData } from '../../support/data.js';

// `dcmdjpeg <file> out.dcm`, then SHA-256 over the little-endian 16-bit samples of each frame of out.dcm's Pixel Data.
const cornerstoneCt = '85e3b617e00dc755e55971bfe8770210f17d4909b17db5d71d2617e22254b3b9';
const dcmtk: Record<string, string[]> = {
  'pydicom/JPGExtended.dcm': ['d30242775a414c01d616447854ebe3f2b20259822894bcd6891f879bcdcbf313'],
  'cornerstone/CTImage.dcm_JPEGProcess2_4TransferSyntax_1.2.840.10008.1.2.4.51.dcm': [cornerstoneCt],
  'cornerstone/CTImage.dcm_JPEGProcess6_8TransferSyntax_1.2.840.10008.1.2.4.53.dcm': [cornerstoneCt],
  'cornerstone/CTImage.dcm_JPEGProcess10_12TransferSyntax_1.2.840.10008.1.2.4.55.dcm': [cornerstoneCt],
  'cornerstone/CT0012.fragmented_no_bot_jpeg_baseline.51.dcm': [
    'ca02438fa06a99507080f811fd05f0792fa474f352a1146d3793aa2040848bce',
    'd6787e030156ea4bdfa64a1f28faedcffdd2027aa2e9e9116398ac311189b973',
  ],
};

async function frameHashes(path: string): Promise<string[]> {
  const parsed = await loadDicom(path);
  const hashes: string[] = [];
  for (let f = 0; f < parsed.header.frames; f++) {
    const { data } = await decodeFrame(parsed, f);
    assert.ok(data instanceof Uint16Array, `${path} frame ${f} is ${data.constructor.name}`);
    hashes.push(createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex'));
  }
  return hashes;
}

test('the 12-bit JPEG fixture decodes to the samples dcmdjpeg writes', async () => {
  assert.deepEqual(await frameHashes(join(fixturesDir, 'dicom', 'pydicom', 'JPGExtended.dcm')), dcmtk['pydicom/JPGExtended.dcm']);
});

test('every 12-bit JPEG file of the shared data decodes to the samples dcmdjpeg writes', { skip: needsSharedData }, async () => {
  for (const [name, expected] of Object.entries(dcmtk)) {
    assert.deepEqual(await frameHashes(sharedData('dicom', ...name.split('/'))), expected, name);
  }
});

/** The fixture with one byte of its JPEG stream changed: `at` counts from the first marker `marker` after SOI. */
function corruptedCopy(marker: number, at: number, value: number): string {
  const bytes = new Uint8Array(readFileSync(join(fixturesDir, 'dicom', 'pydicom', 'JPGExtended.dcm')));
  let soi = -1;
  for (let i = 0; i + 2 < bytes.length && soi < 0; i++) if (bytes[i] === 0xff && bytes[i + 1] === 0xd8 && bytes[i + 2] === 0xff) soi = i;
  let o = soi;
  while (!(bytes[o] === 0xff && bytes[o + 1] === marker)) o++;
  bytes[o + at] = value;
  const path = join(mkdtempSync(join(tmpdir(), 'lr-jpeg12-')), 'broken.dcm');
  writeFileSync(path, bytes);
  return path;
}

test('broken 12-bit streams are refused with the codec reason, and the next frame still decodes exactly', async () => {
  // Component selector of the scan set to an id the frame does not have: libjpeg stops with "Invalid component ID".
  // Each such error leaves wasm stack behind; one dcmjs-codecs instance fails with "memory access out of bounds" on
  // the 30th, so this passes only because a failed instance is replaced.
  const badScan = await loadDicom(corruptedCopy(0xda, 5, 0x77));
  for (let i = 0; i < 32; i++) await assert.rejects(decodeFrame(badScan, 0), /JPEG extended frame does not decode: Invalid component ID 119 in SOS/, `attempt ${i}`);
  // The SOF says 1025 rows where the DICOM header says 1024: refused before the codec allocates anything.
  const badSize = await loadDicom(corruptedCopy(0xc1, 6, 0x01));
  await assert.rejects(decodeFrame(badSize, 0), /own header says 256×1025, the DICOM header says 256×1024/);
  assert.deepEqual(await frameHashes(join(fixturesDir, 'dicom', 'pydicom', 'JPGExtended.dcm')), dcmtk['pydicom/JPGExtended.dcm']);
});

test('jpegFrameHeader reads precision, size and components from the SOF, skipping other segments and fill bytes', () => {
  const sof1 = [0xff, 0xc1, 0, 11, 12, 0x04, 0x00, 0x01, 0x00, 1, 1, 0x11, 0];
  const app0 = [0xff, 0xe0, 0, 4, 0xaa, 0xbb];
  const stream = Uint8Array.from([0xff, 0xd8, ...app0, 0xff, ...sof1, 0xff, 0xd9]);
  assert.deepEqual(jpegFrameHeader(stream), { precision: 12, height: 1024, width: 256, components: 1 });
  assert.equal(jpegFrameHeader(Uint8Array.from([0x00, 0x01, 0x02, 0x03])), null);
  assert.equal(jpegFrameHeader(Uint8Array.from([0xff, 0xd8, ...app0, 0xff, 0xda, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0])), null);
});
