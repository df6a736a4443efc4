// Viewer image ids and stack order: round trips, rejected foreign ids, ordering along the slice normal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseImageId, toImageId } from '../../../src-shared/viewer/imageIds.js';
import { groupByFolder, orderStack } from '../../../src-shared/viewer/stackOrder.js';
import { needsSyntheticMarker, syntheticMarkerText } from '../../../src-shared/viewer/synthetic.js';

test('image ids round-trip for frames, volume slices, 2D images and planes of result arrays', () => {
  for (const ref of [
    { kind: 'frame', instanceId: 'instance:17', frame: 3 },
    { kind: 'slice', volumeId: 'volume:2', axis: 'y', index: 40 },
    { kind: 'slice', volumeId: 'series:5', axis: 'z', index: 0 },
    { kind: 'image', imageId: 'image:9' },
    { kind: 'result', resultId: 'eigen-20261203T101500-0a1b2c3d', file: 'joint/components.npy', index: 4, channel: 2 },
  ] as const) {
    assert.deepEqual(parseImageId(toImageId(ref)), ref);
  }
});

test('foreign or malformed image ids are rejected', () => {
  assert.equal(parseImageId('wadouri:http://x/1.dcm'), null);
  assert.equal(parseImageId('latentrad:frame/instance:1'), null);
  assert.equal(parseImageId('latentrad:slice/instance:1/z/0'), null);
  assert.equal(parseImageId('latentrad:result/../etc/0'), null, 'a result id must look like one');
  assert.equal(parseImageId('latentrad:result/eigen-20261203T101500-0a1b2c3d/%E0%A4%A/0/0'), null, 'a malformed file name');
});

test('a series is stacked along the slice normal when every instance has a position', () => {
  const iop = [1, 0, 0, 0, 1, 0] as const;
  const frames = orderStack([
    { id: 'instance:1', instanceNumber: 1, frames: 1, imagePositionPatient: [0, 0, 10], imageOrientationPatient: iop },
    { id: 'instance:2', instanceNumber: 2, frames: 1, imagePositionPatient: [0, 0, -5], imageOrientationPatient: iop },
    { id: 'instance:3', instanceNumber: 3, frames: 1, imagePositionPatient: [0, 0, 2], imageOrientationPatient: iop },
  ]);
  assert.deepEqual(frames.map((f) => [f.instanceId, f.position]), [['instance:2', -5], ['instance:3', 2], ['instance:1', 10]]);
});

test('without positions the stack follows InstanceNumber and expands multi-frame instances', () => {
  const frames = orderStack([
    { id: 'instance:1', instanceNumber: 2, frames: 1, imagePositionPatient: null, imageOrientationPatient: null },
    { id: 'instance:2', instanceNumber: 1, frames: 3, imagePositionPatient: null, imageOrientationPatient: null },
  ]);
  assert.deepEqual(frames.map((f) => `${f.instanceId}#${f.frame}`), ['instance:2#0', 'instance:2#1', 'instance:2#2', 'instance:1#0']);
});

test('2D images group into sets by folder, named by the last two folder names', () => {
  const sets = groupByFolder([{ path: '/d/cxr/PNEUMONIA/b.png' }, { path: '/d/cxr/NORMAL/b.png' }, { path: '/d/cxr/NORMAL/a.png' }]);
  assert.deepEqual(sets.map((s) => [s.name, s.items.map((i) => i.path)]), [
    ['cxr/NORMAL', ['/d/cxr/NORMAL/a.png', '/d/cxr/NORMAL/b.png']],
    ['cxr/PNEUMONIA', ['/d/cxr/PNEUMONIA/b.png']],
  ]);
});

test('any synthetic image in a viewport requires the marker', () => {
  assert.equal(needsSyntheticMarker(['acquired', 'acquired']), false);
  assert.equal(needsSyntheticMarker(['acquired', 'synthetic']), true);
  assert.equal(needsSyntheticMarker([]), false);
  assert.equal(syntheticMarkerText, 'SYNTHETIC — not for diagnosis');
});
