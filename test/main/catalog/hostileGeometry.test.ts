// NaN and Infinity in geometry fields never poison a listing (one bad file used to make `ls volumes` fail for the
// whole catalog) and are defaulted with a warning naming the file and the field (summary, run record, CLI), and a
// NIfTI declaring absurd dimensions is refused at import with its reason, nothing allocated.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatSummary } from '../../../src-main/cli/commands/catalog.js';
import { openRuntime } from '../../../src-main/cli/runtime.js';
import { importPaths } from '../../../src-shared/api/awaitJob.js';
import { dicomSlice } from '../../support/dicomWriter.js';
import type { SeriesSpec } from '../../support/dicomWriter.js';
import { writeNifti } from '../../support/niftiWriter.js';
import { tempDirs } from '../../support/tempDirs.js';

const tempDir = tempDirs('latentrad-geometry-');
const identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0];
const series: SeriesSpec = {
  modality: 'CT',
  patientName: 'Geometry^Hostile',
  patientId: 'G1',
  studyUid: '1.2.826.0.1.3680043.9.7777.70',
  seriesUid: '1.2.826.0.1.3680043.9.7777.70.1',
  frameOfReferenceUid: '1.2.826.0.1.3680043.9.7777.70.2',
  seriesNumber: 1,
  description: 'non-finite geometry',
  window: { center: 40, width: 400 },
  rescale: { slope: 1, intercept: -1024 },
};

/** Everything a listing returns, so a null where the contract wants a number fails the call, not the assertion. */
async function listEverything(dataDir: string): Promise<string> {
  const rt = openRuntime({ dataDir });
  try {
    const parts: unknown[] = [await rt.client.call('catalog.listVolumes', {}), await rt.client.call('catalog.listPatients', {}), await rt.client.call('catalog.listSeries', {})];
    for (const s of (await rt.client.call('catalog.listSeries', {})).rows) {
      parts.push(await rt.client.call('catalog.listInstances', { parent: s.id }));
    }
    return JSON.stringify(parts);
  } finally {
    await rt.close();
  }
}

test('DICOM slices with NaN and Infinity in position, orientation and spacing import, and every listing still works', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'ct'));
  const pixels = new Int16Array(16);
  const slices = [
    { position: [Number.NaN, 0, 0], orientation: [1, 0, 0, 0, 1, 0], pixelSpacing: [Number.NaN, 1] },
    { position: [0, Number.POSITIVE_INFINITY, 1], orientation: [Number.NaN, 0, 0, 0, 1, 0], pixelSpacing: [1, Number.NEGATIVE_INFINITY] },
  ] as const;
  slices.forEach((s, i) =>
    writeFileSync(
      join(dir, 'ct', `IM${i}.dcm`),
      dicomSlice(series, { rows: 4, columns: 4, pixels, instanceNumber: i + 1, position: [...s.position], orientation: [...s.orientation], pixelSpacing: [...s.pixelSpacing], sliceThickness: Number.NaN }),
    ),
  );
  const dataDir = tempDir();
  const rt = openRuntime({ dataDir });
  try {
    const summary = await importPaths(rt.client, { paths: [join(dir, 'ct')] });
    assert.equal(summary.instances, 2, JSON.stringify(summary.errors));
    const warned = Object.fromEntries(summary.warnings.map((w) => [w.path.split('/').pop(), w.reason]));
    assert.match(warned['IM0.dcm'] ?? '', /Pixel Spacing \(0028,0030\) is '[^']*': taken as not stated/);
    assert.match(warned['IM0.dcm'] ?? '', /Image Position \(Patient\)/);
    assert.match(warned['IM1.dcm'] ?? '', /Image Orientation \(Patient\)[\s\S]*Slice Thickness/);
    const runs = await rt.client.call('catalog.listImports', {});
    assert.equal(runs.rows[0].warnings.length, 2, 'the run record keeps the warnings');
  } finally {
    await rt.close();
  }
  const listed = await listEverything(dataDir);
  assert.match(listed, /non-finite geometry/);
});

