// Bad file arguments of the eigen analysis are refused BEFORE a job exists: a missing, mis-sized, non-.npy or folder
// mask file, a missing series, an --out that is a file — through the API and `latentrad eigen` (no job, no result folder).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppContext } from '../../../src-main/base/context.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { encodeNpy } from '../../../src-shared/io/npy.js';
import { repoRoot } from '../../support/data.js';
import { tempDirs } from '../../support/tempDirs.js';

const work = tempDirs('latentrad-eigen-refusals-')();
const stack = join(work, 'STACK.npy');
mkdirSync(work, { recursive: true });
writeFileSync(stack, encodeNpy(Float32Array.from({ length: 3 * 8 * 8 }, (_, n) => Math.sin(n)), [3, 8, 8]));
writeFileSync(join(work, 'small_mask.npy'), encodeNpy(new Float32Array(4 * 4).fill(1), [4, 4]));
writeFileSync(join(work, 'a-file'), 'not a folder');
writeFileSync(join(work, 'text_mask.npy'), 'a text file named .npy');
mkdirSync(join(work, 'folder_mask.npy'), { recursive: true });

const results = (dataDir: string): string[] => (existsSync(join(dataDir, 'results')) ? readdirSync(join(dataDir, 'results')) : []);

test('the API refuses a missing, mis-sized, non-.npy or folder mask file naming it, without making a result or a job without making a result or a job', async () => {
  const dataDir = join(work, 'api');
  const ctx = createAppContext({ dataDir, host: { kind: 'cli' } });
  const dispatch = createAppDispatcher(ctx);
  try {
    const missing = await dispatch('eigen.components', { series: stack, alphas: [0, 1, 2], mask: join(work, 'missing.npy') });
    assert.equal(missing.ok, false);
    assert.match(missing.ok ? '' : `${missing.error.code}: ${missing.error.message}`, /missing\.npy: no such file/);
    const small = await dispatch('eigen.components', { series: stack, alphas: [0, 1, 2], mask: join(work, 'small_mask.npy') });
    assert.equal(small.ok, false);
    assert.match(small.ok ? '' : `${small.error.code}: ${small.error.message}`, /^bad_input: .*small_mask\.npy: the mask holds 16 values; one image has 64/);
    const text = await dispatch('eigen.components', { series: stack, alphas: [0, 1, 2], mask: join(work, 'text_mask.npy') });
    assert.match(text.ok ? '' : `${text.error.code}: ${text.error.message}`, /^bad_input: .*text_mask\.npy: not a NumPy \.npy file/);
    const folder = await dispatch('eigen.components', { series: stack, alphas: [0, 1, 2], mask: join(work, 'folder_mask.npy') });
    assert.match(folder.ok ? '' : `${folder.error.code}: ${folder.error.message}`, /^bad_input: .*folder_mask\.npy: a folder, not a regular file/);
    assert.deepEqual(results(dataDir), []);
    const jobs = await dispatch('jobs.list', {});
    assert.ok(jobs.ok);
    assert.equal((jobs.value as { jobs: unknown[] }).jobs.length, 0);
  } finally {
    await ctx.close();
  }
});

test('latentrad eigen refuses a missing --mask, a missing series and an --out that is a file before any job starts', () => {
  const dataDir = join(work, 'cli');
  const cli = (...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'bin', 'latentrad.js'), '--data-dir', dataDir, ...args], { encoding: 'utf8' });
  const cases: Array<[string[], RegExp]> = [
    [[stack, '--alphas', '0,1,2', '--mask', join(work, 'missing.npy'), '--out', join(work, 'out')], /missing\.npy: no such file/],
    [[join(work, 'NOPE.npy'), '--alphas', '0,1,2', '--out', join(work, 'out')], /NOPE\.npy: no such file/],
    [[stack, '--alphas', '0,1,2', '--out', join(work, 'a-file')], /a-file: exists and is not a folder/],
  ];
  for (const [args, message] of cases) {
    const run = cli('eigen', ...args);
    assert.notEqual(run.status, 0, `${args.join(' ')} succeeded`);
    assert.match(run.stderr, message);
  }
  assert.deepEqual(results(dataDir), [], 'no result folder was made');
  const jobs = cli('jobs', '--json');
  assert.equal(jobs.status, 0, jobs.stderr);
  assert.doesNotMatch(jobs.stdout, /eigen/, 'no eigen job was submitted');
});
