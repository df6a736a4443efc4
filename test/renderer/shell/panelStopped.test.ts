// The reason a stopped panel shows in words: an Error's message, a thrown string, anything else as JSON text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stoppedReason } from '../../../src-renderer/shell/panelStopped.js';

test('a thrown Error gives its message, or its name when the message is empty', () => {
  assert.equal(stoppedReason(new TypeError("Cannot read properties of undefined (reading 'length')")), "Cannot read properties of undefined (reading 'length')");
  assert.equal(stoppedReason(new RangeError('')), 'RangeError');
});

test('a thrown string is the reason; other values are shown as JSON, never as [object Object]', () => {
  assert.equal(stoppedReason('no model'), 'no model');
  assert.equal(stoppedReason({ code: 7 }), '{"code":7}');
  assert.equal(stoppedReason(undefined), 'undefined');
  const cyclic: { self?: unknown } = {};
  cyclic.self = cyclic;
  assert.equal(stoppedReason(cyclic), '[object Object]');
});
