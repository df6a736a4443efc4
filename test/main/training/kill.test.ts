// SIGKILL of the process running a training job (worker thread included, no cleanup): the jobs table and the catalog
// pass integrity_check, the job comes back paused, and resuming it continues from the last checkpoint to the end.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { EventPayload } from '../../../src-shared/api/contract.js';
import { createAppContext } from '../../../src-main/base/context.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { createLocalClient } from '../../../src-main/api/localClient.js';
import { catalogPath } from '../../../src-main/catalog/schema.js';
import { importPaths } from '../../../src-shared/api/awaitJob.js';
import { fixturesDir, repoRoot } from '../../support/data.js';

const request = {
  dataset: 'ixi',
  resolution: 32,
  // 16 steps of 4 images; a checkpoint every 2 steps.
  kimg: 0.064,
  batch: 4,
  out: 'killed-model',
  network: { zDim: 8, wDim: 8, mappingLayers: 1, channelBase: 32, channelMax: 4, mbstdGroupSize: 2 },
  snapshotKimg: 0.008,
  logKimg: 0.004,
  backend: 'cpu' as const,
};

interface LogLine {
  event: string;
  kimg: number;
  step?: number;
}

const readLog = (path: string): LogLine[] =>
  existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((l) => l.endsWith('}')).map((l) => JSON.parse(l) as LogLine) : [];

function integrity(path: string): unknown {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true });
  } finally {
    db.close();
  }
}

test('a training job killed with SIGKILL resumes from its last checkpoint and loses nothing', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'latentrad-trainkill-'));
  const open = () => {
    const ctx = createAppContext({ dataDir, host: { kind: 'cli' } });
    return { ctx, client: createLocalClient(createAppDispatcher(ctx), ctx) };
  };
  try {
    const setup = open();
    await importPaths(setup.client, { paths: [join(fixturesDir, 'ixi')] });
    const volumesBefore = await setup.client.call('catalog.listVolumes', {});
    assert.ok(volumesBefore.rows.length > 0);
    await setup.client.call('datasets.create', { name: 'ixi', source: { kind: 'files', paths: [join(fixturesDir, 'ixi')] }, resolution: 32, sliceRange: [0.45, 0.85], sliceStep: 4 });
    const datasetsBefore = await setup.client.call('datasets.list', {});
    await setup.ctx.close();

    const runDir = join(dataDir, 'training', request.out);
    const logPath = join(runDir, 'log.jsonl');
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'main', 'training', 'trainChild.ts'), dataDir, JSON.stringify(request)], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Kill right after the second checkpoint: the first one has been replaced once (the swap path ran).
    while (readLog(logPath).filter((l) => l.event === 'snapshot').length < 2) {
      if (child.exitCode !== null) assert.fail('the training child exited before its second checkpoint');
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    const before = readLog(logPath);
    assert.ok(!before.some((l) => l.event === 'done'), 'the run was killed before it finished');
    const checkpoint = JSON.parse(readFileSync(join(runDir, 'checkpoint', 'state.json'), 'utf8')) as { nimg: number; step: number };
    assert.ok(checkpoint.nimg >= 16 && checkpoint.nimg < 64, `checkpoint at ${checkpoint.nimg} images`);

    assert.equal(integrity(join(dataDir, 'jobs.sqlite')), 'ok');
    assert.equal(integrity(catalogPath(dataDir)), 'ok');

    const again = open();
    try {
      const { jobs } = await again.client.call('jobs.list', {});
      assert.deepEqual(jobs.map((j) => [j.kind, j.state]).sort(), [['import', 'done'], ['training', 'paused']], 'the import and the training job, neither lost nor duplicated');
      const job = jobs.find((j) => j.kind === 'training');
      assert.ok(job);
      assert.equal(job.state, 'paused');
      assert.match(job.message, /interrupted/);
      assert.deepEqual(await again.client.call('datasets.list', {}), datasetsBefore);
      assert.deepEqual(await again.client.call('catalog.listVolumes', {}), volumesBefore);

      const finished = new Promise<EventPayload<'jobProgress'>>((resolve) =>
        again.client.on('jobProgress', (e) => {
          if (e.state === 'done' || e.state === 'failed' || e.state === 'cancelled') resolve(e);
        }),
      );
      await again.client.call('jobs.resume', { id: job.id });
      const end = await finished;
      assert.equal(end.state, 'done', end.message);
      const after = readLog(logPath).slice(before.length);
      const resumed = after.find((l) => l.event === 'resume');
      assert.ok(resumed, 'the run logged a resume, not a fresh start');
      assert.equal(resumed.kimg, checkpoint.nimg / 1000, 'it continued from the checkpoint');
      assert.ok(!after.some((l) => l.event === 'start'));
      const firstStep = after.find((l) => l.event === 'progress')?.step ?? 0;
      assert.ok(firstStep > checkpoint.step, `the first step after resuming (${firstStep}) follows the checkpoint's (${checkpoint.step})`);
      assert.equal(after.at(-1)?.event, 'done');
      assert.equal(after.at(-1)?.kimg, request.kimg);
      const { models } = await again.client.call('models.list', {});
      assert.ok(models.some((m) => m.name === request.out), 'the finished model is registered');
      assert.deepEqual((await again.client.call('jobs.list', {})).jobs.filter((j) => j.kind === 'training').map((j) => [j.id, j.state]), [[job.id, 'done']]);
    } finally {
      await again.ctx.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
