// The files a direction or eigen request reads from the user's folders (JSON sidecars, index.csv, label CSVs) go
// through io/readFile.ts: a device or a FIFO in their place is refused with its kind instead of read or waited on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ApiError } from '../../../src-shared/api/errors.js';
import { encodeNpy } from '../../../src-shared/io/npy.js';
import { readIndexCsv, readJson, readLabelValues } from '../../../src-main/direction/artefacts.js';
import { repoRoot } from '../../support/data.js';
import { tempDirs } from '../../support/tempDirs.js';

const tempDir = tempDirs('latentrad-artefacts-');

/** A path in a fresh folder that is a symbolic link to /dev/null (a device: reading it gives zero bytes, forever empty). */
function deviceAt(name: string): string {
  const path = join(tempDir(), name);
  symlinkSync('/dev/null', path);
  return path;
}

const refusedAsDevice = (path: string) => (error: unknown) =>
  error instanceof ApiError && error.code === 'bad_input' && error.message === `${path}: a device, not a regular file`;

test('a JSON sidecar, an index.csv and a labels CSV that are devices are refused as devices, not read as empty files', () => {
  const json = deviceAt('D.json');
  assert.throws(() => readJson(json), refusedAsDevice(json));
  const index = deviceAt('index.csv');
  assert.throws(() => readIndexCsv(index), refusedAsDevice(index));
  const labels = deviceAt('labels.csv');
  assert.throws(() => readLabelValues(labels), refusedAsDevice(labels));
});

test('a missing labels CSV is not_found and JSON that does not parse names the position, not V8 text', () => {
  const dir = tempDir();
  assert.throws(() => readLabelValues(join(dir, 'none.csv')), (e: unknown) => e instanceof ApiError && e.code === 'not_found' && /none\.csv: no such file/.test(e.message));
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, '{"sigma": 1,, "x": 2}');
  assert.throws(() => readJson(broken), (e: unknown) => e instanceof ApiError && e.message === `${broken}: not valid JSON (error at character 12)`);
  const truncated = join(dir, 'truncated.json');
  writeFileSync(truncated, '{"sigma": ');
  assert.throws(() => readJson(truncated), (e: unknown) => e instanceof ApiError && e.message.startsWith(`${truncated}: not valid JSON`) && !/Unexpected/.test(e.message));
});

test('a FIFO in place of a sidecar, an index.csv or a labels CSV is refused at once instead of blocking the reader', () => {
  const dir = tempDir();
  const fifos = ['D.json', 'index.csv', 'labels.csv', 'image.json'].map((name) => join(dir, name));
  for (const fifo of fifos) execFileSync('mkfifo', [fifo]);
  const image = join(dir, 'image.npy');
  writeFileSync(image, encodeNpy(new Float32Array(4), [2, 2]));
  // In a child process: a reader that opens a FIFO without O_NONBLOCK waits for a writer forever, and a blocked
  // synchronous read cannot be interrupted from inside the process that made it.
  const script = `
    const artefacts = await import(${JSON.stringify(pathToFileURL(join(repoRoot, 'src-main/direction/artefacts.ts')).href)});
    const files = await import(${JSON.stringify(pathToFileURL(join(repoRoot, 'src-main/analysis/files.ts')).href)});
    const paths = ${JSON.stringify(fifos)};
    const outcome = (f) => { try { return 'read: ' + JSON.stringify(f()); } catch (e) { return e.message; } };
    console.log(JSON.stringify([
      outcome(() => artefacts.readJson(paths[0])),
      outcome(() => artefacts.readIndexCsv(paths[1])),
      outcome(() => artefacts.readLabelValues(paths[2])),
      outcome(() => files.isSyntheticInput(${JSON.stringify(image)})),
    ]));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  assert.equal(child.error, undefined, `the child finished (a FIFO read blocks forever): ${String(child.error)}`);
  assert.equal(child.status, 0, child.stderr);
  const [json, index, labels, synthetic] = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '[]') as string[];
  assert.equal(json, `${fifos[0]}: a named pipe (FIFO), not a regular file`);
  assert.equal(index, `${fifos[1]}: a named pipe (FIFO), not a regular file`);
  assert.equal(labels, `${fifos[2]}: a named pipe (FIFO), not a regular file`);
  assert.equal(synthetic, 'read: false', 'an unreadable sidecar does not make an image synthetic');
});
