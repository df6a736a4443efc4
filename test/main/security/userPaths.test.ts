// Input paths through the API: only what the user chose (dialogs, imports, the data directory) outside the CLI;
// special files (FIFO, devices) are refused at once with a reason; a labels CSV never echoes its content.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppContext } from '../../../src-main/base/context.js';
import type { AppContext, HostServices } from '../../../src-main/base/context.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { createLocalClient } from '../../../src-main/api/localClient.js';
import type { LatentRadClient } from '../../../src-shared/api/contract.js';
import { checkUserPath } from '../../../src-main/security/userPaths.js';
import { tempDirs } from '../../support/tempDirs.js';
import { importPaths } from '../../../src-shared/api/awaitJob.js';
import { appRoot } from '../../../src-main/base/paths.js';
import { fixturesDir } from '../../support/data.js';

const tempDir = tempDirs('latentrad-userpaths-');

function app(host: HostServices, dataDir = tempDir()): { ctx: AppContext; client: LatentRadClient } {
  const ctx = createAppContext({ dataDir, host });
  return { ctx, client: createLocalClient(createAppDispatcher(ctx), ctx) };
}

test('over the host, a labels CSV or an analysis input the user never chose is refused without being read', async () => {
  const { ctx, client } = app({ kind: 'headless' });
  await assert.rejects(client.call('catalog.importLabels', { csvPath: '/etc/passwd' }), /\/etc\/passwd: this labels CSV was not chosen by the user/);
  await assert.rejects(client.call('catalog.importLabels', { csvPath: '/proc/self/environ' }), /not chosen by the user/);
  await assert.rejects(client.call('analysis.metrics', { metric: 'mse', reference: '/etc/passwd', test: '/etc/passwd' }), /not chosen by the user/);
  await ctx.close();
});

test('an imported folder is the user\'s: its CSV is accepted, also after a restart; a symlink out of it is not', async () => {
  const root = tempDir();
  const dataDir = tempDir();
  writeFileSync(join(root, 'labels.csv'), 'path,class\nnothing.png,A\n');
  symlinkSync('/etc/passwd', join(root, 'escape.csv'));
  const first = app({ kind: 'headless' }, dataDir);
  await importPaths(first.client, { paths: [root] });
  assert.equal((await first.client.call('catalog.importLabels', { csvPath: join(root, 'labels.csv') })).rows, 1);
  await first.ctx.close();
  const second = app({ kind: 'headless' }, dataDir);
  assert.equal(checkUserPath(second.ctx, join(root, 'labels.csv')), join(root, 'labels.csv'));
  assert.throws(() => checkUserPath(second.ctx, join(root, 'escape.csv')), /not chosen by the user/);
  await second.ctx.close();
});

test('a FIFO or a device is refused at once with its kind, instead of freezing the process', async () => {
  const { ctx, client } = app({ kind: 'cli' });
  const dir = tempDir();
  const fifo = join(dir, 'pipe.csv');
  execFileSync('mkfifo', [fifo]);
  const started = Date.now();
  await assert.rejects(client.call('catalog.importLabels', { csvPath: fifo }), /pipe\.csv: a named pipe \(FIFO\), not a regular file/);
  // A real image as the reference, so the FIFO is what the metric reaches (a missing reference would fail first).
  const reference = join(dir, 'reference.png');
  cpSync(join(fixturesDir, 'images', 'NORMAL', 'IM-0117-0001.png'), reference);
  const fifoPng = join(dir, 'pipe.png');
  execFileSync('mkfifo', [fifoPng]);
  await assert.rejects(client.call('analysis.metrics', { metric: 'mse', reference, test: fifoPng }), /pipe\.png: a named pipe \(FIFO\), not a regular file/);
  await assert.rejects(client.call('analysis.metrics', { metric: 'mse', reference: fifoPng, test: reference }), /pipe\.png: a named pipe \(FIFO\), not a regular file/);
  await assert.rejects(client.call('catalog.importLabels', { csvPath: '/dev/zero' }), /\/dev\/zero: a device, not a regular file/);
  assert.ok(Date.now() - started < 60_000, 'no FIFO or device read hung (generous: a hang never returns, a busy machine is slow)');
  await ctx.close();
});

