// Building datasets from NIfTI volumes through the API, and the NVlabs dataset.zip layout.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { unzipSync } from 'fflate';
import { ApiError } from '../../../src-shared/api/errors.js';
import { createAppContext } from '../../../src-main/base/context.js';
import { createLocalClient } from '../../../src-main/api/localClient.js';
import { resultFile } from '../../../src-main/results/store.js';
import { loadDataset } from '../../../src-main/datasets/store.js';
import { decodePng } from '../../../src-main/io/png.js';
import { fixturesDir } from '../../support/data.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';

const ixi = join(fixturesDir, 'ixi');
let dataDir: string;
let ctx: ReturnType<typeof createAppContext>;
let client: ReturnType<typeof createLocalClient>;

before(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'latentrad-datasets-'));
  ctx = createAppContext({ dataDir, host: { kind: 'cli' } });
  client = createLocalClient(createAppDispatcher(ctx), ctx);
});
after(async () => {
  await ctx.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('axial slices of two IXI volumes become a labelled 32×32 dataset in [0, 255] with provenance', async () => {
  const info = await client.call('datasets.create', {
    name: 'ixi-small',
    source: { kind: 'files', paths: [ixi] },
    resolution: 32,
    sliceRange: [0.45, 0.85],
    sliceStep: 4,
    labelsCsv: join(ixi, 'labels.csv'),
  });
  // 120 axial slices per volume; [0.45, 0.85) → indices 54..101, every 4th → 12 per volume.
  assert.equal(info.count, 24);
  assert.equal(info.sourceCount, 2);
  assert.deepEqual(info.labels.map((l) => l.name), ['age', 'sex']);
  const loaded = await loadDataset(dataDir, 'ixi-small');
  assert.equal(loaded.images.length, 24 * 32 * 32);
  assert.equal(loaded.labelDim, 2);
  assert.ok(Math.abs(loaded.labels[0] - 38.78) < 1e-4, 'IXI012 is 38.78 years old');
  assert.equal(loaded.labels[1], 0, 'sex M is category 0 of [M]');
  assert.deepEqual(loaded.items[0], { source: join(ixi, 'IXI012-HH-1211_T1.nii.gz'), slice: 54 });
  // Percentile normalisation: each slice spans the full range; the padded corners are background (0).
  const first = loaded.images.subarray(0, 32 * 32);
  assert.equal(Math.min(...first), 0);
  assert.ok(Math.max(...first) >= 250);
  assert.equal(first[0], 0);
});

test('axial slice columns run along the left-right axis: a brain slice is near-symmetric about the vertical midline', async () => {
  const loaded = await loadDataset(dataDir, 'ixi-small');
  // IXI volumes are stored sagittally (i = A-P, k = L-R); symmetry only holds if the slicer found x from the affine.
  const img = loaded.images.subarray(5 * 1024, 6 * 1024);
  let diff = 0;
  let total = 0;
  for (let y = 0; y < 32; y++) {
    for (let x = 0; x < 16; x++) {
      diff += Math.abs(img[y * 32 + x] - img[y * 32 + 31 - x]);
      total += img[y * 32 + x];
    }
  }
  assert.ok(diff / total < 0.5, `a brain slice is roughly left-right symmetric (asymmetry ${(diff / total).toFixed(2)})`);
});

test('export writes the NVlabs dataset.zip layout into a result: 00000/img00000000.png … and dataset.json with float labels', async () => {
  const r = await client.call('datasets.exportNvlabs', { name: 'ixi-small' });
  assert.equal(r.count, 24);
  assert.deepEqual(r.result.files, ['dataset.zip']);
  const out = resultFile(dataDir, r.result.id, 'dataset.zip');
  const files = unzipSync(new Uint8Array(await readFile(out)));
  const names = Object.keys(files).sort();
  assert.equal(names.length, 25);
  assert.equal(names[0], '00000/img00000000.png');
  assert.equal(names[23], '00000/img00000023.png');
  const meta = JSON.parse(new TextDecoder().decode(files['dataset.json'])) as { labels: [string, number[]][] };
  assert.equal(meta.labels.length, 24);
  assert.deepEqual(meta.labels[0], ['00000/img00000000.png', [38.78, 0]]);
  const png = decodePng(files['00000/img00000000.png']);
  assert.equal(png.width, 32);
  assert.equal(png.channels, 1);
  const loaded = await loadDataset(dataDir, 'ixi-small');
  assert.deepEqual(Array.from(png.data), Array.from(loaded.images.subarray(0, 1024)), 'the PNG holds the stored pixels');
});

test('bad inputs fail with errors naming the file: missing path, not-an-image file, existing name', async () => {
  await assert.rejects(client.call('datasets.create', { name: 'x', source: { kind: 'files', paths: [join(dataDir, 'nope.nii')] }, resolution: 32 }), (e: ApiError) => e.code === 'not_found' && e.message.includes('nope.nii'));
  const text = join(dataDir, 'notes.txt');
  writeFileSync(text, 'hello');
  await assert.rejects(client.call('datasets.create', { name: 'x', source: { kind: 'files', paths: [text] }, resolution: 32 }), (e: ApiError) => e.code === 'bad_input' && e.message.includes('notes.txt'));
  const fake = join(dataDir, 'broken.nii');
  writeFileSync(fake, 'not a nifti at all');
  await assert.rejects(client.call('datasets.create', { name: 'x', source: { kind: 'files', paths: [fake] }, resolution: 32 }), (e: ApiError) => e.code === 'bad_input' && e.message.includes('broken.nii'));
  await assert.rejects(
    client.call('datasets.create', { name: 'ixi-small', source: { kind: 'files', paths: [ixi] }, resolution: 32 }),
    (e: ApiError) => e.code === 'bad_input' && e.message.includes('already exists'),
  );
  await assert.rejects(client.call('datasets.create', { name: '../evil', source: { kind: 'files', paths: [ixi] }, resolution: 32 }), (e: ApiError) => e.code === 'validation');
});

test('datasets are listed and deleted', async () => {
  const { datasets } = await client.call('datasets.list', {});
  assert.deepEqual(datasets.map((d) => d.name), ['ixi-small']);
  assert.deepEqual(await client.call('datasets.delete', { name: 'ixi-small' }), { deleted: true });
  assert.deepEqual((await client.call('datasets.list', {})).datasets, []);
});
