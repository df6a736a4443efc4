// Proves which snapshots of a run a quality log still lacks: kimg from the folder names (only folders with a
// model.json), measured ones skipped, at least K kimg apart, the newest always measured; a damaged log is named.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { listSnapshots, measuredKimg, snapshotsToMeasure } from '../../../src-main/quality/snapshots.js';
import { tempDirs } from '../../support/tempDirs.js';

const temp = tempDirs('latentrad-snapshots-');

function run(kimgs: string[]): string {
  const dir = temp();
  for (const k of kimgs) {
    mkdirSync(join(dir, `kimg-${k}`));
    writeFileSync(join(dir, `kimg-${k}`, 'model.json'), '{}');
  }
  mkdirSync(join(dir, 'kimg-00009.000')); // no model.json: a snapshot still being written
  writeFileSync(join(dir, 'notes.txt'), '');
  return dir;
}

test('snapshots are listed by kimg, only folders holding a model.json', () => {
  const dir = run(['00010.000', '00002.000', '00004.500']);
  assert.deepEqual(listSnapshots(dir).map((s) => s.kimg), [2, 4.5, 10]);
  assert.equal(listSnapshots(dir)[0].dir, join(dir, 'kimg-00002.000'));
  assert.throws(() => listSnapshots(join(dir, 'absent')), /absent: no such snapshots directory/);
});

test('the snapshots to measure skip measured kimg, keep K kimg apart and always include the newest', () => {
  const snaps = [1, 2, 3, 4, 5, 6, 7].map((kimg) => ({ kimg, dir: `s${kimg}` }));
  assert.deepEqual(snapshotsToMeasure(snaps, new Set(), 0).map((s) => s.kimg), [1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(snapshotsToMeasure(snaps, new Set(), 3).map((s) => s.kimg), [1, 4, 7]);
  assert.deepEqual(snapshotsToMeasure(snaps, new Set([1, 4]), 3).map((s) => s.kimg), [7]);
  assert.deepEqual(snapshotsToMeasure(snaps.slice(0, 5), new Set([1, 4]), 3).map((s) => s.kimg), [5]);
  assert.deepEqual(snapshotsToMeasure(snaps, new Set([1, 2, 3, 4, 5, 6, 7]), 3), []);
});

test('measured kimg come from the log rows; a missing log has none; a line that is not JSON is named', () => {
  const dir = temp();
  const log = join(dir, 'quality.jsonl');
  assert.deepEqual(measuredKimg(log), new Set());
  writeFileSync(log, `${JSON.stringify({ kimg: 2 })}\n\n${JSON.stringify({ kimg: 4.5 })}\n`);
  assert.deepEqual(measuredKimg(log), new Set([2, 4.5]));
  writeFileSync(log, `${JSON.stringify({ kimg: 2 })}\n{oops\n`);
  assert.throws(() => measuredKimg(log), /quality\.jsonl: line 2 is not JSON/);
});