test('unmatched rows and CSV syntax errors are reported by count and line number, never by content', async () => {
  const { ctx, client } = app({ kind: 'cli' });
  const dir = tempDir();
  writeFileSync(join(dir, 'secrets.csv'), 'root:SECRET-HASH-1:19000:0,x\ndaemon:SECRET-HASH-2:19000,y\n');
  const result = await client.call('catalog.importLabels', { csvPath: join(dir, 'secrets.csv') });
  assert.deepEqual(result.unmatched, { count: 2, lines: [1, 2] });
  assert.doesNotMatch(JSON.stringify(result), /SECRET/);
  writeFileSync(join(dir, 'broken.csv'), 'a,b\n"SECRET-QUOTED"x,y\n');
  await assert.rejects(client.call('catalog.importLabels', { csvPath: join(dir, 'broken.csv') }), (e: Error) => /broken\.csv: not a valid CSV \(.+ at line 2\)/.test(e.message) && !/SECRET/.test(e.message));
  await ctx.close();
});

test('a folder as a file and a missing file name the path and the reason', async () => {
  const { ctx, client } = app({ kind: 'cli' });
  const dir = tempDir();
  mkdirSync(join(dir, 'sub.csv'));
  await assert.rejects(client.call('catalog.importLabels', { csvPath: join(dir, 'sub.csv') }), /sub\.csv: a folder, not a regular file/);
  await assert.rejects(client.call('catalog.importLabels', { csvPath: join(dir, 'none.csv') }), (e: { code: string; message: string }) => e.code === 'not_found' && /none\.csv: no such file/.test(e.message));
  await ctx.close();
});

test('over the host, a model directory or projection input outside the user\'s choices is refused; the CLI reads it', async () => {
  const outside = join(tempDir(), 'copied-model');
  cpSync(join(appRoot(), 'assets', 'models', 'ixi-t1-64'), outside, { recursive: true });
  const host = app({ kind: 'headless' });
  await assert.rejects(host.client.call('models.get', { model: outside }), /copied-model: this model directory was not chosen by the user/);
  await assert.rejects(host.client.call('models.generate', { model: outside, seeds: [1] }), /this model directory was not chosen by the user/);
  await assert.rejects(host.client.call('models.remove', { model: outside }), /this model directory was not chosen by the user/);
  await assert.rejects(host.client.call('projection.project', { model: outside, source: { kind: 'file', path: join(outside, 'generator.npy') } }), /this model directory was not chosen/);
  await assert.rejects(host.client.call('projection.project', { model: 'ixi-t1-64', source: { kind: 'file', path: '/etc/passwd' } }), /\/etc\/passwd: this projection input was not chosen by the user/);
  await assert.rejects(host.client.call('projection.project', { model: 'ixi-t1-64', source: { kind: 'items', items: [{ item: '/etc/passwd' }] } }), /\/etc\/passwd: this projection input was not chosen/);
  const inputs = { model: 'ixi-t1-64', source: { kind: 'dataset' as const, name: 'none' } };
  await assert.rejects(host.client.call('projection.fidelity', { ...inputs, lesion: { kind: 'mask', path: '/etc/passwd' } }), /\/etc\/passwd: this lesion mask was not chosen/);
  await assert.rejects(host.client.call('projection.fidelity', { ...inputs, perturbations: [{ kind: 'inpaint', mask: '/etc/passwd' }] }), /\/etc\/passwd: this inpaint mask was not chosen/);
  await host.ctx.close();
  const cli = app({ kind: 'cli' });
  assert.equal((await cli.client.call('models.get', { model: outside })).dir, outside);
  await assert.rejects(cli.client.call('projection.project', { model: outside, source: { kind: 'file', path: '/etc/passwd' } }), (e: Error) => /\/etc\/passwd: give a \.npy/.test(e.message));
  await cli.ctx.close();
});
