// eigen.components as a job in the analysis worker: progress from its first event to the end with the analysis as
// the job's result, a cancel honoured inside one long analysis (the worker polls a shared flag between blocks),
// and a bad request refused before any job exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppContext } from '../../../src-main/base/context.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { createLocalClient } from '../../../src-main/api/localClient.js';
import { analysisWorkerOf } from '../../../src-main/analysis/workerApi.js';
import { eigenComponentFiles } from '../../../src-main/eigen/components.js';
import { eigenRunner } from '../../../src-main/eigen/jobRunner.js';
import type { JobReporter } from '../../../src-main/jobs/manager.js';
import type { Job } from '../../../src-shared/api/jobs.js';
import { ApiError } from '../../../src-shared/api/errors.js';
import type { JobEvent } from '../../../src-shared/api/awaitJob.js';
import { awaitJob } from '../../../src-shared/api/awaitJob.js';
import { eigenOutputSchema } from '../../../src-shared/api/eigen.js';
import { encodeNpy } from '../../../src-shared/io/npy.js';
import { tempDirs } from '../../support/tempDirs.js';

const work = tempDirs('latentrad-eigen-job-')();
const ctx = createAppContext({ dataDir: work, host: { kind: 'cli' } });
const client = createLocalClient(createAppDispatcher(ctx), ctx);

/** A K×1×64×64 series whose centre brightens linearly with α (α from SERIES.json). */
function writeSeries(name: string, alphas: number[]): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const [K, H, W] = [alphas.length, 64, 64];
  const data = new Float32Array(K * H * W);
  for (let k = 0; k < K; k++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const inside = y >= 8 && y < 56 && x >= 8 && x < 56;
    const lesion = y >= 28 && y < 36 && x >= 28 && x < 36;
    data[(k * H + y) * W + x] = (inside ? 0.3 + 0.4 * Math.sin(x / 3) * Math.cos(y / 5) : -0.9) + (lesion ? 0.04 * alphas[k] : 0);
  }
  writeFileSync(join(dir, 'SERIES.npy'), encodeNpy(data, [K, 1, H, W]));
  writeFileSync(join(dir, 'SERIES.json'), JSON.stringify({ alphas, alphaUnit: 'sigma', synthetic: true }));
  return join(dir, 'SERIES.npy');
}

test('the job reports progress from its first event, ends done, and carries the analysis as its result', async () => {
  const series = writeSeries('done', [0, 0.5, 1, 1.5, 2, 2.5, 3]);
  const events: JobEvent[] = [];
  const job = await awaitJob(client, async () => (await client.call('eigen.components', { series })).job, { onEvent: (e) => events.push(e) });
  assert.equal(job.state, 'done', job.message);
  assert.equal(job.kind, 'eigen');
  const first = events.find((e) => e.fraction !== null);
  assert.deepEqual([first?.state, first?.fraction, first?.message], ['running', 0, 'starting the analysis worker'], 'progress is shown before the worker has read anything');
  assert.ok(events.some((e) => e.message.startsWith('reading 7 images')), 'the worker reports as it opens the series');
  const fractions = events.map((e) => e.fraction ?? 0);
  assert.ok(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]), `progress never goes back: ${fractions.join(', ')}`);
  assert.equal(events.at(-1)?.state, 'done');
  const out = eigenOutputSchema.parse(job.result);
  assert.ok(out.linearCheck.pass);
  assert.match(job.message, new RegExp(`R² ${(out.linearCheck.r2 ?? 0).toFixed(4)} \\(PASS`));
});

test('a cancel requested of the job stops it in the worker and ends it cancelled, with no analysis as its result', async () => {
  const series = writeSeries('cancel', [0, 1, 2, 3]);
  const task = { params: { series, mask: 'none', components: 2, centred: true, nifti: false }, seriesPath: series, seriesAlphas: [0, 1, 2, 3], alphaUnit: 'sigma' as const, synthetic: true, outDir: join(work, 'cancel-out'), placement: null };
  const messages: string[] = [];
  const reporter: JobReporter = { progress: (_d, _f, message) => messages.push(message), requested: () => 'cancel', onRequest: () => undefined };
  const now = new Date().toISOString();
  const job: Job = { id: 'eigen-cancel', kind: 'eigen', state: 'running', title: 'eigen', params: { result: 'eigen-cancel', task }, progress: {}, fraction: null, message: '', etaSeconds: null, error: null, result: null, stopRequested: 'cancel', createdAt: now, updatedAt: now };
  const outcome = await eigenRunner(ctx, () => analysisWorkerOf(ctx))(job, reporter, { resume: false });
  assert.equal(outcome.state, 'cancelled', outcome.message);
  assert.equal(outcome.result, undefined);
  assert.equal(messages[0], 'starting the analysis worker', 'progress is shown before the worker answers');
});

test('inside the worker the analysis polls the stop flag block by block as it streams, after reporting its start', () => {
  const series = writeSeries('flag', [0, 1, 2]);
  const seen: number[] = [];
  let polls = 0;
  assert.throws(
    () => eigenComponentFiles(
      { params: { series, mask: 'none', components: 2, centred: true, nifti: false }, seriesPath: series, seriesAlphas: [0, 1, 2], alphaUnit: 'sigma', synthetic: true, outDir: join(work, 'flag-out'), placement: null },
      { progress: (fraction) => seen.push(fraction), stopped: () => ++polls > 2 },
    ),
    (error: unknown) => error instanceof ApiError && error.code === 'cancelled',
  );
  assert.equal(polls, 3, 'stopped after the third block read, not at the end');
  assert.equal(seen[0], 0);
});

test('a bare stack without α values is refused at once, before a job exists', async () => {
  const before = (await client.call('jobs.list', {})).jobs.length;
  await assert.rejects(client.call('eigen.components', { series: join(work, 'done', 'SERIES.npy'), alphas: [1, 2] }), /α values come from SERIES\.json/);
  assert.equal((await client.call('jobs.list', {})).jobs.length, before);
});
