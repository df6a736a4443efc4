// The cohort builder's split: category terms, thresholds, and quantiles of the values present (NumPy's linear rule).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupTerms, labelValues, quantileOf } from '../../../src-shared/catalog/cohortSplit.js';
import { percentileOfSorted } from '../../../src-shared/math/stats.js';
import { matchesTerms, parseTerm } from '../../../src-shared/catalog/terms.js';

test('labelValues lists every label with its values and flags the numeric ones', () => {
  const out = labelValues([{ labels: { age: '30', sex: 'M' } }, { labels: { age: '61.5', sex: 'F', note: '' } }]);
  assert.deepEqual(out, [
    { key: 'age', values: ['30', '61.5'], numeric: true },
    { key: 'sex', values: ['M', 'F'], numeric: false },
  ]);
});

test('quantileOf interpolates like numpy.quantile (linear)', () => {
  // numpy.quantile([1, 2, 3, 4], 0.33) = 1.99, numpy.quantile([1, 2, 3, 4], 0.5) = 2.5
  assert.ok(Math.abs(quantileOf([1, 2, 3, 4], 0.33) - 1.99) < 1e-12);
  assert.equal(quantileOf([1, 2, 3, 4], 0.5), 2.5);
  assert.throws(() => quantileOf([], 0.5), /no values/);
});

test('quantileOf is the shared percentile (src-shared/math/stats.ts) at q × 100, so cohort splits and the viewer agree', () => {
  const sorted = [-3, 0.5, 0.5, 2, 7, 7.25, 11, 40];
  for (let i = 0; i <= 20; i++) {
    const q = i / 20;
    assert.equal(quantileOf(sorted, q), percentileOfSorted(sorted, q * 100), `q = ${q}`);
  }
  assert.throws(() => quantileOf(sorted, 1.5), /percentile must be within 0\.\.100/, 'a quantile outside 0..1 is refused, not extrapolated');
});

test('category and threshold splits become the terms the cohort API takes', () => {
  assert.deepEqual(groupTerms({ kind: 'category', key: 'class', a: 'NORMAL', b: 'PNEUMONIA' }), { groupA: ['class=NORMAL'], groupB: ['class=PNEUMONIA'] });
  assert.deepEqual(groupTerms({ kind: 'threshold', key: 'age', below: 35, above: 60 }), { groupA: ['age<35'], groupB: ['age>60'] });
  assert.throws(() => groupTerms({ kind: 'threshold', key: 'age', below: 60, above: 35 }), /must lie below/);
  assert.throws(() => groupTerms({ kind: 'category', key: 'class', a: 'X', b: 'X' }), /two different values/);
});

test('a thirds split puts the lowest and highest thirds in the groups and leaves the middle out', () => {
  const ages = Array.from({ length: 30 }, (_, i) => String(20 + 2 * i));
  const { groupA, groupB } = groupTerms({ kind: 'quantile', key: 'age', fraction: 1 / 3 }, ages);
  const a = ages.filter((v) => matchesTerms({ age: v }, groupA.map(parseTerm)));
  const b = ages.filter((v) => matchesTerms({ age: v }, groupB.map(parseTerm)));
  assert.equal(a.length, 10);
  assert.equal(b.length, 10);
  assert.ok(a.every((v) => !b.includes(v)));
  const halves = groupTerms({ kind: 'quantile', key: 'age', fraction: 0.5 }, ages);
  const inA = ages.filter((v) => matchesTerms({ age: v }, halves.groupA.map(parseTerm))).length;
  const inB = ages.filter((v) => matchesTerms({ age: v }, halves.groupB.map(parseTerm))).length;
  assert.deepEqual([inA, inB], [15, 15], 'halves are disjoint and cover every value');
  assert.throws(() => groupTerms({ kind: 'quantile', key: 'age', fraction: 0.3 }, ['40']), /at least two numeric values/);
});
