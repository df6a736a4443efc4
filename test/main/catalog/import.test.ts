// Importing the fixture folders through the API: what lands in the catalog, what is rejected and why, re-import as a
// no-op, DICOMDIR media, NIfTI pairs, image folders with class labels and CSV labels, listings, copy mode and cancel.
import assert from 'node:assert/strict';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openRuntime } from '../../../src-main/cli/runtime.js';
import type { CliRuntime } from '../../../src-main/cli/runtime.js';
import { fixturesDir } from '../../support/data.js';
import { tempDirs } from '../../support/tempDirs.js';
import { awaitJob, importPaths } from '../../../src-shared/api/awaitJob.js';
import type { JobEvent } from '../../../src-shared/api/awaitJob.js';

const tempDir = tempDirs('latentrad-catalog-');
const runtime = (): CliRuntime => openRuntime({ dataDir: tempDir() });
const fx = (...p: string[]): string => join(fixturesDir, ...p);

test('importing the DICOM fixtures catalogues images and non-images, rejects broken files and ignores the README', async () => {
  const rt = runtime();
  try {
    const events: JobEvent[] = [];
    const s = await importPaths(rt.client, { paths: [fx('dicom')] }, { onEvent: (e) => events.push(e) });
    assert.equal(s.state, 'done');
    const rejected = new Map(s.errors.map((e) => [e.path.split('/').pop(), e.reason]));
    assert.match(rejected.get('MR_truncated.dcm') ?? '', /truncated/);
    // The LUT fixture's pydicom reference (reference.json/.py) sits beside its .dcm: not images, listed as ignored.
    const notImage = 'not a recognised image file (DICOM, NIfTI, PNG or JPEG)';
    assert.deepEqual(s.ignoredFiles.map((e) => [e.path.split('/').pop(), e.reason]), [['README.md', notImage], ['reference.json', notImage], ['reference.py', notImage]]);
    assert.equal(rejected.has('README.md'), false, 'a README is not an error');
    assert.equal(s.files, s.imported + s.skipped + s.ignored + s.errors.length);
    // The MR_small copies share one SOPInstanceUID: one is catalogued, the others are listed as duplicates.
    assert.ok(s.duplicates.some((d) => d.path.endsWith('MR_small_RLE.dcm') || d.of.endsWith('MR_small_RLE.dcm')));
    assert.ok(s.instances >= 20);
    const sr = await rt.client.call('catalog.listInstances', { where: { path: '*test-SR.dcm' } });
    assert.equal(sr.rows.length, 1);
    assert.equal(sr.rows[0].displayable, false, 'a structured report is catalogued but not displayable');
    // The import is a job: scanning first, then counts, and a final event; `latentrad jobs` lists it.
    assert.equal(events.at(-1)?.state, 'done');
    assert.ok(events.some((e) => /^scanning/.test(e.message)), events.map((e) => e.message).join(' | '));
    assert.equal(events.at(-1)?.progress.imported, s.imported);
    const { jobs } = await rt.client.call('jobs.list', {});
    assert.deepEqual(jobs.map((j) => [j.kind, j.state, j.id]), [['import', 'done', s.runId]]);
  } finally {
    await rt.close();
  }
});

test('re-importing the same folder is a no-op: nothing new, no duplicates in the catalog', async () => {
  const rt = runtime();
  try {
    const first = await importPaths(rt.client, { paths: [fx('dicom')] });
    const before = await rt.client.call('catalog.listInstances', { limit: 100000 });
    const second = await importPaths(rt.client, { paths: [fx('dicom')] });
    const afterList = await rt.client.call('catalog.listInstances', { limit: 100000 });
    assert.equal(second.imported, 0);
    assert.equal(second.skipped, first.imported + first.skipped);
    assert.equal(afterList.total, before.total);
    assert.deepEqual(afterList.rows.map((r) => r.id), before.rows.map((r) => r.id), 'ids are stable');
  } finally {
    await rt.close();
  }
});

test('a DICOMDIR given on its own brings in the files it references', async () => {
  const rt = runtime();
  try {
    const s = await importPaths(rt.client, { paths: [fx('dicom', 'media', 'DICOMDIR')] });
    assert.equal(s.errors.length, 0, JSON.stringify(s.errors));
    assert.equal(s.instances, 31);
    assert.equal(s.patients, 2); // three folders, but 98892001 and 98892003 hold one patient's studies
    assert.equal(s.studies, 6);
    const cr = await rt.client.call('catalog.listSeries', { where: { modality: 'CR' } });
    assert.equal(cr.total, 3);
  } finally {
    await rt.close();
  }
});

test('NIfTI files and gzipped .hdr/.img pairs become volumes; the .img is a sidecar, not an error; a bad .nii is one', async () => {
  const rt = runtime();
  try {
    const s = await importPaths(rt.client, { paths: [fx('nifti')] });
    assert.equal(s.volumes, 6);
    assert.deepEqual(s.errors.map((e) => e.path.split('/').pop()), ['not-nifti.nii']);
    assert.deepEqual(s.ignoredFiles.map((e) => e.path.split('/').pop()), ['README.md']);
    // Two NIfTI-2 files: the plain one and the gzipped 4D one with a header extension.
    const v = await rt.client.call('catalog.listVolumes', { where: { format: 'nifti2' } });
    assert.equal(v.rows.length, 2);
    const plain = v.rows.find((r) => !r.path.endsWith('avg152T1_crop_nifti2_4d_ext.nii.gz'));
    assert.deepEqual(plain?.dims, [79, 67, 64]);
    assert.equal(plain?.affine.length, 16);
  } finally {
    await rt.close();
  }
});

