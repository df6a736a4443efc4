// Opening a display set keeps a layout consistent: anything but a plane of the shown MPR replaces the whole MPR
// layout (no stale planes beside a 2D image set); without an MPR the display goes into the active pane.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { placeDisplay } from '../../../src-renderer/viewer/placement.js';

type D = { kind: 'stack' | 'volume'; key: string; sourceId?: string };
const plane = (sourceId: string, o: string): D => ({ kind: 'volume', key: `${sourceId}:${o}`, sourceId });
const stack = (key: string): D => ({ kind: 'stack', key });
const mpr = { layout: '2x2' as const, panes: [plane('volume:1', 'axial'), plane('volume:1', 'sagittal'), plane('volume:1', 'coronal'), null], active: 0 };

test('opening a 2D image set over an MPR shows only the image set (1×1), no stale planes', () => {
  const next = placeDisplay(mpr, stack('images:7:3'));
  assert.deepEqual(next, { layout: '1x1', panes: [stack('images:7:3')], active: 0 });
});

test('opening a plane of another volume over an MPR also replaces the whole layout', () => {
  assert.deepEqual(placeDisplay({ ...mpr, active: 2 }, plane('volume:2', 'axial')).panes, [plane('volume:2', 'axial')]);
});

test('a plane of the same volume goes into the active pane of its MPR', () => {
  const next = placeDisplay({ ...mpr, active: 3 }, plane('volume:1', 'axial'));
  assert.equal(next.layout, '2x2');
  assert.deepEqual(next.panes[3], plane('volume:1', 'axial'));
});

test('without an MPR the display goes into the active pane, keeping a side-by-side comparison', () => {
  const next = placeDisplay({ layout: '1x2', panes: [stack('series:1'), stack('series:2')], active: 1 }, stack('series:3'));
  assert.deepEqual(next, { layout: '1x2', panes: [stack('series:1'), stack('series:3')], active: 1 });
});
