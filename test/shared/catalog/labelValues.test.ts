// Numeric label columns refuse text values with a reason naming the label and the value; other labels take anything.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isNumericLabelValue, labelValueProblem } from '../../../src-shared/catalog/labelValues.js';

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