test('image folders get their folder name as class and CSV columns as labels; unmatched CSV rows are reported', async () => {
  const rt = runtime();
  try {
    const s = await importPaths(rt.client, { paths: [fx('images')] });
    assert.equal(s.images, 5);
    assert.ok(s.errors.some((e) => e.path.endsWith('labels.csv') && /1 row\(s\) match no catalogued file, id or UID \(lines \d+\)/.test(e.reason)));
    const pneumonia = await rt.client.call('catalog.listImages', { where: { class: 'PNEUMONIA' } });
    assert.equal(pneumonia.total, 3);
    const labelled = await rt.client.call('catalog.listImages', { where: { split: 'test' } });
    assert.equal(labelled.total, 1);
    assert.deepEqual(labelled.rows[0].labels, { class: 'PNEUMONIA', split: 'test', view: 'AP' });
    const jpeg = await rt.client.call('catalog.listImages', { where: { format: 'jpeg' } });
    assert.deepEqual([jpeg.rows[0].columns, jpeg.rows[0].rows], [128, 128]);
  } finally {
    await rt.close();
  }
});

test('labels can be set, filtered on and removed; unknown ids are not_found', async () => {
  const rt = runtime();
  try {
    await importPaths(rt.client, { paths: [fx('nifti', 'big.nii.gz')] });
    const [vol] = (await rt.client.call('catalog.listVolumes', {})).rows;
    const set = await rt.client.call('catalog.setLabels', { id: vol.id, labels: { age: '63', sex: 'F' } });
    assert.deepEqual(set.labels, { age: '63', sex: 'F' });
    assert.equal((await rt.client.call('catalog.listVolumes', { where: { age: '63' } })).total, 1);
    const removed = await rt.client.call('catalog.setLabels', { id: vol.id, labels: { age: null } });
    assert.deepEqual(removed.labels, { sex: 'F' });
    await assert.rejects(rt.client.call('catalog.setLabels', { id: 'volume:999', labels: { a: 'b' } }), /not in the catalog/);
  } finally {
    await rt.close();
  }
});

test('--copy puts the files into the library and catalogues the copies', async () => {
  const rt = runtime();
  try {
    const s = await importPaths(rt.client, { paths: [fx('nifti', 'air.hdr.gz'), fx('nifti', 'air.img.gz')], copy: true });
    assert.equal(s.volumes, 1);
    const [vol] = (await rt.client.call('catalog.listVolumes', {})).rows;
    assert.ok(vol.path.startsWith(join(rt.ctx.dataDir, 'library')), vol.path);
  } finally {
    await rt.close();
  }
});

test('a missing path and hostile bytes are reported, and the rest of the folder still imports', async () => {
  const rt = runtime();
  const dir = tempDir();
  try {
    cpSync(fx('dicom', 'pydicom', 'CT_small.dcm'), join(dir, 'ct.dcm'));
    writeFileSync(join(dir, 'zeros.dcm'), new Uint8Array(4096));
    const junk = new Uint8Array(2000).map((_, i) => (i * 7919) % 251);
    junk.set([0x44, 0x49, 0x43, 0x4d], 128); // a DICM magic with garbage behind it
    writeFileSync(join(dir, 'fake.dcm'), junk);
    writeFileSync(join(dir, 'fake.nii'), 'not a nifti at all');
    const s = await importPaths(rt.client, { paths: [dir, join(dir, 'nope')] });
    assert.equal(s.instances, 1);
    const reasons = Object.fromEntries(s.errors.map((e) => [e.path.split('/').pop(), e.reason]));
    assert.match(reasons.nope, /does not exist/);
    assert.match(reasons['zeros.dcm'], /not a recognised/);
    assert.match(reasons['fake.dcm'], /DICOM/);
    assert.match(reasons['fake.nii'], /not a NIfTI/);
  } finally {
    await rt.close();
  }
});

test('cancelling an import job stops it and leaves the run recorded as cancelled', async () => {
  const rt = runtime();
  try {
    const s = await importPaths(rt.client, { paths: [fx('dicom')] }, { onSubmitted: (job) => void rt.client.call('jobs.cancel', { id: job.id }) });
    assert.equal(s.state, 'cancelled');
    assert.equal((await rt.client.call('jobs.get', { id: s.runId })).state, 'cancelled');
    const runs = await rt.client.call('catalog.listImports', {});
    assert.equal(runs.rows[0].state, 'cancelled');
  } finally {
    await rt.close();
  }
});

test('a paused import job keeps what it committed and, resumed, imports the rest', async () => {
  const rt = runtime();
  try {
    const paused = await awaitJob(rt.client, () => rt.client.call('catalog.import', { paths: [fx('dicom')] }), { onSubmitted: (job) => void rt.client.call('jobs.pause', { id: job.id }) });
    assert.equal(paused.state, 'paused', paused.message);
    assert.match(paused.message, /resume imports the rest/);
    const resumed = await awaitJob(rt.client, () => rt.client.call('jobs.resume', { id: paused.id }));
    assert.equal(resumed.state, 'done', resumed.message);
    const whole = await importPaths(rt.client, { paths: [fx('dicom')] });
    assert.equal(whole.imported, 0, 'after the resumed run everything is catalogued');
  } finally {
    await rt.close();
  }
});
