// Orientation letters from LPS directions, image orientations and camera views, as radiologists read them; the pixel
// service and the viewer use the same function.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { directionLetters, labelsFromCamera, labelsFromImageOrientation, orientationLabels } from '../../../src-shared/viewer/orientation.js';

test('LPS axes map to the patient letters L/R, P/A, S/I', () => {
  assert.equal(directionLetters([1, 0, 0]), 'L');
  assert.equal(directionLetters([-1, 0, 0]), 'R');
  assert.equal(directionLetters([0, 1, 0]), 'P');
  assert.equal(directionLetters([0, -1, 0]), 'A');
  assert.equal(directionLetters([0, 0, 1]), 'S');
  assert.equal(directionLetters([0, 0, -1]), 'I');
});

test('an oblique direction lists the dominant axis first and ignores small components', () => {
  assert.equal(directionLetters([0.8, -0.6, 0]), 'LA');
  assert.equal(directionLetters([0.99, 0.1, 0]), 'L');
  assert.equal(directionLetters([0, 0, 0]), '');
});

test('a standard axial DICOM image (rows → L, columns → P) reads A at the top and R on the left', () => {
  assert.deepEqual(labelsFromImageOrientation([1, 0, 0], [0, 1, 0]), { right: 'L', left: 'R', bottom: 'P', top: 'A' });
});

test('camera labels: axial (view from the feet), sagittal and coronal as radiologists display them', () => {
  // Cornerstone's axial camera: up = −y (anterior), normal = −z towards the viewer.
  assert.deepEqual(labelsFromCamera([0, -1, 0], [0, 0, -1]), { top: 'A', bottom: 'P', left: 'R', right: 'L' });
  // Sagittal: up = +z, normal = +x (looking from the patient's left).
  assert.deepEqual(labelsFromCamera([0, 0, 1], [1, 0, 0]), { top: 'S', bottom: 'I', left: 'A', right: 'P' });
  // Coronal: up = +z, normal = −y (looking from the front).
  assert.deepEqual(labelsFromCamera([0, 0, 1], [0, -1, 0]), { top: 'S', bottom: 'I', left: 'R', right: 'L' });
});

test('a horizontal flip swaps the left and right labels', () => {
  assert.deepEqual(labelsFromCamera([0, -1, 0], [0, 0, -1], true), { top: 'A', bottom: 'P', left: 'L', right: 'R' });
});

test('the pixel service and the viewer label a plane with the same letters (one function, S/I not H/F)', () => {
  // A frame's IOP as the pixel service sends it, and the camera the viewer sets up for the same plane.
  const planes: { iop: number[]; viewUp: [number, number, number]; normal: [number, number, number] }[] = [
    { iop: [1, 0, 0, 0, 1, 0], viewUp: [0, -1, 0], normal: [0, 0, -1] },
    { iop: [0, 1, 0, 0, 0, -1], viewUp: [0, 0, 1], normal: [1, 0, 0] },
    { iop: [1, 0, 0, 0, 0, -1], viewUp: [0, 0, 1], normal: [0, -1, 0] },
  ];
  for (const { iop, viewUp, normal } of planes) {
    assert.deepEqual(orientationLabels(iop), labelsFromCamera(viewUp, normal), `IOP ${iop.join(',')}`);
  }
  assert.deepEqual(orientationLabels([1, 0, 0, 0, 0, -1]), { top: 'S', bottom: 'I', left: 'R', right: 'L' });
});

test('letters come from the direction, not its length (unnormalised IOPs and pixel-spacing-scaled axes)', () => {
  assert.equal(directionLetters([2, 0, 0]), 'L');
  assert.equal(directionLetters([0.2, 0, -0.1]), 'LI');
  assert.deepEqual(orientationLabels([0.5, 0.5, 0, 0, 0, -3]), { top: 'S', bottom: 'I', left: 'RA', right: 'LP' });
});
