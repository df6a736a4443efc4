// When a job ran, as the Jobs panel and `latentrad jobs` say it: start and finish on the local clock, and durations.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, jobTiming } from '../../../src-shared/api/jobTiming.js';

test('a job says when it started, and when it ended and after how long (local clock)', () => {
  const at = (h: number, m: number, s: number): string => new Date(2026, 11, 3, h, m, s).toISOString();
  const job = { createdAt: at(16, 58, 0), updatedAt: at(17, 2, 12) };
  assert.equal(jobTiming({ ...job, state: 'done' }, new Date()), 'started 16:58 · finished 17:02 (after 4 min 12 s)');
  assert.equal(jobTiming({ ...job, state: 'failed' }, new Date()), 'started 16:58 · failed 17:02 (after 4 min 12 s)');
  assert.equal(jobTiming({ ...job, state: 'paused' }, new Date()), 'started 16:58 · paused 17:02 (after 4 min 12 s)');
  assert.equal(jobTiming({ ...job, state: 'running' }, new Date(2026, 11, 3, 16, 58, 42)), 'started 16:58 · 42 s so far');
});

test('durations read in seconds, minutes and seconds, or hours and minutes', () => {
  assert.equal(formatDuration(0.4), '0 s');
  assert.equal(formatDuration(59), '59 s');
  assert.equal(formatDuration(192), '3 min 12 s');
  assert.equal(formatDuration(7500), '2 h 05 min');
});
