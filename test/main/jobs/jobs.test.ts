// Jobs: legal state transitions, progress events, pause/resume/cancel through a runner, and survival of an app
// restart (a job left running by a dead process comes back paused, resumable, not lost).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { EventPayload } from '../../../src-shared/api/contract.js';
import { ApiError } from '../../../src-shared/api/errors.js';
import { JobManager } from '../../../src-main/jobs/manager.js';
import type { JobReporter, JobRunner } from '../../../src-main/jobs/manager.js';
import { JobStore } from '../../../src-main/jobs/store.js';
import Database from 'better-sqlite3';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'latentrad-jobs-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A runner that counts steps, reports progress, and honours pause/cancel between steps. */
function countingRunner(total: number, log: { resumes: boolean[] }): JobRunner {
  return async (job, reporter: JobReporter, options) => {
    log.resumes.push(options.resume);
    let done = job.progress.step ?? 0;
    while (done < total) {
      await new Promise((r) => setTimeout(r, 5));
      done += 1;
      reporter.progress({ step: done }, done / total, `step ${done}/${total}`, (total - done) * 0.005);
      const request = reporter.requested();
      if (request === 'pause') return { state: 'paused', message: `paused at ${done}` };
      if (request === 'cancel') return { state: 'cancelled', message: `cancelled at ${done}` };
    }
    return { state: 'done', message: 'finished' };
  };
}

test('the store allows only legal transitions and says which one was refused', () => {
  const store = new JobStore(join(dir, 'transitions.sqlite'));
  const job = store.create('training', 't', { a: 1 });
  assert.equal(job.state, 'queued');
  assert.equal(store.setState(job.id, 'running').state, 'running');
  assert.equal(store.setState(job.id, 'done').state, 'done');
  assert.throws(() => store.setState(job.id, 'running'), (e: ApiError) => e.code === 'bad_input' && e.message.includes('done') && e.message.includes('running'));
  assert.throws(() => store.get('nope'), (e: ApiError) => e.code === 'not_found');
  store.close();
});

test('a job runs to done with progress events carrying fraction, message and ETA', async () => {
  const events: EventPayload<'jobProgress'>[] = [];
  const manager = new JobManager({ emit: (_e, p) => events.push(p as EventPayload<'jobProgress'>) }, join(dir, 'run.sqlite'));
  const log = { resumes: [] as boolean[] };
  manager.register('count', countingRunner(4, log));
  const job = manager.submit('count', 'count to 4', { n: 4 });
  const final = await manager.settled(job.id);
  assert.equal(final.state, 'done');
  assert.equal(final.progress.step, 4);
  assert.deepEqual(events.map((e) => e.state), ['queued', 'running', 'running', 'running', 'running', 'running', 'done']);
  const mid = events[3];
  assert.equal(mid.fraction, 0.5);
  assert.equal(mid.message, 'step 2/4');
  assert.ok(mid.etaSeconds !== null && mid.etaSeconds > 0);
  await manager.shutdown();
});

test('pause stops at the next safe point, resume continues with resume=true, cancel ends it', async () => {
  const manager = new JobManager({ emit: () => undefined }, join(dir, 'pause.sqlite'));
  const log = { resumes: [] as boolean[] };
  manager.register('count', countingRunner(1000, log));
  const job = manager.submit('count', 'long', {});
  await new Promise((r) => setTimeout(r, 30));
  manager.pause(job.id);
  const paused = await manager.settled(job.id);
  assert.equal(paused.state, 'paused');
  assert.match(paused.message, /^paused at \d+$/);
  assert.throws(() => manager.pause(job.id), (e: ApiError) => e.code === 'bad_input');
  manager.resume(job.id);
  await new Promise((r) => setTimeout(r, 30));
  manager.cancel(job.id);
  const cancelled = await manager.settled(job.id);
  assert.equal(cancelled.state, 'cancelled');
  assert.deepEqual(log.resumes, [false, true]);
  assert.ok((cancelled.progress.step ?? 0) > (paused.progress.step ?? 0), 'the resumed run continued from the paused step');
  assert.throws(() => manager.resume(job.id), (e: ApiError) => e.code === 'bad_input' && e.message.includes('cancelled'));
  await manager.shutdown();
});

