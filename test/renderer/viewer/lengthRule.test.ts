// A length click without a drag (both handles on one point) is not a measurement; any real drag is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAccidentalLength, minLength } from '../../../src-renderer/viewer/lengthRule.js';

test('a click without a drag (both handles on the same point) is an accidental length', () => {
  assert.equal(isAccidentalLength([[12.5, -3, 40], [12.5, -3, 40]]), true);
  assert.equal(isAccidentalLength([[0, 0, 0], [minLength / 2, 0, 0]]), true);
});

test('a length with a missing handle or non-finite coordinates is accidental', () => {
  assert.equal(isAccidentalLength([[1, 2, 3]]), true);
  assert.equal(isAccidentalLength([]), true);
  assert.equal(isAccidentalLength([[0, 0, 0], [Number.NaN, 0, 0]]), true);
});

test('a dragged length, however short, is kept', () => {
  assert.equal(isAccidentalLength([[0, 0, 0], [0, 0.2, 0]]), false);
  assert.equal(isAccidentalLength([[10, 10, 5], [40, 50, 5]]), false);
});
