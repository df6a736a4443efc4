// Proves that result folders are created under the data dir only, that ids and file names cannot escape it, and that
// results.get / results.list read them by id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createResult, readResult, resultDir, resultFile } from '../../../src-main/results/store.js';
import { createAppContext } from '../../../src-main/base/context.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { createLocalClient } from '../../../src-main/api/localClient.js';

const dataDir = () => mkdtempSync(join(tmpdir(), 'latentrad-results-'));

test('a new result gets a folder under <data dir>/results with result.json and is read back by id', () => {
  const d = dataDir();
  const { info, dir } = createResult(d, 'projection', { synthetic: true, meta: { model: 'm1' } }, new Date('2026-12-02T10:11:12Z'));
  assert.match(info.id, /^projection-20261202T101112-[0-9a-f]{8}$/);
  assert.equal(dir, join(d, 'results', info.id));
  writeFileSync(join(dir, 'latents.npy'), 'x');
  const back = readResult(d, info.id);
  assert.equal(back.info.synthetic, true);
  assert.deepEqual(back.files.map((f) => f.name), ['latents.npy', 'result.json']);
  assert.equal(resultFile(d, info.id, 'latents.npy'), join(dir, 'latents.npy'));
});

test('ids and file names that would leave the results folder are refused', () => {
  const d = dataDir();
  const { info } = createResult(d, 'eigen', { synthetic: false });
  assert.throws(() => resultDir(d, '../../etc'), /not a result id/);
  assert.throws(() => resultDir(d, 'eigen-20261202T101112-00000000'), /no result with id/);
  assert.throws(() => resultFile(d, info.id, '../result.json'), /not a file name/);
  assert.throws(() => resultFile(d, info.id, '/etc/passwd'), /not a file name/);
  assert.throws(() => resultFile(d, info.id, 'missing.npy'), /has no file/);
});

test('results.list returns newest first and filters by kind; results.get returns the files of one result', async () => {
  const d = dataDir();
  const ctx = createAppContext({ dataDir: d, host: { kind: 'cli' } });
  const client = createLocalClient(createAppDispatcher(ctx), ctx);
  const old = createResult(d, 'eigen', { synthetic: false }, new Date('2026-01-01T00:00:00Z'));
  const recent = createResult(d, 'generate', { synthetic: true }, new Date('2026-02-01T00:00:00Z'));
  writeFileSync(join(recent.dir, 'seed0000.png'), 'png');
  const all = await client.call('results.list', {});
  assert.deepEqual(all.results.map((r) => r.id), [recent.info.id, old.info.id]);
  assert.deepEqual((await client.call('results.list', { kind: 'eigen' })).results.map((r) => r.id), [old.info.id]);
  const one = await client.call('results.get', { id: recent.info.id });
  assert.equal(one.info.synthetic, true);
  assert.deepEqual(one.files.map((f) => f.name), ['result.json', 'seed0000.png']);
  await assert.rejects(client.call('results.get', { id: '../../etc/passwd' }), /not a result id/);
  await ctx.close();
});
