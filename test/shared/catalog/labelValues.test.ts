// Numeric label columns refuse text values with a reason naming the label and the value; other labels take anything.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isNumericLabelValue, labelCsvProblem, labelValueProblem } from '../../../src-shared/catalog/labelValues.js';

test('numbers are recognised as numeric label values, blanks and words are not', () => {
  for (const v of ['63', '-1.5', '2e3', ' 7 ']) assert.equal(isNumericLabelValue(v), true, v);
  for (const v of ['', ' ', 'abc', '63y', 'NaN']) assert.equal(isNumericLabelValue(v), false, v);
});

test('a text value on a label that holds only numbers is refused, naming the label and the value', () => {
  const problem = labelValueProblem('age', 'abc', ['40', '63']);
  assert.ok(problem);
  assert.match(problem, /"age"/);
  assert.match(problem, /"abc" is not a number/);
});

test('numbers on a numeric label, anything on a text label or a new label, are accepted', () => {
  assert.equal(labelValueProblem('age', '71', ['40', '63']), null);
  assert.equal(labelValueProblem('class', 'PNEUMONIA', ['NORMAL', '1']), null);
  assert.equal(labelValueProblem('age', 'abc', []), null);
});

const csv = (ages: string[], classes: string[]) => ({
  keys: ['age', 'class'],
  rows: ages.map((age, i) => ({ line: i + 2, labels: { age, class: classes[i] } })),
});

test('a label CSV with a word in a mostly numeric new column is refused with the line, the label and the value', () => {
  const problem = labelCsvProblem(csv(['63', '71', 'abc', '40'], ['A', 'B', 'A', 'B']), () => []);
  assert.equal(problem, 'line 4: label "age" holds numbers (e.g. 63, 71, 40), and "abc" is not a number; correct the value or leave the cell empty');
});

test('a label CSV is checked against the values already catalogued: numbers there make the column numeric', () => {
  assert.match(labelCsvProblem(csv(['abc'], ['A']), (k) => (k === 'age' ? ['50'] : [])) ?? '', /^line 2: label "age" holds numbers \(e\.g\. 50\)/);
  // Text labels (class) and all-number columns pass; a catalog text label takes a number.
  assert.equal(labelCsvProblem(csv(['63', '71'], ['NORMAL', 'PNEUMONIA']), () => []), null);
  assert.equal(labelCsvProblem(csv(['63'], ['7']), (k) => (k === 'class' ? ['NORMAL'] : [])), null);
});
