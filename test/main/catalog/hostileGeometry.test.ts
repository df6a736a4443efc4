// NaN and Infinity in geometry fields never poison a listing (one bad file used to make `ls volumes` fail for the
// whole catalog), and a NIfTI declaring absurd dimensions is refused at import with its reason, nothing allocated.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
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
    await importPaths(rt.client, { paths: [join(dir, 'inf.nii')] });
  } finally {
    await rt.close();
  }
  const listed = JSON.parse(await listEverything(dataDir)) as [{ total: number; rows: Array<{ voxelSize: number[] }> }];
  assert.equal(listed[0].total, 1);
  assert.ok(listed[0].rows[0].voxelSize.every(Number.isFinite), JSON.stringify(listed[0].rows[0].voxelSize));
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
