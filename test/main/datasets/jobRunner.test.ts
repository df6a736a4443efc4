// datasets.submit: a dataset build as a job (in the dataset worker) over a catalog selection — progress events, the dataset on disk, cancel
// and pause between inputs without a dataset (or temporary) folder left behind, and requests refused before a job.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { EventPayload } from '../../../src-shared/api/contract.js';
import type { DatasetCreateInput } from '../../../src-shared/api/datasets.js';
import { ApiError } from '../../../src-shared/api/errors.js';
import { createAppContext } from '../../../src-main/base/context.js';
import { createLocalClient } from '../../../src-main/api/localClient.js';
import { jobsOf } from '../../../src-main/jobs/manager.js';
import { loadDataset } from '../../../src-main/datasets/store.js';
import { fixturesDir } from '../../support/data.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { importPaths } from '../../../src-shared/api/awaitJob.js';
import { WorkerClient } from '../../../src-main/workers/client.js';
import { spawnWorker } from '../../../src-main/workers/spawn.js';
import type { DatasetWorkerApi } from '../../../src-main/datasets/buildWorkerApi.js';

let dataDir: string;
let ctx: ReturnType<typeof createAppContext>;
let client: ReturnType<typeof createLocalClient>;
/** Threads started for the context's dataset worker: the builds must run there, not in this (the main) thread. */
const spawned: string[] = [];

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'latentrad-dsjob-'));
  ctx = createAppContext({ dataDir, host: { kind: 'cli' } });
  // Installed before first use, so that the job runner and datasets.create get this client (see datasetWorkerOf).
  ctx.service('datasets.worker', () => new WorkerClient<DatasetWorkerApi>('datasets', (name) => {
    spawned.push(name);
    return spawnWorker(name);
  }), (w) => w.close());
  client = createLocalClient(createAppDispatcher(ctx), ctx);
  // Five chest X-rays in class folders: the importer labels each image with class=NORMAL or class=PNEUMONIA.
  await importPaths(client, { paths: [join(fixturesDir, 'images')] });
  const { rows } = await client.call('catalog.listImages', {});
  assert.equal(rows.length, 5);
});
after(async () => {
  await ctx.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const spec = (name: string, where: Record<string, string> = {}): DatasetCreateInput =>
  ({ name, source: { kind: 'catalog', where, entities: ['images'] }, resolution: 32, modality: 'image' }) as DatasetCreateInput;

/** Submits a build and collects its events until it ends; `onEvent` may act on the job mid-build. */
async function runJob(input: DatasetCreateInput, onEvent: (e: EventPayload<'jobProgress'>, id: string) => void = () => {}) {
  const events: EventPayload<'jobProgress'>[] = [];
  let id = '';
  const off = client.on('jobProgress', (e) => {
    if (id && e.jobId !== id) return;
    events.push(e);
    if (id) onEvent(e, id);
  });
  const started = performance.now();
  const job = await client.call('datasets.submit', input);
  id = job.id;
  const final = await jobsOf(ctx).settled(job.id);
  off();
  return { job, final, events, seconds: (performance.now() - started) / 1000 };
}

const folders = (): string[] => (existsSync(join(dataDir, 'datasets')) ? readdirSync(join(dataDir, 'datasets')) : []);

test('a dataset job reaches done with rising progress and the dataset appears with every selected image', async () => {
  const { job, final, events, seconds } = await runJob(spec('cxr'));
  assert.equal(job.kind, 'dataset');
  assert.equal(final.state, 'done', `job ended ${final.state}: ${final.message}`);
  assert.match(final.message, /^done: 5 images from 5 inputs; nothing skipped$/);
  const fractions = events.filter((e) => e.state === 'running' && e.fraction !== null).map((e) => e.fraction ?? -1);
  assert.deepEqual(fractions, [0, 0, 0.2, 0.4, 0.6, 0.8, 1], 'the start at once, one event per input, then the end');
  assert.equal(events.find((e) => e.state === 'running' && e.fraction !== null)?.message, 'starting: listing the inputs', 'progress before the worker is up');
  assert.ok(events.some((e) => /^2\/5 inputs · .+\.(png|jpeg)$/.test(e.message)), 'the message names the input being read');
  assert.ok(events.slice(2).some((e) => e.etaSeconds !== null), 'an ETA once an input is done');
  const { datasets } = await client.call('datasets.list', {});
  assert.deepEqual(datasets.map((d) => [d.name, d.count]), [['cxr', 5]]);
  const loaded = await loadDataset(dataDir, 'cxr');
  assert.equal(loaded.images.length, 5 * 32 * 32);
  assert.deepEqual(loaded.info.labels, [{ name: 'class', kind: 'categorical', categories: ['NORMAL', 'PNEUMONIA'] }]);
  console.log(`# built 5 catalogued images at 32² as a job in ${seconds.toFixed(2)} s`);
});

test('a where filter selects by label, as `latentrad ls --where class=PNEUMONIA`', async () => {
  const { final } = await runJob(spec('pneumonia', { class: 'PNEUMONIA' }));
  assert.equal(final.state, 'done', final.message);
  assert.equal((await client.call('datasets.get', { name: 'pneumonia' })).count, 3);
});

test('cancel mid-build stops between inputs: the job is cancelled and no dataset folder is left', async () => {
  const before = folders();
  let asked = false;
  const { final } = await runJob(spec('cancelled'), (e, id) => {
    // Asked while input 2 of 5 is being read: the build stops before input 3.
    if (!asked && e.fraction === 0.2) {
      asked = true;
      jobsOf(ctx).cancel(id);
    }
  });
  assert.equal(final.state, 'cancelled');
  // The request travels to the build worker, which sees it at its next input boundary (input 3 unless the machine
  // delays the main thread).
  assert.match(final.message, /^cancelled after [2-4]\/5 inputs; no dataset written$/);
  assert.deepEqual(folders(), before, 'neither the dataset nor a temporary folder');
  await assert.rejects(client.call('datasets.get', { name: 'cancelled' }), (e: ApiError) => e.code === 'not_found');
});

test('a paused build writes nothing and, resumed, builds the dataset from the start', async () => {
  let asked = false;
  const { job, final } = await runJob(spec('paused'), (e, id) => {
    if (!asked && e.fraction === 0.4) {
      asked = true;
      jobsOf(ctx).pause(id);
    }
  });
  assert.equal(final.state, 'paused');
  assert.match(final.message, /^paused after [34]\/5 inputs; nothing written/);
  assert.ok(!folders().includes('paused'));
  await client.call('jobs.resume', { id: job.id });
  const resumed = await jobsOf(ctx).settled(job.id);
  assert.equal(resumed.state, 'done', resumed.message);
  assert.equal((await client.call('datasets.get', { name: 'paused' })).count, 5);
});

test('datasets.submit refuses bad input, an existing name and an empty selection without creating a job', async () => {
  const jobsBefore = (await client.call('jobs.list', {})).jobs.length;
  await assert.rejects(client.call('datasets.submit', { ...spec('bad'), resolution: 48 }), (e: ApiError) => e.code === 'validation' && e.message.includes('32, 64, 128 or 256'));
  await assert.rejects(client.call('datasets.submit', { ...spec('bad'), name: '../escape' }), (e: ApiError) => e.code === 'validation');
  await assert.rejects(client.call('datasets.submit', spec('cxr')), (e: ApiError) => e.code === 'bad_input' && e.message.includes('"cxr" already exists'));
  await assert.rejects(client.call('datasets.submit', spec('none', { class: 'COVID' })), (e: ApiError) => e.code === 'bad_input' && e.message.includes('matches no images'));
  await assert.rejects(
    client.call('datasets.submit', { ...spec('files'), source: { kind: 'files', paths: ['/nonexistent/folder'] } }),
    (e: ApiError) => e.code === 'not_found' && e.message.includes('/nonexistent/folder: no such file or folder'),
  );
  assert.equal((await client.call('jobs.list', {})).jobs.length, jobsBefore);
});

test('every build runs in the dataset worker: one thread, started by the first build, serves jobs and datasets.create', async () => {
  const info = await client.call('datasets.create', spec('direct'));
  assert.equal(info.count, 5);
  assert.deepEqual(spawned, ['datasets']);
});
