// The worker protocol end to end: typed calls and replies, buffers handed over, progress relayed, a stop request
// honoured at the next step, errors arriving as ApiErrors, and a thread that dies failing its calls, not hanging them.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { ApiError } from '../../../src-shared/api/errors.js';
import { appRoot } from '../../../src-main/base/paths.js';
import { WorkerClient } from '../../../src-main/workers/client.js';
import { transferables } from '../../../src-main/workers/protocol.js';
import { sourceWorkerBootstrap } from '../../../src-main/workers/spawn.js';
import type { OpsWorkerApi } from '../../support/opsWorkerApi.js';

const spawnOps = (): Worker => new Worker(sourceWorkerBootstrap(join(appRoot(), 'test', 'support', 'ops.worker.ts')), { eval: true });

test('a call returns its typed result and hands its buffer over instead of copying it', async () => {
  const client = new WorkerClient<OpsWorkerApi>('ops', spawnOps);
  try {
    const values = new Float32Array([1, 2, 3]);
    const result = await client.call('double', { values });
    assert.deepEqual([...result.values], [2, 4, 6]);
    assert.equal(result.received, 3);
    assert.equal(values.length, 0, 'the sent array was transferred (detached here)');
  } finally {
    await client.close();
  }
});

test('progress reaches the caller and a stop request ends the operation at its next step', async () => {
  const client = new WorkerClient<OpsWorkerApi>('ops', spawnOps);
  try {
    const seen: number[] = [];
    const call = client.run('count', { to: 1000 }, {
      onProgress: (p) => {
        seen.push(p.done);
        if (p.done === 3) call.stop('cancel');
      },
    });
    const result = await call.result;
    assert.equal(result.stoppedBy, 'cancel');
    assert.ok(result.reached >= 3 && result.reached < 1000, `stopped at ${result.reached}`);
    assert.deepEqual(seen.slice(0, 3), [1, 2, 3]);
  } finally {
    await client.close();
  }
});

test('an ApiError thrown in the worker arrives with its code and message', async () => {
  const client = new WorkerClient<OpsWorkerApi>('ops', spawnOps);
  try {
    await assert.rejects(client.call('fail', { message: 'bad.dcm: truncated' }), (e: ApiError) => e instanceof ApiError && e.code === 'bad_input' && e.message === 'bad.dcm: truncated');
  } finally {
    await client.close();
  }
});

test('a worker that exits fails its pending call, and the next call starts a new thread', async () => {
  const client = new WorkerClient<OpsWorkerApi>('ops', spawnOps);
  try {
    await assert.rejects(client.call('exit', {}), (e: ApiError) => e.code === 'internal' && /ops worker stopped: exit code 3/.test(e.message));
    assert.equal((await client.call('double', { values: new Float32Array([5]) })).values[0], 10);
  } finally {
    await client.close();
  }
});

test('only typed arrays that own their whole buffer are handed over; views into a larger buffer are copied', () => {
  const whole = new Float32Array(4);
  const view = new Float32Array(new ArrayBuffer(64), 16, 4);
  assert.deepEqual(transferables({ a: whole, b: view, nested: { c: whole }, n: 1 }), [whole.buffer]);
  assert.deepEqual(transferables(null), []);
});
