// Datasets from a catalog selection: catalogued NIfTI volumes filtered by label, catalog labels kept as dataset labels.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ApiError } from '../../../src-shared/api/errors.js';
import { createAppContext } from '../../../src-main/base/context.js';
import { createLocalClient } from '../../../src-main/api/localClient.js';
import { loadDataset } from '../../../src-main/datasets/store.js';
import { fixturesDir } from '../../support/data.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { importPaths } from '../../../src-shared/api/awaitJob.js';

let dataDir: string;
let ctx: ReturnType<typeof createAppContext>;
let client: ReturnType<typeof createLocalClient>;
const ixi = join(fixturesDir, 'ixi');

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'latentrad-dscatalog-'));
  ctx = createAppContext({ dataDir, host: { kind: 'cli' } });
  client = createLocalClient(createAppDispatcher(ctx), ctx);
  await importPaths(client, { paths: [join(ixi, 'IXI012-HH-1211_T1.nii.gz'), join(ixi, 'IXI013-HH-1212_T1.nii.gz')] });
  const { rows } = await client.call('catalog.listVolumes', {});
  assert.equal(rows.length, 2);
  for (const row of rows) {
    const older = row.path.includes('IXI013');
    await client.call('catalog.setLabels', { id: row.id, labels: { age: older ? '46.71' : '38.78', group: older ? 'old' : 'young', cohort: 'ixi' } });
  }
});
after(async () => {
  await ctx.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('a catalog selection builds through the same path as files, with catalog labels as numeric/categorical columns', async () => {
  const info = await client.call('datasets.create', { name: 'cat', source: { kind: 'catalog', where: { cohort: 'ixi' } }, resolution: 32, sliceRange: [0.45, 0.85], sliceStep: 4 });
  assert.equal(info.count, 24);
  assert.deepEqual(info.labels, [
    { name: 'age', kind: 'numeric' },
    { name: 'cohort', kind: 'categorical', categories: ['ixi'] },
    { name: 'group', kind: 'categorical', categories: ['old', 'young'] },
  ]);
  const loaded = await loadDataset(dataDir, 'cat');
  const firstOld = loaded.items.findIndex((i) => i.source.includes('IXI013'));
  assert.ok(Math.abs(loaded.labels[firstOld * 3] - 46.71) < 1e-4);
  assert.equal(loaded.labels[firstOld * 3 + 2], 0, '"old" is category 0');
  // The same selection from files gives identical pixels: one code path.
  await client.call('datasets.create', { name: 'files', source: { kind: 'files', paths: [ixi] }, resolution: 32, sliceRange: [0.45, 0.85], sliceStep: 4 });
  const fromFiles = await loadDataset(dataDir, 'files');
  assert.deepEqual(Array.from(fromFiles.images), Array.from(loaded.images));
});

test('a label filter selects a subset and labelKeys chooses the label columns', async () => {
  const info = await client.call('datasets.create', { name: 'young', source: { kind: 'catalog', where: { group: 'young' }, labelKeys: ['age'] }, resolution: 32, sliceRange: [0.45, 0.85], sliceStep: 4 });
  assert.equal(info.count, 12);
  assert.equal(info.sourceCount, 1);
  assert.deepEqual(info.labels.map((l) => l.name), ['age']);
  await assert.rejects(
    client.call('datasets.create', { name: 'none', source: { kind: 'catalog', where: { group: 'unknown' } }, resolution: 32 }),
    (e: ApiError) => e.code === 'bad_input' && e.message.includes('matches no'),
  );
});
