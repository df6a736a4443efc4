// A DICOMDIR cannot make an import read files outside its own folder (`..\` references), nor hang on a FIFO it names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openRuntime } from '../../../src-main/cli/runtime.js';
import { fixturesDir } from '../../support/data.js';
import { tempDirs } from '../../support/tempDirs.js';
import { importPaths } from '../../../src-shared/api/awaitJob.js';

const tempDir = tempDirs('latentrad-dicomdir-');
const original = '77654033\\CR1\\6154 ';

/** The fixture media with the first CR reference replaced by `reference` (same length, so the file stays valid). */
function mediaWith(reference: string): { media: string; outside: string } {
  const work = tempDir();
  const media = join(work, 'media');
  cpSync(join(fixturesDir, 'dicom', 'media'), media, { recursive: true });
  const bytes = readFileSync(join(media, 'DICOMDIR'));
  const at = bytes.indexOf(Buffer.from(original, 'latin1'));
  assert.ok(at > 0, 'fixture reference found');
  bytes.write(reference.padEnd(original.length, ' '), at, 'latin1');
  writeFileSync(join(media, 'DICOMDIR'), bytes);
  return { media, outside: work };
}

test('a ..\\ reference is reported and the file outside the media folder is not imported', async () => {
  const { media, outside } = mediaWith('..\\SECRET');
  // A readable DICOM file outside the media folder: importing it would show up as an extra instance.
  copyFileSync(join(fixturesDir, 'dicom', 'media', '77654033', 'CR1', '6154'), join(outside, 'SECRET'));
  const rt = openRuntime({ dataDir: tempDir() });
  try {
    const s = await importPaths(rt.client, { paths: [join(media, 'DICOMDIR')] });
    assert.ok(s.errors.some((e) => e.path.endsWith('DICOMDIR') && /\.\.\\SECRET\) lies outside the DICOMDIR's folder/.test(e.reason)), JSON.stringify(s.errors));
    assert.equal(s.instances, 30, 'the 30 other references are imported, the escaping one is not');
  } finally {
    await rt.close();
  }
});

test('a reference to a FIFO is reported instead of hanging the import', async () => {
  const { media } = mediaWith('PIPE');
  execFileSync('mkfifo', [join(media, 'PIPE')]);
  const rt = openRuntime({ dataDir: tempDir() });
  try {
    const s = await importPaths(rt.client, { paths: [join(media, 'DICOMDIR')] });
    assert.ok(s.errors.some((e) => e.path.endsWith('PIPE') && /not a regular file/.test(e.reason)), JSON.stringify(s.errors));
    assert.equal(s.instances, 30);
  } finally {
    await rt.close();
  }
});
