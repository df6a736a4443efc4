// writeFileAtomic: a reader polling the file while it is rewritten only ever sees a whole version (the cause of the
// "Unexpected end of JSON input" 500s from projection.result under load), and a failed write leaves no temporary file.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeFileAtomic } from '../../../src-main/io/atomicWrite.js';
import { tempDirs } from '../../support/tempDirs.js';

const tempDir = tempDirs('latentrad-atomic-');

test('a reader polling during 60 rewrites of a 1 MB JSON file always parses a whole version', async () => {
  const dir = tempDir();
  const path = join(dir, 'progress.json');
  const version = (k: number): string => JSON.stringify({ k, pad: 'x'.repeat(1 << 20) });
  writeFileSync(path, version(0));
  let reads = 0;
  let stop = false;
  const seen = new Set<number>();
  const reader = (async () => {
    while (!stop) {
      seen.add((JSON.parse(readFileSync(path, 'utf8')) as { k: number }).k);
      reads++;
      await new Promise((r) => setImmediate(r));
    }
  })();
  for (let k = 1; k <= 60; k++) await writeFileAtomic(path, version(k));
  stop = true;
  await reader;
  assert.ok(reads > 0);
  assert.equal((JSON.parse(readFileSync(path, 'utf8')) as { k: number }).k, 60);
  assert.deepEqual(readdirSync(dir), ['progress.json'], 'no temporary file is left behind');
  assert.ok([...seen].every((k) => k >= 0 && k <= 60));
});

test('a write that cannot complete throws and leaves neither a temporary file nor a changed target', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'taken'));
  writeFileSync(join(dir, 'taken', 'inside'), 'kept');
  // The target is a non-empty directory: the rename fails after the temporary file was written.
  await assert.rejects(writeFileAtomic(join(dir, 'taken'), 'new'));
  assert.deepEqual(readdirSync(dir), ['taken']);
  assert.equal(readFileSync(join(dir, 'taken', 'inside'), 'utf8'), 'kept');
});
