// CLI argument parsing for `latentrad generate --seeds`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSeeds } from '../../../src-main/cli/commands/models.js';

test('seeds accept ranges, lists and mixtures as in NVlabs generate.py', () => {
  assert.deepEqual(parseSeeds('0-3'), [0, 1, 2, 3]);
  assert.deepEqual(parseSeeds('1,5,9'), [1, 5, 9]);
  assert.deepEqual(parseSeeds('0-1,10'), [0, 1, 10]);
});

test('malformed seeds are refused with the offending part', () => {
  assert.throws(() => parseSeeds('3-1'), /runs backwards/);
  assert.throws(() => parseSeeds('a'), /"a"/);
  assert.throws(() => parseSeeds(''), /at least one/);
  assert.throws(() => parseSeeds('0-99999'), /longer than 4096/);
});
