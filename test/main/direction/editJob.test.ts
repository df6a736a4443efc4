// direction.editSeries as a job: progress from its first event (before the generator has made anything) to the end
// with the series as the job's result; a pause keeps the images made so far and a resume makes only the rest, giving
// the same series as an unbroken run; a cancel leaves no SERIES.npy; a bad request is refused before a job exists; the
// CLI follows the job and copies the series out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createAppContext } from '../../../src-main/base/context.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { createLocalClient } from '../../../src-main/api/localClient.js';
import { editRunner } from '../../../src-main/direction/editJob.js';
import { chunkImages } from '../../../src-main/direction/editSeries.js';
import type { JobReporter } from '../../../src-main/jobs/manager.js';
import type { JobRequest } from '../../../src-main/jobs/store.js';
import { createResult, resultFile } from '../../../src-main/results/store.js';
import { awaitJob } from '../../../src-shared/api/awaitJob.js';
import type { JobEvent } from '../../../src-shared/api/awaitJob.js';
import { editInputSchema, seriesInfoSchema } from '../../../src-shared/api/direction.js';
import type { Job } from '../../../src-shared/api/jobs.js';
import { decodeNpy, encodeNpy } from '../../../src-shared/io/npy.js';
import { repoRoot } from '../../support/data.js';
import { tempDirs } from '../../support/tempDirs.js';

const work = tempDirs('latentrad-edit-job-')();
const ctx = createAppContext({ dataDir: work, host: { kind: 'cli' } });
const client = createLocalClient(createAppDispatcher(ctx), ctx);
const directionDir = join(work, 'd64');
mkdirSync(directionDir, { recursive: true });
writeFileSync(join(directionDir, 'D.npy'), encodeNpy(Float32Array.from({ length: 64 }, (_, j) => (j === 7 ? 1 : 0)), [64]));
writeFileSync(join(directionDir, 'D.json'), JSON.stringify({ method: 'mean', sigma: 0.4 }));
const alphas = Array.from({ length: 15 }, (_, k) => (3 * k) / 14);
const request = { model: 'ixi-t1-64', direction: join(directionDir, 'D.npy'), source: { kind: 'seed' as const, seed: 3 }, alphas };
const stack = (id: string): Float32Array => decodeNpy(readFileSync(resultFile(work, id, 'SERIES.npy'))).data as Float32Array;

let unbroken = '';

test('the job reports progress from its first event, ends done with the series as its result', async () => {
  const events: JobEvent[] = [];
  const job = await awaitJob(client, async () => (await client.call('direction.editSeries', request)).job, { onEvent: (e) => events.push(e) });
  assert.equal(job.state, 'done', job.message);
  assert.equal(job.kind, 'edit');
  const first = events.find((e) => e.fraction !== null);
  assert.deepEqual([first?.state, first?.fraction, first?.message], ['running', 0, 'starting the generator'], 'progress is shown before the generator runs');
  const fractions = events.map((e) => e.fraction ?? 0);
  assert.ok(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]), `progress never goes back: ${fractions.join(', ')}`);
  const steps = events.filter((e) => e.message.startsWith('generating:')).map((e) => e.message);
  assert.equal(steps.at(-1), 'generating: 15 of 15 images');
  assert.ok(steps.length >= Math.ceil(15 / chunkImages(64)), `one event per chunk: ${steps.join(' | ')}`);
  const series = seriesInfoSchema.parse(job.result);
  assert.deepEqual(series.shape, [15, 1, 64, 64]);
  assert.equal(series.scale, 0.4);
  assert.ok(!series.result.files.includes('partial.npy'));
  unbroken = series.result.id;
});

