// The pixel service through the API: modality units and dtypes, windows, geometry and orientation letters, colour,
// MONOCHROME1, NIfTI slices along each axis, DICOM series as volumes, and synthetic provenance from PNG metadata.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openRuntime } from '../../../src-main/cli/runtime.js';
import type { CliRuntime } from '../../../src-main/cli/runtime.js';
import { readPng, syntheticPngText, writePng } from '../../../src-main/io/png.js';
import { readNifti } from '../../../src-main/io/nifti.js';
import { decodeFrame, loadDicom } from '../../../src-main/io/dicomPixels.js';
import { frameValues } from '../../../src-shared/api/pixels.js';
import { fixturesDir } from '../../support/data.js';
import { importPaths } from '../../../src-shared/api/awaitJob.js';
import { voiLutToDisplay } from '../../../src-shared/imaging/lut.js';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { encodeSyntheticInstance, newUid } from '../../../src-main/io/dicomWrite.js';

let rt: CliRuntime;
let dir: string;
const fx = (...p: string[]): string => join(fixturesDir, ...p);
const one = async (path: string): Promise<string> => (await rt.client.call('catalog.resolve', { ref: path })).id;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'latentrad-pixels-'));
  rt = openRuntime({ dataDir: join(dir, 'data') });
  const png = await readPng(fx('images', 'NORMAL', 'IM-0117-0001.png'));
  await writePng(join(dir, 'generated.png'), { ...png, text: { ...syntheticPngText } });
  await importPaths(rt.client, { paths: [fx('dicom', 'pydicom'), fx('dicom', 'luts'), fx('dicom', 'media'), fx('dicom', 'cornerstone'), fx('dicom', 'dicomParser'), fx('nifti'), fx('images'), join(dir, 'generated.png')] });
});
after(async () => {
  await rt.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a CT frame comes back in Hounsfield units with an automatic window, geometry and orientation letters', async () => {
  const id = await one(fx('dicom', 'pydicom', 'CT_small.dcm'));
  const f = await rt.client.call('pixels.frame', { instanceId: id, frame: 0 });
  const parsed = await loadDicom(fx('dicom', 'pydicom', 'CT_small.dcm'));
  const stored = (await decodeFrame(parsed, 0)).data;
  const values = frameValues(f);
  const { rescaleSlope: m, rescaleIntercept: b } = parsed.header;
  assert.notEqual(b, 0, 'CT_small has a rescale intercept');
  assert.equal(f.dtype, 'int16');
  for (const i of [0, 100, 5000, 16383]) assert.equal(values[i], stored[i] * m + b);
  assert.equal(f.provenance, 'acquired');
  assert.equal(f.geometry.rows, 128);
  assert.ok(f.geometry.pixelSpacing && f.geometry.pixelSpacing[0] > 0);
  assert.ok(f.geometry.imagePositionPatient && f.geometry.imageOrientationPatient);
  assert.deepEqual(f.geometry.orientationLabels, { top: 'A', bottom: 'P', left: 'R', right: 'L' });
  // CT_small states no window: the default comes from the histogram and lies inside the data range.
  assert.equal(parsed.header.windows.length, 0);
  assert.equal(f.window.source, 'auto');
  assert.equal(f.min, Math.min(...values));
  assert.ok(f.window.center > f.min && f.window.center < f.max && f.window.width > 0);
});

test('a CR with a Modality LUT Sequence comes back in the LUT’s units (not stored values), with its VOI LUT for display', async () => {
  const reference = JSON.parse(readFileSync(fx('dicom', 'luts', 'reference.json'), 'utf8')) as { modality: number[]; voi: number[] };
  const f = await rt.client.call('pixels.frame', { instanceId: await one(fx('dicom', 'luts', 'cr-modality-voi-lut.dcm')), frame: 0 });
  assert.deepEqual(Array.from(frameValues(f)), reference.modality);
  assert.deepEqual(f.rescale, { slope: 1, intercept: 0, type: 'OD' });
  assert.ok(f.voiLut);
  // No Window Center/Width in the file: the linear window spans the VOI LUT's inputs.
  assert.deepEqual(f.window, { center: 2047.5, width: 4095, source: 'file' });
  // PNG export applies the table itself: pydicom's apply_voi_lut output, scaled from 12 bits to 16.
  const png = voiLutToDisplay(frameValues(f), f.voiLut, 65535);
  assert.deepEqual(Array.from(png), reference.voi.map((v) => Math.round((v / 4095) * 65535)));
});

