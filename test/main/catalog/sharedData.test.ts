// The acceptance list: every file under ../shared/data/dicom and ../shared/data/nifti is catalogued
// (imported, a sidecar or an index), a duplicate, ignored (not image data) or an error, the last two with a reason;
// nothing is silently lost, and only the deliberately broken image files are errors.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { catalogOf } from '../../../src-main/catalog/service.js';
import { openRuntime } from '../../../src-main/cli/runtime.js';
import { needsSharedData, sharedData } from '../../support/data.js';
import { importPaths } from '../../../src-shared/api/awaitJob.js';

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

// The files that are image data and cannot be imported, each for a documented reason (README "Limits").
const expectedErrors = [
  'dicom/pydicom/MR_truncated.dcm', 'dicom/pydicom/SC_rgb_jpeg.dcm', 'dicom/pydicom/dicomdirtests/DICOMDIR-nooffset',
  'dicom/pydicom/empty_charset_LEI.dcm', 'dicom/pydicom/meta_missing_tsyntax.dcm', 'dicom/pydicom/nested_priv_SQ.dcm',
  'dicom/pydicom/no_meta.dcm', 'dicom/pydicom/rtplan_truncated.dcm', 'nifti/nifti-reader-js/not-nifti.nii',
];
// Non-image files: READMEs, JSON and text dumps, and a gzip archive (archives are not opened).
const expectedIgnored = [
  'dicom/dicomParser/README.md', 'dicom/dicomParser/deflate/README.md', 'dicom/dicomParser/encapsulated/multi-frame/README.md',
  'dicom/dicomParser/encapsulated/single-frame/README.md', 'dicom/pydicom/README.txt', 'dicom/pydicom/dicomdirtests/README.txt',
  'dicom/pydicom/dicomdirtests/TINY_ALPHA/README', 'dicom/pydicom/rtplan.dump', 'dicom/pydicom/rtstruct.dump',
  'dicom/pydicom/test1.json', 'dicom/pydicom/test_PN.json', 'dicom/pydicom/zipMR.gz',
];

test('every file under ../shared/data/dicom and nifti is catalogued, a duplicate, ignored or an error with a reason', { skip: needsSharedData }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'latentrad-shared-'));
  const rt = openRuntime({ dataDir });
  try {
    const roots = [sharedData('dicom'), sharedData('nifti')];
    const all = roots.flatMap(listFiles).sort();
    const s = await importPaths(rt.client, { paths: roots });
    assert.equal(s.files, all.length);
    assert.equal(s.ignored, s.ignoredFiles.length, 'under the list limit, every ignored file is listed');
    const { db } = catalogOf(rt.ctx);
    // Exactly one outcome per file; a duplicate is also in the files table (so a re-import skips it) and counts once.
    const outcome = new Map<string, string>();
    const note = (path: string, what: string): void => {
      assert.ok(!outcome.has(path), `${path} is both ${outcome.get(path)} and ${what}`);
      outcome.set(path, what);
    };
    for (const d of s.duplicates) note(d.path, 'duplicate');
    for (const e of s.ignoredFiles) note(e.path, 'ignored');
    for (const e of s.errors) note(e.path, 'error');
    for (const r of db.prepare('SELECT path FROM files').all() as Array<{ path: string }>) if (outcome.get(r.path) !== 'duplicate') note(r.path, 'catalogued');
    for (const e of [...s.errors, ...s.ignoredFiles]) assert.ok(e.reason.length > 5, `${e.path}: reason "${e.reason}"`);
    assert.deepEqual(all.filter((p) => !outcome.has(p)), [], 'files neither catalogued, ignored nor rejected');
    const relative = (list: Array<{ path: string }>): string[] => list.map((e) => e.path.slice(sharedData().length + 1)).sort();
    assert.deepEqual(relative(s.errors), expectedErrors);
    assert.deepEqual(relative(s.ignoredFiles), expectedIgnored);
    assert.ok(s.instances > 150 && s.volumes >= 15, `${s.instances} instances, ${s.volumes} volumes`);
  } finally {
    await rt.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
