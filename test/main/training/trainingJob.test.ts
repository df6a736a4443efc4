// training.start end to end through the API: a job runs the training worker thread, reports progress events, and
// registers the trained G_ema as a model; bad requests fail the call instead of creating a failed job.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { EventPayload } from '../../../src-shared/api/contract.js';
import { ApiError } from '../../../src-shared/api/errors.js';
import { createAppContext } from '../../../src-main/base/context.js';
import { createLocalClient } from '../../../src-main/api/localClient.js';
import { fixturesDir } from '../../support/data.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';

let dataDir: string;
const open = () => {
  const ctx = createAppContext({ dataDir, host: { kind: 'cli' } });
  return { ctx, client: createLocalClient(createAppDispatcher(ctx), ctx) };
};

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'latentrad-trainjob-'));
  const { ctx, client } = open();
  await client.call('datasets.create', { name: 'ixi', source: { kind: 'files', paths: [join(fixturesDir, 'ixi')] }, resolution: 32, sliceRange: [0.45, 0.85], sliceStep: 4 });
  await ctx.close();
});
after(() => rmSync(dataDir, { recursive: true, force: true }));

const request = {
  dataset: 'ixi',
  resolution: 32,
  kimg: 0.016,
  batch: 4,
  out: 'job-model',
  network: { zDim: 8, wDim: 8, mappingLayers: 1, channelBase: 32, channelMax: 4, mbstdGroupSize: 2 },
  snapshotKimg: 1,
  logKimg: 0.008,
  backend: 'cpu' as const,
};

test('a training job runs in a worker, emits progress and registers its model', async () => {
  const { ctx, client } = open();
  const events: EventPayload<'jobProgress'>[] = [];
  const finished = new Promise<void>((resolve) =>
    client.on('jobProgress', (e) => {
      events.push(e);
      if (e.state === 'done' || e.state === 'failed') resolve();
    }),
  );
  const job = await client.call('training.start', request);
  assert.equal(job.kind, 'training');
  await finished;
  const final = await client.call('jobs.get', { id: job.id });
  assert.equal(final.state, 'done', `job ended ${final.state}: ${final.message}`);
  assert.equal(final.progress.kimg, 0.016);
  assert.ok(events.some((e) => e.state === 'running' && e.fraction === 0.5 && /kimg/.test(e.message)), 'a half-way progress event');
  // From its first second the job says what it is doing: setup steps come before the first logged numbers.
  const firstKimg = events.findIndex((e) => /G \d/.test(e.message));
  const setup = events.slice(0, firstKimg).map((e) => e.message);
  for (const step of [/backend/, /loading dataset "ixi"/, /building the networks/, /first iteration/]) assert.ok(setup.some((m) => step.test(m)), `a setup step ${step} in ${setup.join(' | ')}`);
  const { models } = await client.call('models.list', {});
  assert.ok(models.some((m) => m.name === 'job-model'), 'the trained G_ema is in the models list');
  await ctx.close();

  // Another app start sees the finished job in the table.
  const again = open();
  const { jobs } = await again.client.call('jobs.list', {});
  assert.deepEqual(jobs.map((j) => [j.id, j.state]), [[job.id, 'done']]);
  await again.ctx.close();
});

test('training.start refuses an unknown dataset, a resolution mismatch and an existing run name', async () => {
  const { ctx, client } = open();
  await assert.rejects(client.call('training.start', { ...request, dataset: 'missing' }), (e: ApiError) => e.code === 'not_found' && e.message.includes('missing'));
  await assert.rejects(client.call('training.start', { ...request, resolution: 64 }), (e: ApiError) => e.code === 'bad_input' && e.message.includes('32×32'));
  await assert.rejects(client.call('training.start', request), (e: ApiError) => e.code === 'bad_input' && e.message.includes('already exists'));
  await assert.rejects(client.call('training.start', { ...request, out: 'other', resume: true }), (e: ApiError) => e.code === 'not_found');
  await ctx.close();
});

test('a cancel asked of a running training job shows as stopRequested and takes effect after the current step', async () => {
  const { ctx, client } = open();
  let cancelAsked = false;
  const stopping: Array<string | null> = [];
  const ended = new Promise<EventPayload<'jobProgress'>>((resolve) =>
    client.on('jobProgress', (e) => {
      if (e.state === 'cancelled' || e.state === 'done' || e.state === 'failed') resolve(e);
      if (!cancelAsked && /^step \d/.test(e.message)) {
        cancelAsked = true;
        void client.call('jobs.cancel', { id: e.jobId }).then((j) => stopping.push(j.stopRequested));
      }
    }),
  );
  // Enough kimg that the run would take minutes: it must end long before that.
  const job = await client.call('training.start', { ...request, out: 'cancelled-model', kimg: 50 });
  const last = await ended;
  assert.equal(last.state, 'cancelled', last.message);
  assert.deepEqual(stopping, ['cancel'], 'jobs.cancel returned the job with stopRequested = cancel');
  const final = await client.call('jobs.get', { id: job.id });
  assert.equal(final.stopRequested, null, 'a stopped job no longer reports a stop request');
  assert.ok((final.progress.kimg ?? 50) < 1, `stopped at ${final.progress.kimg} kimg`);
  await ctx.close();
});
