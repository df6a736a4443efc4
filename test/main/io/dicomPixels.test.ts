// Frame decoding on the fixture files: every transfer syntax of one MR slice decodes to identical pixels, colour
// models (RGB, YBR, palette), 12-bit JPEG, multi-frame, and clear errors for broken files.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeFrame, loadDicom } from '../../../src-main/io/dicomPixels.js';
import type { DecodedFrame } from '../../../src-main/io/dicomPixels.js';
import { fixturesDir } from '../../support/data.js';

const fx = (...p: string[]): string => join(fixturesDir, 'dicom', ...p);
const decode = async (path: string, frame = 0): Promise<DecodedFrame & { ts: string; photometric: string | null }> => {
  const parsed = await loadDicom(path);
  return { ...(await decodeFrame(parsed, frame)), ts: parsed.header.transferSyntaxUid, photometric: parsed.header.photometric };
};

test('one MR slice decodes to identical signed pixels in every lossless transfer syntax', async () => {
  const reference = await decode(fx('pydicom', 'MR_small.dcm'));
  assert.ok(reference.data instanceof Int16Array);
  assert.equal(reference.data.length, 64 * 64);
  const copies = ['MR_small_implicit.dcm', 'MR_small_bigendian.dcm', 'MR_small_expb.dcm', 'MR_small_RLE.dcm', 'MR_small_jp2klossless.dcm', 'MR_small_jpeg_ls_lossless.dcm', 'MR_small_padded.dcm'];
  const syntaxes = new Set<string>([reference.ts]);
  for (const name of copies) {
    const copy = await decode(fx('pydicom', name));
    syntaxes.add(copy.ts);
    assert.deepEqual(Array.from(copy.data), Array.from(reference.data), `${name} (${copy.ts}) differs`);
  }
  // explicit LE, implicit LE, explicit BE, RLE, JPEG 2000 lossless, JPEG-LS lossless
  assert.ok(syntaxes.size >= 6, `only ${[...syntaxes].join(', ')}`);
});

test('deflated and 12-bit JPEG extended files decode to plausible grey values', async () => {
  const dfl = await decode(fx('pydicom', 'image_dfl.dcm'));
  assert.equal(dfl.ts, '1.2.840.10008.1.2.1.99');
  assert.equal(dfl.data.length, 512 * 512);
  const ext = await decode(fx('pydicom', 'JPGExtended.dcm'));
  assert.equal(ext.ts, '1.2.840.10008.1.2.4.51');
  assert.ok(ext.data instanceof Uint16Array);
  assert.ok(ext.data.some((v) => v > 255), '12-bit data should exceed 8 bits');
});

test('RGB in JPEG baseline (YBR), JPEG lossless, JPEG 2000 and RLE agree within JPEG error', async () => {
  const rle = await decode(fx('pydicom', 'SC_rgb_rle.dcm'));
  assert.equal(rle.samplesPerPixel, 3);
  for (const [name, tolerance] of [['SC_rgb_jpeg_gdcm.dcm', 0], ['SC_rgb_gdcm_KY.dcm', 0], ['SC_rgb_jpeg_dcmtk.dcm', 12]] as const) {
    const other = await decode(fx('pydicom', name));
    assert.equal(other.samplesPerPixel, 3);
    let worst = 0;
    let sum = 0;
    for (let i = 0; i < rle.data.length; i++) {
      const d = Math.abs(rle.data[i] - other.data[i]);
      worst = Math.max(worst, d);
      sum += d;
    }
    assert.ok(sum / rle.data.length <= Math.max(tolerance, 0.5), `${name}: mean error ${sum / rle.data.length}`);
    if (tolerance === 0) assert.equal(worst, 0, `${name} should be lossless`);
  }
});

test('native YBR_FULL_422 is upsampled and converted to RGB', async () => {
  const ybr = await decode(fx('pydicom', 'SC_ybr_full_422_uncompressed.dcm'));
  const rgb = await decode(fx('pydicom', 'SC_rgb_rle.dcm'));
  assert.equal(ybr.photometric, 'YBR_FULL_422');
  assert.equal(ybr.samplesPerPixel, 3);
  let sum = 0;
  for (let i = 0; i < rgb.data.length; i++) sum += Math.abs(rgb.data[i] - ybr.data[i]);
  assert.ok(sum / rgb.data.length < 3, `mean difference ${sum / rgb.data.length}`);
});

