// Proves the seed-list syntax shared by `latentrad generate --seeds` and the Models panel's Generate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedList } from '../../../src-shared/api/seeds.js';

test('ranges, single seeds and mixes expand in order', () => {
  assert.deepEqual(seedList('0-3'), [0, 1, 2, 3]);
  assert.deepEqual(seedList(' 1, 5 ,9'), [1, 5, 9]);
  assert.deepEqual(seedList('0-1,10'), [0, 1, 10]);
});

test('a bad list names the part that is wrong', () => {
  assert.throws(() => seedList('3-1'), /seed range "3-1" runs backwards/);
  assert.throws(() => seedList('0,x'), /seeds: "x" is not a number/);
  assert.throws(() => seedList(' '), /at least one seed/);
  assert.throws(() => seedList('4294967296'), /below 2\^32/);
});
