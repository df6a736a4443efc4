// One folder that cannot be listed (EACCES, or EIO halfway through a damaged disc) is reported for that folder, by
// path, and the import goes on with the rest, instead of aborting the whole import with no path named. FIFOs and other
// special files are never opened and always named with their kind.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs, { cpSync, mkdirSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { afterEach, mock, test } from 'node:test';
import { runImport } from '../../../src-main/catalog/importer.js';
import { openCatalog } from '../../../src-main/catalog/service.js';
import { walkPaths } from '../../../src-main/catalog/walk.js';
import { fixturesDir } from '../../support/data.js';
import { tempDirs } from '../../support/tempDirs.js';

const tempDir = tempDirs('latentrad-walk-');
const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: simulated`), { code });

/** Three folders of one DICOM file each; `locked` and `damaged` fail as a permission error and a damaged disc would. */
function mediaWithBadFolders(): { root: string; locked: string; damaged: string } {
  const root = tempDir();
  for (const [name, file] of [['good', 'CT_small.dcm'], ['locked', 'MR_small.dcm'], ['damaged', 'MR_small.dcm']]) {
    mkdirSync(join(root, name));
    cpSync(join(fixturesDir, 'dicom', 'pydicom', file), join(root, name, 'image.dcm'));
  }
  const locked = join(root, 'locked');
  const damaged = join(root, 'damaged');
  // Root reads a chmod 000 folder anyway (and CI may run as root), so the failures are injected at the listing call.
  const real = fs.opendirSync;
  mock.method(fs, 'opendirSync', (path: string, options?: fs.OpenDirOptions) => {
    if (path === locked) throw errno('EACCES');
    const dir = real(path, options);
    if (path !== damaged) return dir;
    // The first entry reads, then the disc fails: what was listed is kept.
    const first = dir.readSync.bind(dir);
    let calls = 0;
    return Object.assign(dir, {
      readSync: () => {
        if (++calls > 1) throw errno('EIO');
        return first();
      },
    });
  });
  syncBuiltinESMExports();
  return { root, locked, damaged };
}

afterEach(() => {
  mock.restoreAll();
  syncBuiltinESMExports();
});

test('the walk reports a folder it may not list and one that fails halfway, by path, and lists the rest', async () => {
  const { root, locked, damaged } = mediaWithBadFolders();
  const errors: Array<{ path: string; reason: string }> = [];
  const files = await walkPaths([root], (path, reason) => errors.push({ path, reason }));
  assert.deepEqual(files.map((f) => f.path), [join(damaged, 'image.dcm'), join(root, 'good', 'image.dcm')]);
  assert.deepEqual(errors, [
    { path: damaged, reason: 'cannot list folder completely (EIO)' },
    { path: locked, reason: 'cannot list folder (EACCES)' },
  ]);
});

test('an import over a folder it may not list still imports the readable folders and names the bad ones', async () => {
  const { root, locked, damaged } = mediaWithBadFolders();
  const dataDir = tempDir();
  const catalog = openCatalog(dataDir);
  try {
    const summary = await runImport(catalog.store, { paths: [root], copy: false, runId: 'walk', dataDir, signal: new AbortController().signal, onProgress: () => undefined });
    assert.equal(summary.imported, 2, 'the readable folder and what the damaged one listed are imported');
    const byPath = new Map(summary.errors.map((e) => [e.path, e.reason]));
    assert.match(byPath.get(locked) ?? '', /cannot list folder \(EACCES\)/);
    assert.match(byPath.get(damaged) ?? '', /cannot list folder completely \(EIO\)/);
  } finally {
    catalog.db.close();
  }
});

test('a FIFO named on its own is an import error with its kind; FIFOs inside a folder are ignored with their kind; none is opened', async () => {
  const root = tempDir();
  mkdirSync(join(root, 'media'));
  cpSync(join(fixturesDir, 'dicom', 'pydicom', 'CT_small.dcm'), join(root, 'media', 'image.dcm'));
  const named = join(root, 'named.dcm');
  const inside = [join(root, 'media', 'pipe.dcm'), join(root, 'media', 'PIPE')];
  for (const fifo of [named, ...inside]) execFileSync('mkfifo', [fifo]);
  const dataDir = tempDir();
  const catalog = openCatalog(dataDir);
  try {
    const summary = await runImport(catalog.store, { paths: [named, join(root, 'media')], copy: false, runId: 'fifo', dataDir, signal: new AbortController().signal, onProgress: () => undefined });
    assert.equal(summary.imported, 1, JSON.stringify(summary));
    assert.deepEqual(summary.errors, [{ path: named, reason: 'a named pipe (FIFO), not a regular file: not read' }]);
    assert.deepEqual(
      summary.ignoredFiles.slice().sort((a, b) => a.path.localeCompare(b.path)),
      inside.map((path) => ({ path, reason: 'a named pipe (FIFO), not a regular file: not read' })).sort((a, b) => a.path.localeCompare(b.path)),
    );
    assert.equal(summary.ignored, 2);
    assert.equal(summary.files, 3, 'the folder held three entries: the image and two FIFOs');
    assert.equal(summary.files, summary.imported + summary.skipped + summary.ignored, 'every entry of the folder is accounted for');
  } finally {
    catalog.db.close();
  }
});