test('MONOCHROME1 frames are flagged to display inverted; colour frames are RGB uint8', async () => {
  const cr = await one(fx('dicom', 'media', '77654033', 'CR1', '6154'));
  const mono1 = await rt.client.call('pixels.frame', { instanceId: cr });
  assert.equal(mono1.photometricInterpretation, 'MONOCHROME1');
  assert.equal(mono1.invert, true);
  const palette = await one(fx('dicom', 'cornerstone', 'TestPattern_Palette.dcm'));
  const rgb = await rt.client.call('pixels.frame', { instanceId: palette });
  assert.equal(rgb.samplesPerPixel, 3);
  assert.equal(rgb.dtype, 'uint8');
  assert.equal(frameValues(rgb).length, rgb.geometry.rows * rgb.geometry.columns * 3);
});

test('a structured report is refused with the reason, not decoded', async () => {
  const sr = await one(fx('dicom', 'pydicom', 'test-SR.dcm'));
  await assert.rejects(rt.client.call('pixels.frame', { instanceId: sr }), /no displayable image/);
});

test('NIfTI slices along x, y and z carry the voxels and an LPS geometry consistent with the affine', async () => {
  const id = await one(fx('nifti', 'little.nii.gz'));
  const info = await rt.client.call('pixels.volumeInfo', { id });
  assert.deepEqual(info.dims, [64, 64, 21]);
  const vol = await readNifti(fx('nifti', 'little.nii.gz'));
  const z = await rt.client.call('pixels.slice', { volumeId: id, axis: 'z', index: 10 });
  assert.deepEqual([z.geometry.columns, z.geometry.rows], [64, 64]);
  const zValues = frameValues(z);
  const sum = (a: ArrayLike<number>): number => Array.from(a).reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(sum(zValues) - sum(vol.data.subarray(10 * 64 * 64, 11 * 64 * 64))) < 1e-2, 'the z slice holds exactly slice k=10');
  const x = await rt.client.call('pixels.slice', { volumeId: id, axis: 'x', index: 5 });
  assert.deepEqual([x.geometry.columns, x.geometry.rows], [64, 21]);
  const y = await rt.client.call('pixels.slice', { volumeId: id, axis: 'y', index: 5 });
  assert.deepEqual([y.geometry.columns, y.geometry.rows], [64, 21]);
  const iop = z.geometry.imageOrientationPatient!;
  assert.ok(Math.abs(Math.hypot(iop[0], iop[1], iop[2]) - 1) < 1e-6);
  await assert.rejects(rt.client.call('pixels.slice', { volumeId: id, axis: 'z', index: 21 }), /out of range/);
});

test('a DICOM series is ordered along its normal and can be resliced when its grid is regular', async () => {
  const series = await rt.client.call('catalog.listSeries', { where: { modality: 'CT' }, limit: 100 });
  const ct2 = series.rows.find((s) => s.instanceCount === 4);
  assert.ok(ct2, 'media/77654033/CT2 is a 4-slice CT series');
  const info = await rt.client.call('pixels.volumeInfo', { id: ct2.id });
  assert.equal(info.slices.length, 4);
  const normal = [info.direction[6], info.direction[7], info.direction[8]];
  const d = info.slices.map((s) => s.imagePositionPatient!.reduce((acc, v, i) => acc + v * normal[i], 0));
  for (let i = 1; i < d.length; i++) assert.ok(d[i] > d[i - 1], 'slices ascend along the normal');
  const z = await rt.client.call('pixels.slice', { volumeId: ct2.id, axis: 'z', index: 0 });
  assert.equal(z.source.id, ct2.id);
  if (info.consistent) {
    const x = await rt.client.call('pixels.slice', { volumeId: ct2.id, axis: 'x', index: 8 });
    assert.equal(x.geometry.rows, 4);
  }
});

test('a DICOM series marked Synthetic Data = YES opens as a synthetic volume (the MPR panes carry the marker); an acquired one does not', async () => {
  const out = join(dir, 'synthetic-series');
  mkdirSync(out);
  const uids = { studyUid: newUid(), seriesUid: newUid(), frameOfReferenceUid: newUid() };
  for (let k = 0; k < 3; k++) {
    const values = Float32Array.from({ length: 16 * 16 }, (_, i) => Math.sin(i / 7 + k));
    const inst = encodeSyntheticInstance({ ...uids, patientId: 'SYN-1', patientName: 'SYNTHETIC^TEST', seriesDescription: 'SYNTHETIC edit series', seriesNumber: 9001, instanceNumber: k + 1, imageComments: `alpha ${k}`, derivationDescription: 'test', rows: 16, columns: 16, values, range: [-1, 1] });
    writeFileSync(join(out, `IM${k}.dcm`), new Uint8Array(inst));
  }
  await importPaths(rt.client, { paths: [out] });
  const series = await rt.client.call('catalog.listSeries', { where: { modality: 'OT' }, limit: 100 });
  const synthetic = series.rows.find((s) => s.description === 'SYNTHETIC edit series');
  assert.ok(synthetic);
  assert.equal((await rt.client.call('pixels.volumeInfo', { id: synthetic.id })).provenance, 'synthetic');
  const ct = (await rt.client.call('catalog.listSeries', { where: { modality: 'CT' }, limit: 100 })).rows.find((s) => s.instanceCount === 4);
  assert.ok(ct);
  assert.equal((await rt.client.call('pixels.volumeInfo', { id: ct.id })).provenance, 'acquired');
});

