// The separability histogram: every projection counted once, in the bin of its value, in its group's series.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { projectionHistogram } from '../../../src-shared/analysis/projectionHistogram.js';

test('projections are binned per group and split, every point counted once', () => {
  const points = [
    { value: 0, label: 0, heldOut: false },
    { value: 0.1, label: 0, heldOut: true },
    { value: 0.9, label: 1, heldOut: false },
    { value: 1, label: 1, heldOut: false },
  ];
  const h = projectionHistogram(points, ['young', 'old'], 2);
  assert.deepEqual(h.names, ['young (train)', 'young (held-out)', 'old (train)', 'old (held-out)']);
  assert.deepEqual(h.centres, [0.25, 0.75]);
  assert.deepEqual(h.counts, [[1, 0], [1, 0], [0, 2], [0, 0]], 'the maximum falls in the last bin');
  const pooled = projectionHistogram(points, ['young', 'old'], 2, false);
  assert.deepEqual(pooled.counts, [[2, 0], [0, 2]]);
});

test('equal values get one bin around them; a bad bin count is refused', () => {
  const h = projectionHistogram([{ value: 3, label: 1, heldOut: false }], ['a', 'b'], 1, false);
  assert.deepEqual([h.centres, h.counts], [[3], [[0], [1]]]);
  assert.throws(() => projectionHistogram([], ['a', 'b'], 0), /whole number of bins/);
});
