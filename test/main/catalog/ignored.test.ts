// Non-image files in a PACS export or on CD media (README, autorun.inf, HTML index, .DS_Store...) are ignored with
// their reason, apart from errors, which are kept for image data that cannot be imported; progress, the run record
// and the CLI summary count them.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatSummary } from '../../../src-main/cli/commands/catalog.js';
import { openRuntime } from '../../../src-main/cli/runtime.js';
import { fixturesDir } from '../../support/data.js';
import { tempDirs } from '../../support/tempDirs.js';
import { importPaths } from '../../../src-shared/api/awaitJob.js';
import type { JobEvent } from '../../../src-shared/api/awaitJob.js';

const tempDir = tempDirs('latentrad-ignored-');

/** What a CD/PACS export looks like around its images: four non-image files and two broken image files. */
function exportFolder(): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'README.txt'), 'Images of patient 123, exported by the PACS.\n');
  writeFileSync(join(dir, 'autorun.inf'), '[autorun]\nopen=viewer\\viewer.exe\n');
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Study index</title>\n');
  writeFileSync(join(dir, '.DS_Store'), new Uint8Array([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31, ...new Array(60).fill(0)]));
  const ct = readFileSync(join(fixturesDir, 'dicom', 'pydicom', 'CT_small.dcm'));
  writeFileSync(join(dir, 'truncated.dcm'), ct.subarray(0, Math.floor(ct.length / 2)));
  writeFileSync(join(dir, 'garbage.nii'), new Uint8Array(600).map((_, i) => (i * 31) % 256));
  return dir;
}

test('a README, autorun.inf, index.html and .DS_Store are ignored; a truncated .dcm and a garbage .nii are errors', async () => {
  const rt = openRuntime({ dataDir: tempDir() });
  try {
    const events: JobEvent[] = [];
    const s = await importPaths(rt.client, { paths: [exportFolder()] }, { onEvent: (e) => events.push(e) });
    assert.equal(s.state, 'done');
    const names = (list: Array<{ path: string }>): string[] => list.map((e) => e.path.split('/').pop() ?? '').sort();
    assert.equal(s.ignored, 4);
    assert.deepEqual(names(s.ignoredFiles), ['.DS_Store', 'README.txt', 'autorun.inf', 'index.html']);
    for (const e of s.ignoredFiles) assert.match(e.reason, /not a recognised image file|hidden file/, e.path);
    assert.deepEqual(names(s.errors), ['garbage.nii', 'truncated.dcm']);
    const reasons = Object.fromEntries(s.errors.map((e) => [e.path.split('/').pop(), e.reason]));
    assert.match(reasons['truncated.dcm'], /truncated/);
    assert.match(reasons['garbage.nii'], /not a NIfTI/);
    assert.equal(s.files, s.imported + s.skipped + s.ignored + s.errors.length);
    // The progress bar reaches the total because ignored files are counted as done.
    const last = events.at(-1);
    assert.equal(last?.state, 'done');
    assert.equal(last.fraction, 1);
    const p = last.progress;
    assert.equal(p.ignored, 4);
    assert.equal((p.imported ?? 0) + (p.skipped ?? 0) + (p.ignored ?? 0) + (p.errors ?? 0), p.total);
    // The run record keeps both lists apart.
    const [run] = (await rt.client.call('catalog.listImports', {})).rows;
    assert.equal(run.ignored, 4);
    assert.deepEqual(names(run.ignoredFiles), names(s.ignoredFiles));
    assert.deepEqual(names(run.errors), ['garbage.nii', 'truncated.dcm']);
    // The CLI prints the ignored files as one count, and only the errors one by one.
    const text = formatSummary(s);
    assert.match(text, /^ {2}4 ignored \(not image files/m);
    assert.match(text, /0 of 6 files \(0 skipped, 2 errors\)/);
    assert.equal(text.split('\n').filter((l) => l.includes('✗')).length, 2);
  } finally {
    await rt.close();
  }
});

test('files named like images, or referenced by a DICOMDIR, are errors when their content is not image data', async () => {
  const rt = openRuntime({ dataDir: tempDir() });
  const dir = tempDir();
  try {
    cpSync(join(fixturesDir, 'dicom', 'media'), join(dir, 'media'), { recursive: true });
    // A DICOMDIR entry whose file was overwritten: no extension, but the index says it is DICOM.
    writeFileSync(join(dir, 'media', '98892003', 'MR700', '4648'), 'this is not the MR image the DICOMDIR promises');
    mkdirSync(join(dir, 'export'));
    writeFileSync(join(dir, 'export', 'scan.png'), 'not a png');
    writeFileSync(join(dir, 'export', 'LICENSE'), 'MIT');
    writeFileSync(join(dir, 'export', 'empty.dcm'), '');
    writeFileSync(join(dir, 'export', 'Thumbs.db'), '');
    writeFileSync(join(dir, 'export', 'scans.tar.gz'), new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]));
    const s = await importPaths(rt.client, { paths: [dir] });
    const byName = (list: Array<{ path: string; reason: string }>): Record<string, string> => Object.fromEntries(list.map((e) => [e.path.split('/').pop(), e.reason]));
    assert.deepEqual(Object.keys(byName(s.errors)).sort(), ['4648', 'empty.dcm', 'scan.png']);
    assert.match(byName(s.errors)['4648'], /a DICOMDIR references it/);
    assert.match(byName(s.errors)['scan.png'], /named \.png/);
    assert.match(byName(s.errors)['empty.dcm'], /empty file/);
    const ignored = byName(s.ignoredFiles);
    assert.deepEqual(Object.keys(ignored).sort(), ['LICENSE', 'Thumbs.db', 'scans.tar.gz']);
    assert.match(ignored['scans.tar.gz'], /gzip-compressed file, not opened/);
    assert.match(ignored['Thumbs.db'], /empty file/);
    assert.equal(s.instances, 30, 'the rest of the media still imports');
  } finally {
    await rt.close();
  }
});
