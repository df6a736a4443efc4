// Reading the catalog through its typed lookups: entities found by id, DICOM UID and catalogued path; records of one
// entity (not_found names the id); a series' displayable instances; a volume's dims by path; and import runs
// listed newest first with their error and ignored files.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ApiError } from '../../../src-shared/api/errors.js';
import { resolveRef } from '../../../src-main/catalog/labels.js';
import { displayableInstances, entityByPath, entityByUid, entityExists, getImage, getInstance, getVolume, listInstances, volumeDimsByPath } from '../../../src-main/catalog/queries.js';
import { jsonColumn } from '../../../src-main/catalog/rows.js';
import { openCatalog } from '../../../src-main/catalog/service.js';
import { readDicomHeader } from '../../../src-main/io/dicom.js';
import { readNiftiHeader } from '../../../src-main/io/nifti.js';
import { tempDirs } from '../../support/tempDirs.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');
const ctFiles = ['17106', '17136'].map((f) => join(fixtures, 'dicom', 'media', '77654033', 'CT2', f));
const niftiPath = join(fixtures, 'nifti', '5D_small.nii');
const pngPath = join(fixtures, 'images', 'NORMAL', 'IM-0117-0001.png');
const newDir = tempDirs('latentrad-queries-');

const stamp = (path: string) => {
  const s = statSync(path);
  return { path, size: s.size, mtimeMs: s.mtimeMs };
};

async function filledCatalog() {
  const catalog = openCatalog(newDir());
  const instances: number[] = [];
  let seriesId = 0;
  for (const path of ctFiles) {
    const parsed = readDicomHeader(path, statSync(path).size);
    assert.ok(parsed, `${path} is DICOM`);
    const outcome = catalog.store.putDicom(stamp(path), parsed.header, () => true);
    assert.equal(outcome.kind, 'stored');
    if (outcome.kind === 'stored') {
      instances.push(outcome.instanceId);
      seriesId = outcome.seriesId;
    }
  }
  const volumeId = catalog.store.putVolume(stamp(niftiPath), await readNiftiHeader(niftiPath));
  const imageId = catalog.store.putImage(stamp(pngPath), { format: 'png', rows: 4, columns: 5, channels: 1, bitDepth: 8 });
  return { catalog, instances, seriesId, volumeId, imageId };
}

test('entities are found by id, by DICOM UID and by catalogued path; unknown ones are not', async () => {
  const { catalog, instances, seriesId, volumeId, imageId } = await filledCatalog();
  const { db } = catalog;
  assert.equal(entityExists(db, { kind: 'volume', id: volumeId }), true);
  assert.equal(entityExists(db, { kind: 'volume', id: volumeId + 100 }), false);
  const first = getInstance(db, `instance:${instances[0]}`);
  assert.deepEqual(entityByUid(db, first.sop_uid), { kind: 'instance', id: instances[0] });
  assert.equal(listInstances(db, { where: {}, limit: 10, offset: 0 }).rows[0].series, `series:${seriesId}`);
  assert.equal(entityByUid(db, '1.2.3.4.5.6.7.8.9'), null);
  assert.deepEqual(entityByPath(db, niftiPath), { kind: 'volume', id: volumeId });
  assert.deepEqual(entityByPath(db, pngPath), { kind: 'image', id: imageId });
  assert.deepEqual(entityByPath(db, ctFiles[1]), { kind: 'instance', id: instances[1] });
  assert.equal(entityByPath(db, '/no/such/file.nii'), null);
  assert.deepEqual(resolveRef(catalog.store, first.sop_uid), { kind: 'instance', id: instances[0] });
  assert.deepEqual(resolveRef(catalog.store, 'IM-0117-0001.png', join(fixtures, 'images', 'NORMAL')), { kind: 'image', id: imageId });
  catalog.db.close();
});

test('records of one entity come typed from their table; a missing id is not_found and names the id', async () => {
  const { catalog, instances, seriesId, volumeId, imageId } = await filledCatalog();
  const { db } = catalog;
  const volume = getVolume(db, `volume:${volumeId}`);
  assert.equal(volume.path, niftiPath);
  assert.equal(volumeDimsByPath(db, niftiPath), volume.dims);
  assert.ok((jsonColumn<number[]>(volume.dims) ?? []).length >= 3);
  assert.equal(volumeDimsByPath(db, '/no/such/file.nii'), null);
  assert.equal(getImage(db, `image:${imageId}`).columns, 5);
  const series = displayableInstances(db, `series:${seriesId}`);
  assert.deepEqual(series.map((r) => r.id).sort(), [...instances].sort());
  assert.ok(series.every((r) => r.displayable === 1 && r.path.length > 0));
  assert.throws(() => getInstance(db, 'instance:999999'), (e: unknown) => e instanceof ApiError && e.code === 'not_found' && /instance:999999/.test(e.message));
  assert.throws(() => displayableInstances(db, 'series:999999'), (e: unknown) => e instanceof ApiError && e.code === 'not_found');
  catalog.db.close();
});

test('import runs are listed newest first with their error and ignored files', async () => {
  const catalog = openCatalog(newDir());
  const { store } = catalog;
  store.startRun('old', ['/a']);
  store.updateRun('old', 'done', { files: 3, imported: 2, skipped: 0, ignored: 1 }, true);
  store.runError('old', '/a/README', 'not image data', 'ignored');
  store.runError('old', '/a/broken.dcm', 'truncated');
  // started_at has millisecond resolution: make the second run visibly later.
  await new Promise((resolve) => setTimeout(resolve, 5));
  store.startRun('new', ['/b', '/c']);
  const runs = store.latestRuns(10);
  assert.deepEqual(runs.map((r) => r.runId), ['new', 'old']);
  assert.deepEqual(runs[0].paths, ['/b', '/c']);
  assert.equal(runs[0].finishedAt, null);
  assert.deepEqual(runs[1].errors, [{ path: '/a/broken.dcm', reason: 'truncated' }]);
  assert.deepEqual(runs[1].ignoredFiles, [{ path: '/a/README', reason: 'not image data' }]);
  assert.equal(runs[1].imported, 2);
  assert.deepEqual(store.latestRuns(1).map((r) => r.runId), ['new']);
  catalog.db.close();
});
