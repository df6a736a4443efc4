// readNifti / readNiftiHeader on the fixture files: formats, endianness, pairs, affines and rejections.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { readNifti, readNiftiHeader } from '../../../src-main/io/nifti.js';
import { fixturesDir } from '../../support/data.js';

const fx = (name: string): string => join(fixturesDir, 'nifti', name);

test('big- and little-endian copies of one NIfTI decode to identical voxels', async () => {
  const big = await readNifti(fx('big.nii.gz'));
  const little = await readNifti(fx('little.nii.gz'));
  assert.equal(big.littleEndian, false);
  assert.equal(little.littleEndian, true);
  assert.deepEqual(big.dims.slice(0, 3), [64, 64, 21]);
  assert.equal(big.data.length, 64 * 64 * 21);
  assert.deepEqual(big.data, little.data);
  assert.equal(big.affineSource, 'qform');
});

test('a gzipped .hdr/.img pair reads its voxels from the .img, for NIfTI-1 and NIfTI-2 alike', async () => {
  const one = await readNifti(fx('air.hdr.gz'));
  const two = await readNifti(fx('air2.hdr.gz'));
  assert.equal(one.format, 'nifti1');
  assert.equal(two.format, 'nifti2');
  assert.equal(one.imagePath, fx('air.img.gz'));
  assert.deepEqual(one.dims, [79, 67, 64]);
  assert.deepEqual(one.data, two.data);
  assert.deepEqual(one.affine, two.affine);
  assert.ok(Math.max(...one.data.subarray(0, 100000)) > 0);
});

test('a 5D NIfTI keeps every dimension', async () => {
  const h = await readNiftiHeader(fx('5D_small.nii'));
  assert.deepEqual(h.dims, [1, 2, 3, 1, 3]);
  const v = await readNifti(fx('5D_small.nii'));
  assert.equal(v.data.length, 18);
  // uint8 voxels scaled by scl_slope/scl_inter (the values an independent per-voxel DataView reader gave)
  assert.ok(Math.abs(Math.min(...v.data) - 0.076919) < 1e-5 && Math.abs(Math.max(...v.data) - 0.780245) < 1e-5, `${Math.min(...v.data)} … ${Math.max(...v.data)}`);
});

test('a file that is not NIfTI is rejected with its path and the reason', async () => {
  await assert.rejects(readNifti(fx('not-nifti.nii')), (e: Error) => e.message.includes('not-nifti.nii') && /not a NIfTI/.test(e.message));
  await assert.rejects(readNifti(fx('missing.nii')), /missing\.nii: no such file/);
});
