// The one read path for user-named files: size caps refuse a file before a byte is read (a sparse 1.5 GiB file is
// refused at once, not allocated), FIFOs and devices are refused by kind, and read errors are reasons in words.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, ftruncateSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ApiError } from '../../../src-shared/api/errors.js';
import { maxTextFileBytes, readBytes, readBytesSync, readFailure, readText } from '../../../src-main/io/readFile.js';
import { tempDirs } from '../../support/tempDirs.js';

const tempDir = tempDirs('latentrad-readfile-');

/** A file of `bytes` that occupies no disk space (a hole), so the test is cheap while the size is real to fstat. */
function sparseFile(path: string, bytes: number): string {
  const fd = openSync(path, 'w');
  ftruncateSync(fd, bytes);
  closeSync(fd);
  return path;
}

test('a file over 1 GiB is refused from its size alone, before any memory is allocated', async () => {
  const path = sparseFile(join(tempDir(), 'huge.dcm'), 1.5 * 1024 ** 3);
  const rssBefore = process.memoryUsage().rss;
  const started = Date.now();
  assert.throws(() => readBytesSync(path), /huge\.dcm: 1610612736 bytes is over the 1024 MiB limit for this kind of file/);
  await assert.rejects(readBytes(path), /huge\.dcm: 1610612736 bytes is over the 1024 MiB limit/);
  assert.ok(Date.now() - started < 30_000, 'refused without reading (a generous bound: it tells refusal from reading 1.5 GiB, even on a busy machine)');
  assert.ok(process.memoryUsage().rss - rssBefore < 256 * 1024 ** 2, 'nothing the size of the file was allocated');
});

test('a text file (CSV, JSON) over 64 MiB is refused; a small one is read', async () => {
  const dir = tempDir();
  const over = sparseFile(join(dir, 'labels.csv'), maxTextFileBytes + 1);
  await assert.rejects(readText(over), /labels\.csv: \d+ bytes is over the 64 MiB limit/);
  const small = join(dir, 'small.csv');
  writeFileSync(small, 'path,age\na.dcm,63\n');
  assert.equal(await readText(small), 'path,age\na.dcm,63\n');
});

test('a FIFO, a device and a folder are refused with their kind, without waiting for a writer', async () => {
  const dir = tempDir();
  const fifo = join(dir, 'pipe.dcm');
  execFileSync('mkfifo', [fifo]);
  mkdirSync(join(dir, 'folder.dcm'));
  assert.throws(() => readBytesSync(fifo), /pipe\.dcm: a named pipe \(FIFO\), not a regular file/);
  await assert.rejects(readBytes(fifo), /pipe\.dcm: a named pipe \(FIFO\), not a regular file/);
  assert.throws(() => readBytesSync('/dev/zero'), /\/dev\/zero: a device, not a regular file/);
  await assert.rejects(readBytes(join(dir, 'folder.dcm')), /folder\.dcm: a folder, not a regular file/);
});

test('read errors become not_found only for a missing file; others name the reason in words', () => {
  const missing = readFailure('/data/a.dcm', Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' }));
  assert.equal(missing.code, 'not_found');
  assert.equal(missing.message, '/data/a.dcm: no such file');
  const denied = readFailure('/data/b.dcm', Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }));
  assert.deepEqual([denied.code, denied.message], ['bad_input', '/data/b.dcm: permission denied']);
  const damaged = readFailure('/cdrom/c.dcm', Object.assign(new Error('EIO'), { code: 'EIO' }));
  assert.equal(damaged.message, '/cdrom/c.dcm: input/output error (a damaged disk or disc?)');
  const own = new ApiError('bad_input', 'already worded');
  assert.equal(readFailure('/x', own), own);
});
