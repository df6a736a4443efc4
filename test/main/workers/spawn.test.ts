// Worker threads start from TypeScript source under Node 20 + tsx, and the worker list comes from the source tree.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { sourceWorkerBootstrap, spawnWorker, workerEntries } from '../../../src-main/workers/spawn.js';
import { appRoot } from '../../../src-main/base/paths.js';

test('a TypeScript worker that imports TypeScript modules starts through the source bootstrap', async () => {
  const entry = join(appRoot(), 'test', 'support', 'echo.worker.ts');
  const worker = new Worker(sourceWorkerBootstrap(entry), { eval: true, workerData: { hello: 'worker' } });
  try {
    const [message] = (await once(worker, 'message')) as [{ echo: unknown; codes: number }];
    assert.deepEqual(message.echo, { hello: 'worker' });
    assert.ok(message.codes > 0);
  } finally {
    await worker.terminate();
  }
});

test('from source, workerEntries reads src-main/workers/entries.json and every entry exists', () => {
  const entries = workerEntries(true);
  assert.ok(entries['stylegan2'] && entries['training']);
  for (const [name, file] of Object.entries(entries)) assert.ok(existsSync(join(appRoot(), file)), `${name}: ${file}`);
});

test('spawnWorker refuses a name that is not in the worker list', () => {
  assert.throws(() => spawnWorker('no-such-worker'), /unknown worker "no-such-worker"/);
});