test('a NIfTI with Infinity in its sform imports, and the volume listing still works', async () => {
  const dir = tempDir();
  writeNifti(join(dir, 'inf.nii'), [4, 4, 4], new Uint8Array(64), [Number.POSITIVE_INFINITY, 0, 0, 0, 0, 1, 0, 0, 0, 0, Number.NaN, 0]);
  const dataDir = tempDir();
  const rt = openRuntime({ dataDir });
  try {
    const summary = await importPaths(rt.client, { paths: [join(dir, 'inf.nii')] });
    assert.equal(summary.warnings.length, 1);
    assert.match(summary.warnings[0].reason, /pixdim\[1\] is Infinity: voxel size taken as 1[\s\S]*the sform not finite: orientation from the voxel sizes alone/);
  } finally {
    await rt.close();
  }
  const listed = JSON.parse(await listEverything(dataDir)) as [{ total: number; rows: Array<{ voxelSize: number[] }> }];
  assert.equal(listed[0].total, 1);
  assert.ok(listed[0].rows[0].voxelSize.every(Number.isFinite), JSON.stringify(listed[0].rows[0].voxelSize));
});

test('a NIfTI with pixdim = NaN imports with a warning naming the file and the field, listed with a finite voxel size', async () => {
  const dir = tempDir();
  const path = join(dir, 'nan-pixdim.nii');
  writeNifti(path, [4, 4, 4], new Uint8Array(64), identity);
  const bytes = readFileSync(path);
  bytes.writeFloatLE(Number.NaN, 80); // pixdim[1]
  bytes.writeInt16LE(0, 254); // sform_code 0: the voxel sizes are all there is
  writeFileSync(path, bytes);
  const dataDir = tempDir();
  const rt = openRuntime({ dataDir });
  try {
    const summary = await importPaths(rt.client, { paths: [path] });
    assert.equal(summary.volumes, 1);
    assert.deepEqual(summary.warnings, [{ path, reason: 'pixdim[1] is NaN: voxel size taken as 1' }]);
    assert.match(formatSummary(summary), /! .*nan-pixdim\.nii: imported, but pixdim\[1\] is NaN: voxel size taken as 1/);
    assert.deepEqual((await rt.client.call('catalog.listVolumes', {})).rows[0].voxelSize, [1, 1, 1]);
  } finally {
    await rt.close();
  }
});

test('a clean NIfTI imports without warnings', async () => {
  const dir = tempDir();
  writeNifti(join(dir, 'clean.nii'), [4, 4, 4], new Uint8Array(64), identity);
  const rt = openRuntime({ dataDir: tempDir() });
  try {
    assert.deepEqual((await importPaths(rt.client, { paths: [join(dir, 'clean.nii')] })).warnings, []);
  } finally {
    await rt.close();
  }
});

test('a NIfTI declaring 30000 × 30000 × 30000 voxels is refused at import with the reason, instead of listed as a volume that never opens', async () => {
  const dir = tempDir();
  const path = join(dir, 'absurd.nii');
  writeNifti(path, [30000, 30000, 30000], new Uint8Array(64), identity);
  const rt = openRuntime({ dataDir: tempDir() });
  try {
    const started = Date.now();
    const summary = await importPaths(rt.client, { paths: [path] });
    assert.equal((await rt.client.call('catalog.listVolumes', {})).total, 0, 'not listed as a volume that could never open');
    const error = summary.errors.find((e) => e.path === path);
    assert.ok(error, JSON.stringify(summary.errors));
    assert.equal(error.reason, 'a volume of 30000 × 30000 × 30000 (4 byte(s) each) is over the 1024 MiB limit for one file');
    assert.ok(Date.now() - started < 60_000, 'refused, not allocated (generous bound for a busy machine)');
  } finally {
    await rt.close();
  }
});
