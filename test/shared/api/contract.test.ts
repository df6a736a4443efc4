// The API contract: every method and event is named and has schemas; channel and method-name checks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiEvents, apiMethods, eventNames, ipcChannel, ipcPrefix, isMethodName, methodNames } from '../../../src-shared/api/contract.js';
import { ApiError } from '../../../src-shared/api/errors.js';

test('every contract method has a summary and input/output schemas, and is named capability.verb', () => {
  assert.ok(methodNames.length > 0);
  for (const name of methodNames) {
    const spec = apiMethods[name];
    assert.match(name, /^[a-z]+\.[a-zA-Z]+$/, name);
    assert.ok(spec.summary.length > 0, `${name} has no summary`);
    assert.equal(typeof spec.input.safeParse, 'function');
    assert.equal(typeof spec.output.safeParse, 'function');
  }
});

test('every event has a payload schema', () => {
  for (const name of eventNames) assert.equal(typeof apiEvents[name].payload.safeParse, 'function');
});

test('IPC channels carry the app prefix so foreign channels can be told apart', () => {
  assert.equal(ipcChannel('system.info'), `${ipcPrefix}system.info`);
});

test('isMethodName accepts contract names only, not prototype keys', () => {
  assert.equal(isMethodName('system.info'), true);
  assert.equal(isMethodName('toString'), false);
  assert.equal(isMethodName('__proto__'), false);
});

test('ApiError survives a round trip through plain data', () => {
  const original = new ApiError('validation', 'bad', [{ path: 'a.b', message: 'Required' }]);
  const copy = ApiError.fromData(JSON.parse(JSON.stringify(original.toData())));
  assert.equal(copy.code, 'validation');
  assert.equal(copy.message, 'bad');
  assert.deepEqual(copy.issues, [{ path: 'a.b', message: 'Required' }]);
});
