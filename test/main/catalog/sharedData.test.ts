// The acceptance list: every file under ../shared/data/dicom and ../shared/data/nifti is either catalogued
// (imported, a duplicate, a sidecar or an index) or rejected with a reason; nothing is silently lost.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { catalogOf } from '../../../src-main/catalog/service.js';
import { openRuntime } from '../../../src-main/cli/runtime.js';
import { needsSharedData, sharedData } from '../../support/data.js';

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

test('every file under ../shared/data/dicom and nifti imports or is rejected with a reason', { skip: needsSharedData }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'latentrad-shared-'));
  const rt = openRuntime({ dataDir });
  try {
    const roots = [sharedData('dicom'), sharedData('nifti')];
    const all = roots.flatMap(listFiles).sort();
    const s = await rt.client.call('catalog.import', { paths: roots });
    assert.equal(s.files, all.length);
    const rejected = new Map(s.errors.map((e) => [e.path, e.reason]));
    for (const [path, reason] of rejected) assert.ok(reason.length > 5, `${path}: reason "${reason}"`);
    const { db } = catalogOf(rt.ctx);
    const catalogued = new Set([
      ...(db.prepare('SELECT path FROM files').all() as Array<{ path: string }>).map((r) => r.path),
      ...s.duplicates.map((d) => d.path),
    ]);
    const csvOrHidden = (p: string): boolean => /\.csv$/i.test(p) || p.split('/').pop()!.startsWith('.');
    const lost = all.filter((p) => !catalogued.has(p) && !rejected.has(p) && !csvOrHidden(p));
    assert.deepEqual(lost, [], 'files neither catalogued nor rejected');
    // Real images must not be among the rejected: only the deliberately broken files and the non-image files are.
    const unexpected = [...rejected.keys()].filter((p) => !/README|\.md$|\.txt$|\.json$|\.dump$|zipMR\.gz$|truncated|nooffset|nested_priv_SQ|SC_rgb_jpeg\.dcm|no_meta\.dcm|not-nifti|empty_charset|meta_missing/.test(p));
    assert.deepEqual(unexpected, []);
    assert.ok(s.instances > 150 && s.volumes >= 15, `${s.instances} instances, ${s.volumes} volumes`);
  } finally {
    await rt.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
