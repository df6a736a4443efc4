// Acquisition confounders of a cohort code: the IXI site from the file name, the original slice's in-plane size
// and field of view along the chosen world axis, the projected image's intensity, and which columns vary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acquisitionOf, ixiSite, varyingColumns } from '../../../src-main/direction/acquisition.js';
import type { ImageRow, VolumeRow } from '../../../src-shared/api/catalog.js';

const volume: VolumeRow = {
  id: 'volume:1', path: '/data/IXI002-Guys-0828_T1.nii.gz', format: 'nifti1', dims: [100, 80, 60], voxelSize: [1, 2, 3], datatype: 'int16',
  // Voxel axes along world x, y, z: i → x, j → y, k → z.
  affine: [1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 1], affineSource: 'sform', description: '', provenance: 'acquired', labels: {},
};

test('the IXI site is read from the file name; other names have none', () => {
  assert.equal(ixiSite('/x/IXI012-HH-1211_T1.nii.gz'), 'HH');
  assert.equal(ixiSite('IXI002-Guys-0828_T2.nii.gz'), 'Guys');
  assert.equal(ixiSite('IXI035-IOP-0873_T1.nii.gz'), 'IOP');
  assert.equal(ixiSite('/x/person1_virus.jpeg'), '');
});

test('a volume slice has the in-plane size and field of view of its world axis; an image its pixel size and no field of view', () => {
  const image = [-1, 1, -1, 1];
  const axial = acquisitionOf(volume, 'z', image);
  assert.deepEqual([axial.site, axial.original_width, axial.original_height, axial.fov_width_mm, axial.fov_height_mm], ['Guys', '100', '80', '100', '160']);
  const sagittal = acquisitionOf(volume, 'x', image);
  assert.deepEqual([sagittal.original_width, sagittal.original_height, sagittal.fov_width_mm, sagittal.fov_height_mm], ['80', '60', '160', '180']);
  assert.deepEqual([Number(axial.mean_intensity), Number(axial.intensity_sd)], [0, 1]);
  const png: ImageRow = { id: 'image:1', path: '/x/a.png', format: 'png', rows: 30, columns: 40, channels: 1, bitDepth: 8, provenance: 'acquired', labels: {} };
  const flat = acquisitionOf(png, 'z', [0.5, 0.5]);
  assert.deepEqual([flat.original_width, flat.original_height, flat.fov_width_mm, flat.fov_height_mm, flat.intensity_sd], ['40', '30', '', '', '0.00000']);
});

test('only columns with two or more values and none missing can be confounders', () => {
  const table: Record<string, string[]> = { site: ['HH', 'HH'], age: ['30', '60'], fov_width_mm: ['', ''], sex: ['M', ''] };
  assert.deepEqual(varyingColumns(Object.keys(table), (name) => table[name]), ['age']);
});
