// The training CLI from source: dataset create/export (a dataset job), train with --json (one JSON object per line),
// jobs, errors.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fixturesDir, repoRoot } from '../../support/data.js';

let dataDir: string;
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src-main', 'cli', 'main.ts'), '--data-dir', dataDir, ...args], { encoding: 'utf8', cwd: repoRoot });

before(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'latentrad-traincli-'));
});
after(() => rmSync(dataDir, { recursive: true, force: true }));

test('dataset create and export print JSON with --json and write the zip', () => {
  const created = cli('--json', 'dataset', 'create', '--from', join(fixturesDir, 'ixi'), '--res', '32', '--slice-range', '0.45,0.85', '--step', '4', '--labels', join(fixturesDir, 'ixi', 'labels.csv'), '--out', 'ixi');
  assert.equal(created.status, 0, created.stderr);
  const info = JSON.parse(created.stdout) as { count: number; labels: { name: string }[] };
  assert.equal(info.count, 24);
  assert.deepEqual(info.labels.map((l) => l.name), ['age', 'sex']);
  const zip = join(dataDir, 'ixi.zip');
  const exported = cli('dataset', 'export', 'ixi', '--nvlabs', zip);
  assert.equal(exported.status, 0, exported.stderr);
  assert.match(exported.stdout, /24 PNGs/);
  assert.ok(existsSync(zip));
});

test('train --json prints one JSON object per line and ends with the finished job; jobs lists it', () => {
  const trained = cli('--json', 'train', '--dataset', 'ixi', '--res', '32', '--kimg', '0.008', '--batch', '4', '--out', 'm', '--channel-base', '32', '--channel-max', '4', '--z-dim', '8', '--mapping-layers', '1', '--backend', 'cpu');
  assert.equal(trained.status, 0, trained.stderr);
  const lines = trained.stdout.trim().split('\n').map((l) => JSON.parse(l) as { state: string; jobId?: string; id?: string });
  assert.deepEqual(lines.slice(0, 2).map((l) => l.state), ['queued', 'running']);
  const final = lines.at(-1)!;
  assert.equal(final.state, 'done');
  const listed = cli('--json', 'jobs');
  const { jobs } = JSON.parse(listed.stdout) as { jobs: { id: string; kind: string; state: string }[] };
  // Newest first: this training run, then the dataset build of the first test (dataset create runs as a job too).
  assert.deepEqual(jobs.map((j) => [j.id, j.kind, j.state]), [[final.id, 'training', 'done'], [jobs[1]?.id, 'dataset', 'done']]);
});

test('bad requests fail with a clear message and a non-zero exit', () => {
  const wrongRes = cli('train', '--dataset', 'ixi', '--res', '64', '--kimg', '1', '--out', 'x');
  assert.notEqual(wrongRes.status, 0);
  assert.match(wrongRes.stderr, /32×32/);
  const missing = cli('dataset', 'create', '--from', join(dataDir, 'nothing-here'), '--res', '32', '--out', 'y');
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /nothing-here/);
  const badRange = cli('dataset', 'create', '--from', fixturesDir, '--res', '32', '--slice-range', '2,3', '--out', 'z');
  assert.notEqual(badRange.status, 0);
  assert.match(badRange.stderr, /slice-range/);
  const unknownJob = cli('jobs', 'pause', 'training-00000000');
  assert.notEqual(unknownJob.status, 0);
  assert.match(unknownJob.stderr, /no job/);
});
