// The dispatcher validates every payload against the contract and returns typed errors instead of crashing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../../src-shared/api/errors.js';
import { createAppContext } from '../../../src-main/base/context.js';
import { createDispatcher } from '../../../src-main/api/dispatcher.js';
import type { Handlers } from '../../../src-main/base/handler.js';
import { handlers } from '../../../src-main/api/handlers.js';
import { createLocalClient } from '../../../src-main/api/localClient.js';

const ctx = () => createAppContext({ dataDir: '/tmp/latentrad-test-unused', host: { kind: 'cli' } });

test('a malformed payload gets a typed validation error naming the field', async () => {
  const dispatch = createDispatcher(handlers, ctx());
  const result = await dispatch('system.openDialog', { kind: 'directory', multiple: 'yes' });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.error.code, 'validation');
  const paths = (result.error.issues ?? []).map((i) => i.path).sort();
  assert.deepEqual(paths, ['kind', 'multiple']);
  // Sentences a form can show as they are, naming the field.
  const multiple = result.error.issues?.find((i) => i.path === 'multiple');
  assert.equal(multiple?.message, 'Multiple must be yes or no.');
  assert.doesNotMatch(result.error.message, /expected|received/);
});

test('unknown keys are rejected where the contract is strict', async () => {
  const result = await createDispatcher(handlers, ctx())('system.info', { extra: 1 });
  assert.equal(result.ok, false);
  if (!result.ok) assert.equal(result.error.code, 'validation');
});

test('an unknown method is an unknown_method error, not a crash', async () => {
  const result = await createDispatcher(handlers, ctx())('system.format', {});
  assert.deepEqual(result.ok ? null : result.error.code, 'unknown_method');
});

test('an ApiError thrown by a handler reaches the caller with its code and message', async () => {
  const result = await createDispatcher(handlers, ctx())('system.openDialog', { kind: 'folder' });
  assert.equal(result.ok, false);
  if (!result.ok) {
    assert.equal(result.error.code, 'unavailable');
    assert.match(result.error.message, /native dialogs/);
  }
});

test('a handler whose output drifts from the contract is reported as internal', async () => {
  const broken = { ...handlers, 'system.openDialog': () => ({ paths: 'not-an-array' }) } as unknown as Handlers;
  const result = await createDispatcher(broken, ctx())('system.openDialog', { kind: 'file' });
  assert.equal(result.ok, false);
  if (!result.ok) assert.equal(result.error.code, 'internal');
});

test('an unexpected exception becomes an internal error with its message', async () => {
  const broken = { ...handlers, 'system.info': () => { throw new Error('disk on fire'); } } as unknown as Handlers;
  const result = await createDispatcher(broken, ctx())('system.info', {});
  assert.deepEqual(result, { ok: false, error: { code: 'internal', message: 'disk on fire' } });
});

test('the local client returns values and throws ApiError like the other transports', async () => {
  const context = ctx();
  const client = createLocalClient(createDispatcher(handlers, context), context);
  const info = await client.call('system.info', {});
  assert.equal(info.app.name, 'LatentRad');
  assert.equal(info.dataDir, '/tmp/latentrad-test-unused');
  await assert.rejects(client.call('system.openDialog', { kind: 'folder' }), (e: unknown) => e instanceof ApiError && e.code === 'unavailable');
});

test('events reach subscribers and a throwing listener does not stop the others', () => {
  const context = ctx();
  const seen: string[] = [];
  context.subscribe(() => {
    throw new Error('closed socket');
  });
  context.subscribe((event) => seen.push(event));
  context.emit('jobProgress', { jobId: 'j1', kind: 'import', state: 'running', fraction: 0.5, message: 'half', etaSeconds: 3, progress: {} });
  assert.deepEqual(seen, ['jobProgress']);
});

test('services are created once and disposed in reverse order on close', async () => {
  const context = ctx();
  const order: string[] = [];
  let created = 0;
  const a = context.service('a', () => ({ n: ++created }), () => void order.push('a'));
  assert.equal(context.service('a', () => ({ n: ++created })), a);
  context.service('b', () => 1, () => void order.push('b'));
  await context.close();
  assert.equal(created, 1);
  assert.deepEqual(order, ['b', 'a']);
  assert.throws(() => context.service('c', () => 1), /closed/);
});
