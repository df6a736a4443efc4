// The fidelity panel's estimate before a run: the newest measured seconds per image·step of the same model, times
// the run's images and steps; no measurement, no invented number.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Job } from '../../../../src-shared/api/jobs.js';
import { calibrationFor, estimateShort, estimateText } from '../../../../src-renderer/panels/fidelity/estimate.js';

const job = (id: string, kind: string, state: Job['state'], result: Record<string, unknown> | null): Job => ({
  id, kind, state, title: id, params: {}, progress: {}, fraction: null, message: '', etaSeconds: null, error: null, result, stopRequested: null,
  createdAt: '2026-12-03T20:00:00.000Z', updatedAt: '2026-12-03T20:01:00.000Z',
});

test('the newest finished projection or fidelity job of the same model gives the measurement', () => {
  const jobs = [
    job('j5', 'fidelity', 'running', null),
    job('j4', 'projection', 'done', { model: 'other', secondsPerImageStep: 9 }),
    job('j3', 'training', 'done', { model: 'm1', secondsPerImageStep: 7 }),
    job('j2', 'fidelity', 'done', { model: 'm1', secondsPerImageStep: 0.02 }),
    job('j1', 'projection', 'done', { model: 'm1', secondsPerImageStep: 0.5 }),
  ];
  assert.deepEqual(calibrationFor(jobs, 'm1'), { secondsPerImageStep: 0.02, jobId: 'j2' });
  assert.equal(calibrationFor(jobs, 'm2'), null);
  assert.equal(calibrationFor([job('j0', 'fidelity', 'done', { model: 'm1' })], 'm1'), null, 'a job without a measurement is skipped');
});

test('the estimate is the measured rate × images × steps, for a slice, per slice of a range, or says none is measured', () => {
  const c = { secondsPerImageStep: 0.03, jobId: 'fidelity-1' };
  // 1 slice with 2 perturbed copies: 3 images × 1000 steps × 0.03 s = 90 s.
  assert.equal(
    estimateText(c, { originals: 1, imagesPerOriginal: 3, steps: 1000 }),
    'Time: about 1 min 30 s, estimated from the last run of this model (3 images × 1000 steps; 30.0 ms per image·step measured by job fidelity-1 on this machine).',
  );
  assert.match(estimateText(c, { originals: null, imagesPerOriginal: 1, steps: 200 }), /^Time: about 6 s per slice, estimated from the last run of this model \(1 image × 200 steps; /);
  assert.match(estimateText(null, { originals: 1, imagesPerOriginal: 1, steps: 1000 }), /no run of this model measured on this machine yet/);
  assert.equal(estimateText(c, { originals: 1, imagesPerOriginal: 1, steps: 0 }), '', 'an encoder pass has no steps to estimate');
});

test('beside Steps the same time is rounded to seconds, minutes or hours, and is absent without a measurement', () => {
  const c = { secondsPerImageStep: 0.03, jobId: 'fidelity-1' };
  assert.equal(estimateShort(c, { originals: 1, imagesPerOriginal: 3, steps: 1000 }), '≈ 2 min', '90 s rounds to 2 min');
  assert.equal(estimateShort(c, { originals: 1, imagesPerOriginal: 1, steps: 1000 }), '≈ 30 s');
  assert.equal(estimateShort(c, { originals: 1, imagesPerOriginal: 1, steps: 10 }), '≈ 1 s', 'never "≈ 0 s"');
  assert.equal(estimateShort(c, { originals: 200, imagesPerOriginal: 1, steps: 1000 }), '≈ 1 h 40 min');
  assert.equal(estimateShort(c, { originals: null, imagesPerOriginal: 1, steps: 1000 }), '≈ 30 s per slice');
  assert.equal(estimateShort(null, { originals: 1, imagesPerOriginal: 1, steps: 1000 }), '');
  assert.equal(estimateShort(c, { originals: 1, imagesPerOriginal: 1, steps: 0 }), '');
});
