// Dataset label CSVs: numeric vs categorical columns, quoted cells, and errors that name the file and the line; input
// folders that cannot be read say why instead of "no such file".
import assert from 'node:assert/strict';
import fs, { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, mock, test } from 'node:test';
import { ApiError } from '../../../src-shared/api/errors.js';
import { expandInputs, labelOf, readLabelTable } from '../../../src-main/datasets/sources.js';

function csvFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'latentrad-labels-')), 'labels.csv');
  writeFileSync(file, text);
  return file;
}

test('a labels CSV gives numeric and categorical columns keyed by file name, quotes and blank lines allowed', async () => {
  const table = await readLabelTable(csvFile('path,age,group\n\n/data/IXI002.nii.gz,35.8,"control, left"\r\nIXI012.nii.gz,38.7,patient\n'));
  assert.deepEqual(table.columns, [
    { name: 'age', kind: 'numeric' },
    { name: 'group', kind: 'categorical', categories: ['control, left', 'patient'] },
  ]);
  assert.deepEqual(labelOf(table, '/elsewhere/IXI002.nii.gz'), [35.8, 0]);
  assert.deepEqual(labelOf(table, 'IXI012.nii.gz'), [38.7, 1]);
});

test('a row with the wrong number of cells is bad_input naming the file and its line', async () => {
  const file = csvFile('path,age\n\na.nii,1\nb.nii,2,extra\n');
  await assert.rejects(readLabelTable(file), (e: Error) => e.message.includes(file) && /line 4 has 3 cells, the header has 2/.test(e.message));
});

test('an unclosed quote is bad_input naming the file', async () => {
  const file = csvFile('path,age\n"a.nii,1\n');
  await assert.rejects(readLabelTable(file), (e: Error) => e.message.startsWith(`${file}: not a valid CSV`));
});

afterEach(() => {
  mock.restoreAll();
  syncBuiltinESMExports();
});

test('an input that cannot be looked at or a folder that cannot be listed is bad_input with the reason; only a missing path is not_found', () => {
  const root = mkdtempSync(join(tmpdir(), 'latentrad-sources-'));
  const locked = join(root, 'locked');
  const hidden = join(root, 'hidden.png');
  mkdirSync(locked);
  writeFileSync(hidden, '');
  // Root reads a chmod 000 folder anyway, so the failures are injected where the listing and the stat happen.
  const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: simulated`), { code });
  const realStat = fs.statSync;
  const realReaddir = fs.readdirSync;
  mock.method(fs, 'statSync', (path: string) => {
    if (path === hidden) throw errno('EACCES');
    return realStat(path);
  });
  mock.method(fs, 'readdirSync', (path: string) => {
    if (path === locked) throw errno('EIO');
    return realReaddir(path);
  });
  syncBuiltinESMExports();
  assert.throws(() => expandInputs([hidden]), (e: unknown) => e instanceof ApiError && e.code === 'bad_input' && e.message === `${hidden}: permission denied`);
  assert.throws(() => expandInputs([locked]), (e: unknown) => e instanceof ApiError && e.code === 'bad_input' && e.message === `${locked}: input/output error (a damaged disk or disc?)`);
  assert.throws(() => expandInputs([join(root, 'gone')]), (e: unknown) => e instanceof ApiError && e.code === 'not_found' && e.message === `${join(root, 'gone')}: no such file or folder`);
});
