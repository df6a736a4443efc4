// Viewer layouts, scroll/W-L synchronisation rules, slice stepping and cine timing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cineDelayMs, cineNext, defaultCineFps, maxPanes, paneCount, shouldSyncScroll, shouldSyncWindow, stepCineFps, stepSlice, syncSliceIndex } from '../../../src-shared/viewer/layout.js';

test('layouts 1×1, 1×2 and 2×2 have 1, 2 and 4 panes', () => {
  assert.deepEqual([paneCount('1x1'), paneCount('1x2'), paneCount('2x2')], [1, 2, 4]);
  assert.equal(maxPanes, 4, 'the WebGL context pool is sized by the largest layout');
});

test('synchronised scroll keeps the relative position between stacks of different lengths', () => {
  assert.equal(syncSliceIndex(0, 20, 176), 0);
  assert.equal(syncSliceIndex(19, 20, 176), 175);
  assert.equal(syncSliceIndex(10, 21, 11), 5);
  assert.equal(syncSliceIndex(5, 10, 1), 0);
});

test('with slice positions on both sides the nearest position wins', () => {
  const source = [0, 5, 10, 15];
  const target = [1, 2, 3, 9, 11, 14];
  assert.equal(syncSliceIndex(2, 4, 6, { source, target }), 3); // 10 mm → 9 mm (index 3) beats 11 mm
  assert.equal(syncSliceIndex(3, 4, 6, { source, target }), 5);
});

test('scroll sync: stacks follow stacks, same-plane volumes follow each other, orthogonal planes of one volume do not', () => {
  assert.equal(shouldSyncScroll({ kind: 'stack', count: 20 }, { kind: 'stack', count: 30 }), true);
  assert.equal(shouldSyncScroll({ kind: 'stack', count: 20 }, { kind: 'stack', count: 1 }), false);
  assert.equal(shouldSyncScroll({ kind: 'stack', count: 20 }, { kind: 'volume', sourceId: 'volume:1', orientation: 'axial', count: 90 }), false);
  const axial1 = { kind: 'volume' as const, sourceId: 'volume:1', orientation: 'axial', count: 90 };
  assert.equal(shouldSyncScroll(axial1, { ...axial1, orientation: 'sagittal' }), false);
  assert.equal(shouldSyncScroll(axial1, { ...axial1, sourceId: 'volume:2' }), true);
});

test('W/L sync only between panes of the same modality', () => {
  assert.equal(shouldSyncWindow('CT', 'CT'), true);
  assert.equal(shouldSyncWindow('CT', 'MR'), false);
  assert.equal(shouldSyncWindow(null, null), true);
});

test('keyboard scrolling stops at the ends; cine wraps around', () => {
  assert.equal(stepSlice(0, -1, 10), 0);
  assert.equal(stepSlice(9, 1, 10), 9);
  assert.equal(stepSlice(3, 10, 10), 9);
  assert.equal(cineNext(9, 10), 0);
  assert.equal(cineNext(3, 10), 4);
});

test('cine speed steps through the offered frame rates and stays at the ends', () => {
  assert.equal(stepCineFps(defaultCineFps, 1), 15);
  assert.equal(stepCineFps(defaultCineFps, -1), 8);
  assert.equal(stepCineFps(30, 1), 30);
  assert.equal(stepCineFps(2, -1), 2);
  // A rate that is not offered moves to the nearest offered one in that direction.
  assert.equal(stepCineFps(13, -1), 12);
});

test('cine waits out the rest of the frame period, and not at all after a slow frame', () => {
  assert.equal(cineDelayMs(10, 30), 70);
  assert.equal(cineDelayMs(25, 0), 40);
  assert.equal(cineDelayMs(12, 200), 0);
});
