// The Jobs panel's words: a running job asked to stop says so until it stops after its current step.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatEta, stopNotice } from '../../../../src-renderer/panels/jobs/jobText.js';

test('a running job with a pending pause or cancel says it stops after this step; other jobs say nothing', () => {
  assert.equal(stopNotice({ state: 'running', stopRequested: 'cancel' }), 'stopping after this step…');
  assert.equal(stopNotice({ state: 'running', stopRequested: 'pause' }), 'pausing after this step…');
  assert.equal(stopNotice({ state: 'running', stopRequested: null }), null);
  assert.equal(stopNotice({ state: 'cancelled', stopRequested: 'cancel' }), null);
});

test('ETAs read in seconds, minutes or hours', () => {
  assert.equal(formatEta(null), '');
  assert.equal(formatEta(42), '42 s left');
  assert.equal(formatEta(600), '10 min left');
  assert.equal(formatEta(7200), '2.0 h left');
});
