// A measurement names the image it belongs to, as the pane overlay does: the file of a 2D image set, the series
// and image number of a stack, the volume, plane and slice of an MPR view; an image closed since says so.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measurementPlace } from '../../../src-renderer/viewer/measurementPlace.js';
import type { PlacedDisplay } from '../../../src-renderer/viewer/measurementPlace.js';

const imageSet: PlacedDisplay = {
  kind: 'stack',
  title: 'PNEUMONIA',
  imageIds: ['latentrad:image/image:1', 'latentrad:image/image:2'],
  captions: ['person1_virus_6.png · class=PNEUMONIA', 'person2_bacteria_9.png · class=PNEUMONIA · age=63'],
};
const series: PlacedDisplay = { kind: 'stack', title: 'T2 FLAIR', imageIds: ['latentrad:frame/instance:1/0', 'latentrad:frame/instance:2/0', 'latentrad:frame/instance:3/0'] };
const plane = (orientation: 'axial' | 'sagittal' | 'coronal'): PlacedDisplay => ({ kind: 'volume', title: 'NIfTI volume', fileName: 'site-b/T1.nii.gz', sourceId: 'volume:2', orientation });
const mpr = [plane('axial'), plane('sagittal'), plane('coronal'), null];
const volumeIdOf = (sourceId: string): string => `cs_${sourceId}`;

test('a measurement on a 2D image set names the file and its place in the set', () => {
  assert.equal(measurementPlace({ referencedImageId: 'latentrad:image/image:2' }, [imageSet], volumeIdOf), 'person2_bacteria_9.png (Im 2/2)');
});

test('a measurement on a DICOM series names the series and the image number', () => {
  assert.equal(measurementPlace({ referencedImageId: 'latentrad:frame/instance:3/0' }, [imageSet, series], volumeIdOf), 'T2 FLAIR · Im 3/3');
});

test('a measurement on an MPR plane names the volume, the plane its normal points along and the slice', () => {
  const on = (normal: number[], sliceIndex: number): string => measurementPlace({ volumeId: 'cs_volume:2', viewPlaneNormal: normal, sliceIndex }, mpr, volumeIdOf);
  assert.equal(on([0, 0, -1], 44), 'site-b/T1.nii.gz · axial Im 45');
  assert.equal(on([1, 0, 0], 0), 'site-b/T1.nii.gz · sagittal Im 1');
  assert.equal(on([0, 0.98, 0.2], 9), 'site-b/T1.nii.gz · coronal Im 10');
  const seriesPlane: PlacedDisplay = { kind: 'volume', title: '#3 T1 MPRAGE', sourceId: 'series:3', orientation: 'axial' };
  assert.equal(measurementPlace({ volumeId: 'cs_series:3', viewPlaneNormal: [0, 0, 1], sliceIndex: 0 }, [seriesPlane], volumeIdOf), '#3 T1 MPRAGE · axial Im 1');
});

test('a measurement whose image is no longer shown says so instead of naming the wrong image', () => {
  assert.equal(measurementPlace({ referencedImageId: 'latentrad:image/image:9' }, [imageSet], volumeIdOf), 'an image no longer shown');
  assert.equal(measurementPlace({ volumeId: 'cs_volume:7', viewPlaneNormal: [0, 0, 1] }, mpr, volumeIdOf), 'an image no longer shown');
  assert.equal(measurementPlace({}, [], volumeIdOf), 'an image no longer shown');
});