test('images: grey PNG, JPEG, and a PNG marked synthetic in its metadata comes back as synthetic', async () => {
  const grey = await rt.client.call('pixels.image', { imageId: await one(fx('images', 'NORMAL', 'IM-0117-0001.png')) });
  assert.equal(grey.samplesPerPixel, 1);
  assert.equal(grey.provenance, 'acquired');
  const jpeg = await rt.client.call('pixels.image', { imageId: await one(fx('images', 'PNEUMONIA', 'person1002_small.jpeg')) });
  assert.equal(jpeg.geometry.columns, 128);
  assert.equal(jpeg.lossy, true);
  const syntheticId = await one(join(dir, 'generated.png'));
  const listed = await rt.client.call('catalog.listImages', { where: { provenance: 'synthetic' } });
  assert.deepEqual(listed.rows.map((r) => r.id), [syntheticId], 'the catalog row is synthetic too');
  const synthetic = await rt.client.call('pixels.image', { imageId: syntheticId });
  assert.equal(synthetic.provenance, 'synthetic');
  assert.deepEqual(Array.from(frameValues(synthetic)), Array.from(frameValues(grey)));
});

test('the window stated in the file is the default, and lossy JPEG 2000 is flagged lossy', async () => {
  const f = await rt.client.call('pixels.frame', { instanceId: await one(fx('dicom', 'pydicom', '693_J2KI.dcm')) });
  assert.deepEqual(f.window, { center: 40, width: 100, source: 'file' });
  assert.equal(f.lossy, true);
  assert.equal(f.transferSyntaxUid, '1.2.840.10008.1.2.4.91');
});

test('stacking NIfTI z slices with volumeInfo origin and direction reproduces each slice position and orientation', async () => {
  for (const name of ['little.nii.gz', 'air.hdr.gz']) {
    const id = await one(fx('nifti', name));
    const info = await rt.client.call('pixels.volumeInfo', { id });
    for (const k of [0, 7]) {
      const s = await rt.client.call('pixels.slice', { volumeId: id, axis: 'z', index: k });
      assert.deepEqual([s.geometry.columns, s.geometry.rows], [info.dims[0], info.dims[1]]);
      const expected = info.origin.map((o, a) => o + k * info.spacing[2] * info.direction[6 + a]);
      s.geometry.imagePositionPatient!.forEach((v, a) => assert.ok(Math.abs(v - expected[a]) < 1e-3, `${name} k=${k}: ${v} vs ${expected[a]}`));
      s.geometry.imageOrientationPatient!.forEach((v, a) => assert.ok(Math.abs(v - info.direction[a]) < 1e-6));
      assert.ok(Math.abs(s.geometry.pixelSpacing![0] - info.spacing[1]) < 1e-6 && Math.abs(s.geometry.pixelSpacing![1] - info.spacing[0]) < 1e-6);
    }
  }
});

test('an enhanced multi-frame CT becomes a volume from its per-frame positions and shared functional groups', async () => {
  const id = await one(fx('dicom', 'dicomParser', 'CT0012.fragmented_no_bot_jpeg_ls.80.dcm'));
  const [instance] = (await rt.client.call('catalog.listInstances', { where: { path: fx('dicom', 'dicomParser', 'CT0012.fragmented_no_bot_jpeg_ls.80.dcm') } })).rows;
  assert.equal(instance.id, id);
  assert.deepEqual(instance.pixelSpacing, [0.388672, 0.388672]);
  const info = await rt.client.call('pixels.volumeInfo', { id: instance.series });
  assert.equal(info.consistent, true, info.reason ?? '');
  // Rows run toward patient right (-1, 0, 0): the normal row × column is (0, 0, -1), so z descends along it.
  assert.deepEqual(info.slices.map((s) => [s.frame, s.imagePositionPatient?.[2]]), [[1, -149], [0, -159]]);
  assert.equal(info.spacing[2], 10);
  const frame1 = await rt.client.call('pixels.frame', { instanceId: id, frame: 1 });
  assert.deepEqual(frame1.geometry.imagePositionPatient, [99.5, -301.5, -149]);
  assert.equal(frame1.rescale.intercept, -1024, 'rescale comes from the functional groups');
});