test('a failing runner marks the job failed with its error; a failed job can be resumed', async () => {
  const manager = new JobManager({ emit: () => undefined }, join(dir, 'fail.sqlite'));
  let calls = 0;
  manager.register('flaky', async () => {
    calls += 1;
    if (calls === 1) throw new Error('dataset "x" vanished');
    return { state: 'done', message: 'ok' };
  });
  const job = manager.submit('flaky', 'flaky', {});
  const failed = await manager.settled(job.id);
  assert.equal(failed.state, 'failed');
  assert.equal(failed.error, 'dataset "x" vanished');
  manager.resume(job.id);
  assert.equal((await manager.settled(job.id)).state, 'done');
  await manager.shutdown();
});

test('after an app restart a job left running by a dead process is paused and resumable, not lost', async () => {
  const path = join(dir, 'restart.sqlite');
  const first = new JobStore(path);
  const running = first.create('count', 'was running', { n: 3 });
  first.setState(running.id, 'running', { ownerPid: 2 ** 22 + 12345 }); // a pid that does not exist
  first.progress(running.id, { step: 2 }, 2 / 3, 'step 2/3', 1);
  const queued = first.create('count', 'was queued', {});
  const done = first.create('count', 'was done', {});
  first.setState(done.id, 'running');
  first.setState(done.id, 'done');
  first.close();

  // "Restart": a new manager on the same file.
  const log = { resumes: [] as boolean[] };
  const manager = new JobManager({ emit: () => undefined }, path);
  manager.register('count', countingRunner(3, log));
  const recovered = manager.store.get(running.id);
  assert.equal(recovered.state, 'paused');
  assert.match(recovered.message, /interrupted/);
  assert.equal(recovered.progress.step, 2, 'progress survives');
  assert.equal(manager.store.get(queued.id).state, 'paused');
  assert.equal(manager.store.get(done.id).state, 'done');
  manager.resume(running.id);
  const final = await manager.settled(running.id);
  assert.equal(final.state, 'done');
  assert.deepEqual(log.resumes, [true]);
  await manager.shutdown();
});

test('a job running in another live process is left alone at startup', () => {
  const path = join(dir, 'live.sqlite');
  const store = new JobStore(path);
  const job = store.create('count', 'elsewhere', {});
  store.setState(job.id, 'running', { ownerPid: 424242 });
  assert.equal(store.recoverInterrupted(() => true), 0);
  assert.equal(store.get(job.id).state, 'running');
  assert.equal(store.recoverInterrupted(() => false), 1);
  assert.equal(store.get(job.id).state, 'paused');
  store.close();
});

test('migration 2 adds the result column to a version-1 jobs table: old rows read null, a finished job keeps its result', async () => {
  const path = join(dir, 'v1.sqlite');
  const v1 = new Database(path);
  v1.exec(`CREATE TABLE jobs (id TEXT PRIMARY KEY, kind TEXT NOT NULL, state TEXT NOT NULL, title TEXT NOT NULL, params TEXT NOT NULL,
    progress TEXT NOT NULL DEFAULT '{}', fraction REAL, message TEXT NOT NULL DEFAULT '', eta_seconds REAL, error TEXT, requested TEXT,
    owner_pid INTEGER, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`);
  v1.prepare(`INSERT INTO jobs (id, kind, state, title, params, created_at, updated_at) VALUES ('old-1', 'training', 'done', 't', '{}', 'x', 'x')`).run();
  v1.pragma('user_version = 1');
  v1.close();
  const manager = new JobManager({ emit: () => undefined }, path);
  assert.equal(manager.store.get('old-1').result, null);
  manager.register('answer', async () => ({ state: 'done', message: 'answered', result: { answer: 42 } }));
  const job = manager.submit('answer', 'answer', {});
  assert.deepEqual((await manager.settled(job.id)).result, { answer: 42 });
  await manager.shutdown();
});