/** Runs the runner once on `id` with a reporter whose request is `ask(done)` (done = images made so far). */
async function runOnce(id: string, ask: (done: number) => JobRequest): Promise<{ state: string; message: string; events: string[] }> {
  let done = 0;
  const events: string[] = [];
  const reporter: JobReporter = {
    progress: (_d, fraction, message) => {
      events.push(message);
      if (fraction !== null) done = Math.round(fraction * 15);
    },
    requested: () => ask(done),
    onRequest: () => undefined,
  };
  const now = new Date().toISOString();
  const task = { params: editInputSchema.parse(request), model: 'ixi-t1-64', direction: request.direction, latents: null };
  const job: Job = { id: `edit-${id}`, kind: 'edit', state: 'running', title: 'edit', params: { result: id, task }, progress: {}, fraction: null, message: '', etaSeconds: null, error: null, result: null, stopRequested: null, createdAt: now, updatedAt: now };
  const outcome = await editRunner(ctx)(job, reporter, { resume: false });
  return { state: outcome.state, message: outcome.message, events };
}

test('a pause keeps the images made so far; the resumed run makes only the rest and equals the unbroken series', async () => {
  assert.ok(unbroken, 'the first test made the unbroken series');
  const { info } = createResult(work, 'edit', { synthetic: true });
  const paused = await runOnce(info.id, (done) => (done >= 4 ? 'pause' : null));
  assert.equal(paused.state, 'paused', paused.message);
  assert.match(paused.message, /paused after \d+ of 15 images/);
  const partial = decodeNpy(readFileSync(resultFile(work, info.id, 'partial.npy')));
  assert.ok(partial.shape[0] >= 4 && partial.shape[0] < 15, `partial.npy holds ${partial.shape[0]} images`);
  assert.ok(!existsSync(join(work, 'results', info.id, 'SERIES.npy')));
  const resumed = await runOnce(info.id, () => null);
  assert.equal(resumed.state, 'done', resumed.message);
  const generating = resumed.events.filter((m) => m.startsWith('generating:'));
  assert.equal(generating[0], `generating: ${partial.shape[0]} of 15 images`, 'the resumed run starts where the pause left off');
  assert.ok(!existsSync(join(work, 'results', info.id, 'partial.npy')), 'partial.npy is removed once the series is whole');
  const a = stack(unbroken);
  const b = stack(info.id);
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  assert.ok(worst < 1e-5, `paused + resumed differs from unbroken by ${worst}`);
});

test('a cancel ends the job cancelled with no SERIES.npy', async () => {
  const { info } = createResult(work, 'edit', { synthetic: true });
  const cancelled = await runOnce(info.id, (done) => (done >= 4 ? 'cancel' : null));
  assert.equal(cancelled.state, 'cancelled', cancelled.message);
  assert.ok(!existsSync(join(work, 'results', info.id, 'SERIES.npy')));
});

test('a bad request is refused by the call, before any job exists', async () => {
  const before = (await client.call('jobs.list', {})).jobs.length;
  await assert.rejects(client.call('direction.editSeries', { ...request, layers: [0, 99], space: 'wplus' }), /layers 0-99: model .* has layers 0-\d+/);
  assert.equal((await client.call('jobs.list', {})).jobs.length, before);
});

test('latentrad edit follows the job and writes SERIES.npy + SERIES.json where --out says', async () => {
  const out = join(work, 'cli-series', 'SERIES.npy');
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(repoRoot, 'src-main', 'cli', 'main.ts'), '--data-dir', join(work, 'cli-data'), '--json', 'edit', '--model', 'ixi-t1-64', '--seed', '3', '--direction', request.direction, '--alphas', '0:1:3', '--out', out], { cwd: repoRoot });
  const printed = JSON.parse(stdout) as { shape: number[]; alphas: number[]; synthetic: boolean };
  assert.deepEqual([printed.shape, printed.alphas, printed.synthetic], [[3, 1, 64, 64], [0, 0.5, 1], true]);
  assert.deepEqual(decodeNpy(readFileSync(out)).shape, [3, 1, 64, 64]);
  assert.equal((JSON.parse(readFileSync(join(work, 'cli-series', 'SERIES.json'), 'utf8')) as { synthetic: boolean }).synthetic, true);
});
