// A gzipped 4D NIfTI-2 with a header extension (a crop of the shared avg152T1, written field by field from nifti2.h)
// reads and imports with the geometry and voxels nibabel 5.0.0 reports for the same file.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { openRuntime } from '../../../src-main/cli/runtime.js';
import { readNifti, readNiftiHeader } from '../../../src-main/io/nifti.js';
import { importPaths } from '../../../src-shared/api/awaitJob.js';
import { frameValues } from '../../../src-shared/api/pixels.js';
import { fixturesDir } from '../../support/data.js';

const file = join(fixturesDir, 'nifti', 'avg152T1_crop_nifti2_4d_ext.nii.gz');

/** nibabel 5.0.0 on this file: img.shape, header.get_zooms(), img.affine, get_fdata() at a few voxels and its sum. */
const nibabel = {
  shape: [12, 10, 8, 2],
  zooms: [2, 2, 2, 1.5],
  affine: [-2, 0, 0, 10, 0, 2, 0, -26, 0, 0, 2, 8, 0, 0, 0, 1],
  voxels: { '0,0,0,0': 69.5, '1,0,0,0': 66.5, '0,0,0,1': 52 },
  min: -3,
  max: 124.5,
  sum: 116640,
};

test('the fixture really is NIfTI-2 with an extension (flag set, esize 64, voxels at 608)', () => {
  const bytes = gunzipSync(readFileSync(file));
  assert.equal(bytes.readInt32LE(0), 540);
  assert.equal(bytes.subarray(4, 8).toString('latin1'), 'n+2\0');
  assert.equal(bytes[540], 1);
  assert.equal(bytes.readInt32LE(544), 64);
  assert.equal(Number(bytes.readBigInt64LE(168)), 608);
});

test('header and voxels match nibabel: 4D shape, zooms, sform, scaled values', async () => {
  const header = await readNiftiHeader(file);
  assert.equal(header.format, 'nifti2');
  assert.deepEqual(header.dims, nibabel.shape);
  assert.deepEqual(header.voxelSize, nibabel.zooms);
  assert.equal(header.affineSource, 'sform');
  assert.deepEqual(header.affine, nibabel.affine);
  assert.equal(header.voxOffset, 608);
  const volume = await readNifti(file);
  assert.equal(volume.data.length, 12 * 10 * 8 * 2);
  const at = (x: number, y: number, z: number, t: number): number => volume.data[x + 12 * (y + 10 * (z + 8 * t))] ?? NaN;
  assert.deepEqual({ '0,0,0,0': at(0, 0, 0, 0), '1,0,0,0': at(1, 0, 0, 0), '0,0,0,1': at(0, 0, 0, 1) }, nibabel.voxels);
  assert.equal(Math.min(...volume.data), nibabel.min);
  assert.equal(Math.max(...volume.data), nibabel.max);
  assert.equal(volume.data.reduce((a, b) => a + b, 0), nibabel.sum);
});

test('it imports as a 4D volume whose first frame is sliced with the same grid', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'latentrad-nifti2-'));
  const rt = openRuntime({ dataDir: join(dir, 'data') });
  try {
    const summary = await importPaths(rt.client, { paths: [file] });
    assert.deepEqual([summary.volumes, summary.errors], [1, []]);
    const { rows } = await rt.client.call('catalog.listVolumes', {});
    const volume = rows[0];
    assert.ok(volume);
    assert.deepEqual([volume.format, volume.dims, volume.voxelSize, volume.affine], ['nifti2', nibabel.shape, nibabel.zooms, nibabel.affine]);
    const info = await rt.client.call('pixels.volumeInfo', { id: volume.id });
    assert.deepEqual(info.dims, [12, 10, 8]);
    assert.deepEqual(info.spacing, [2, 2, 2]);
    const slice = await rt.client.call('pixels.slice', { volumeId: volume.id, axis: 'z', index: 0 });
    assert.deepEqual([slice.geometry.rows * slice.geometry.columns, Math.max(...frameValues(slice)) > 0], [120, true]);
  } finally {
    await rt.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
