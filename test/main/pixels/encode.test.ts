// Frames built by the pixel service use the shared windowing and orientation functions, so a stack frame opens with
// the window and edge letters the viewer would compute for the same pixels and plane.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildFrame } from '../../../src-main/pixels/encode.js';
import type { FrameParts } from '../../../src-main/pixels/encode.js';
import { labelsFromCamera } from '../../../src-shared/viewer/orientation.js';
import { autoWindow } from '../../../src-shared/viewer/windowing.js';

function parts(data: FrameParts['data'], iop: FrameParts['geometry']['imageOrientationPatient']): FrameParts {
  return {
    source: { id: 'volume:1' }, provenance: 'acquired', modality: 'MR',
    geometry: { rows: 10, columns: data.length / 10, pixelSpacing: [1, 1], imagePositionPatient: [0, 0, 0], imageOrientationPatient: iop, sliceThickness: 1, frameOfReferenceUid: null },
    samplesPerPixel: 1, photometricInterpretation: 'MONOCHROME2', rescale: { slope: 1, intercept: 0, type: null }, fileWindows: [],
    data, transferSyntaxUid: null, lossy: false, numberOfFrames: 1,
  };
}

test('a frame without a stated window gets the shared automatic window of its pixels', () => {
  const data = Int16Array.from({ length: 200 }, (_, i) => (i * 37) % 500 - 100);
  data[7] = 30000;
  const frame = buildFrame(parts(data, [1, 0, 0, 0, 0, -1]));
  const expected = autoWindow(data);
  assert.deepEqual({ center: frame.window.center, width: frame.window.width, source: frame.window.source }, { ...expected, source: 'auto' });
});

test('a frame carries the edge letters the viewer shows for the same plane (coronal: S at the top)', () => {
  const frame = buildFrame(parts(new Uint8Array(100), [1, 0, 0, 0, 0, -1]));
  assert.deepEqual(frame.geometry.orientationLabels, labelsFromCamera([0, 0, 1], [0, -1, 0]));
  assert.deepEqual(frame.geometry.orientationLabels, { top: 'S', bottom: 'I', left: 'R', right: 'L' });
});