test('palette colour becomes RGB through the lookup tables', async () => {
  const f = await decode(fx('cornerstone', 'TestPattern_Palette.dcm'));
  assert.equal(f.photometric, 'PALETTE COLOR');
  assert.equal(f.samplesPerPixel, 3);
  assert.equal(f.data.length, f.rows * f.columns * 3);
  const distinct = new Set<number>();
  for (let i = 0; i < f.data.length; i += 3) distinct.add((f.data[i] << 16) | (f.data[i + 1] << 8) | f.data[i + 2]);
  assert.ok(distinct.size > 8, 'a colour test pattern has many colours');
});

test('JPEG-LS near-lossless colour and a fragmented multi-frame JPEG-LS file without offset table decode', async () => {
  const near = await decode(fx('cornerstone', 'TestPattern_JPEG-LS-NearLossless.dcm'));
  assert.equal(near.ts, '1.2.840.10008.1.2.4.81');
  assert.equal(near.samplesPerPixel, 3);
  const multi = await loadDicom(fx('dicomParser', 'CT0012.fragmented_no_bot_jpeg_ls.80.dcm'));
  assert.equal(multi.header.frames, 2);
  const a = await decodeFrame(multi, 0);
  const b = await decodeFrame(multi, 1);
  assert.equal(a.data.length, 512 * 512);
  assert.ok(a.data.some((v, i) => v !== b.data[i]), 'the two frames differ');
  await assert.rejects(decodeFrame(multi, 2), /frame 2 out of range/);
});

test('a truncated file and a structured report fail with a reason instead of crashing', async () => {
  await assert.rejects(async () => decodeFrame(await loadDicom(fx('pydicom', 'MR_truncated.dcm')), 0), /truncated|corrupt/i);
  const sr = await loadDicom(fx('pydicom', 'test-SR.dcm'));
  assert.equal(sr.header.displayable, false);
  await assert.rejects(decodeFrame(sr, 0), /no Pixel Data/);
});

test('planar (colour-by-plane) native RGB is interleaved on decode', async () => {
  const planar = await loadDicom(fx('pydicom', 'ExplVR_BigEnd.dcm'));
  assert.equal(planar.header.planarConfiguration, 1);
  const f = await decodeFrame(planar, 0);
  const el = planar.dataSet.elements.x7fe00010;
  const raw = planar.dataSet.byteArray.subarray(el.dataOffset, el.dataOffset + el.length);
  const n = f.rows * f.columns;
  for (const p of [0, 17, n - 1]) for (let c = 0; c < 3; c++) assert.equal(f.data[p * 3 + c], raw[c * n + p]);
});

/** A copy of `name` whose Rows (0028,0010) and, when given, Columns (0028,0011) are overwritten (explicit VR LE). */
function withDimensions(name: string, rows: number, columns?: number): string {
  const bytes = readFileSync(fx('pydicom', name));
  const set = (element: number, value: number): void => {
    const tag = Buffer.from([0x28, 0x00, element, 0x00, 0x55, 0x53, 0x02, 0x00]);
    const at = bytes.indexOf(tag);
    assert.ok(at > 0, `${name}: no (0028,00${element.toString(16)}) US element`);
    bytes.writeUInt16LE(value, at + 8);
  };
  set(0x10, rows);
  if (columns !== undefined) set(0x11, columns);
  const out = join(mkdtempSync(join(tmpdir(), 'latentrad-dims-')), `${rows}x${columns ?? 'same'}-${name}`);
  writeFileSync(out, bytes);
  return out;
}

test('compressed frames whose Rows/Columns were damaged to 65535 are refused before the codec runs, with the reason', async () => {
  const started = Date.now();
  for (const name of ['SC_rgb_jpeg_dcmtk.dcm', 'JPGExtended.dcm', 'MR_small_jpeg_ls_lossless.dcm', 'MR_small_jp2klossless.dcm']) {
    await assert.rejects(decode(withDimensions(name, 65535)), /compressed frame's own header says \d+×\d+, the DICOM header says \d+×65535/, name);
    await assert.rejects(decode(withDimensions(name, 65535, 65535)), /a frame of 65535 × 65535 × \d .* is over the 1024 MiB limit/, name);
  }
  assert.ok(Date.now() - started < 60_000, `took ${Date.now() - started} ms (generous: tells refusal from decoding 65535² frames on a busy machine)`);
});
