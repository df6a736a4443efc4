// Dataset label CSVs: numeric vs categorical columns, quoted cells, and errors that name the file and the line.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { labelOf, readLabelTable } from '../../../src-main/datasets/sources.js';

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
