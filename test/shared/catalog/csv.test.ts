// Label CSVs: RFC 4180 cells, the header convention, and line numbers that point at the right line of the file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCsv, parseLabelCsv } from '../../../src-shared/catalog/csv.js';

test('CSV parsing handles quotes, commas inside quotes and CRLF', () => {
  assert.deepEqual(parseCsv('a,"b,c",d\r\n"x ""y""",z\n'), [['a', 'b,c', 'd'], ['x "y"', 'z']]);
});

test('label CSVs: a header names the keys; without one the second column is the class', () => {
  const withHeader = parseLabelCsv('path,age,sex\nIXI012.nii.gz,38.78,M\n');
  assert.deepEqual(withHeader.keys, ['age', 'sex']);
  assert.deepEqual(withHeader.rows, [{ line: 2, ref: 'IXI012.nii.gz', labels: { age: '38.78', sex: 'M' } }]);
  const bare = parseLabelCsv('a.png,PNEUMONIA\nb.png,NORMAL\n');
  assert.deepEqual(bare.rows.map((r) => r.labels.class), ['PNEUMONIA', 'NORMAL']);
});

test('label rows keep their line in the file across blank lines and a BOM; quoted line breaks stay in the cell', () => {
  const table = parseLabelCsv('\uFEFFpath,note\n\na.png,one\n\n\nb.png,"two\nlines"\n');
  assert.deepEqual(table.keys, ['note']);
  assert.deepEqual(table.rows[0], { line: 3, ref: 'a.png', labels: { note: 'one' } });
  assert.equal(table.rows[1].labels.note, 'two\nlines');
});

test('an unclosed quote is an error that says where', () => {
  assert.throws(() => parseLabelCsv('path,class\na.png,"NORMAL\n'), /Quote Not Closed.*line/);
});
