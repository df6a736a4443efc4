// Catalogued DICOM series as a dataset source: a regular series is sliced exactly like the same volume as NIfTI,
// single-frame series are 2D images (MONOCHROME1 inverted), non-image series are skipped with the reason, labels kept.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { niftiAffineToLps } from '../../../src-shared/catalog/geometry.js';
import { norm, unit } from '../../../src-shared/math/vectors.js';
import { createAppContext } from '../../../src-main/base/context.js';
import { createLocalClient } from '../../../src-main/api/localClient.js';
import { planeToModel } from '../../../src-main/datasets/build.js';
import { modelToUint8 } from '../../../src-shared/imaging/convert.js';
import { readSeries } from '../../../src-main/datasets/seriesSource.js';
import { loadDataset } from '../../../src-main/datasets/store.js';
import { extractSlice, sliceLayout } from '../../../src-main/datasets/volume.js';
import type { Volume } from '../../../src-main/datasets/volume.js';
import { readNifti } from '../../../src-main/io/nifti.js';
import { frameValues } from '../../../src-shared/api/pixels.js';
import { pixelsOf } from '../../../src-main/pixels/service.js';
import { dicomSlice } from '../../support/dicomWriter.js';
import { fixturesDir, repoRoot } from '../../support/data.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { importPaths } from '../../../src-shared/api/awaitJob.js';

const template = join(fixturesDir, 'viewer', 'avg152T1_LR_nifti.nii.gz');
const cr = join(fixturesDir, 'dicom', 'media', '77654033', 'CR1', '6154');
let dir: string;
let dataDir: string;
let ctx: ReturnType<typeof createAppContext>;
let client: ReturnType<typeof createLocalClient>;
const ids: Record<'mr' | 'cr' | 'sr' | 'ct' | 'nifti', string> = { mr: '', cr: '', sr: '', ct: '', nifti: '' };

/**
 * The MNI template (91×109×91, 2 mm, integer 0–255, "L"/"R" burned in) written as an axial MR series whose geometry
 * comes from the NIfTI affine, numbered top to bottom so that file order, instance order and world order all differ.
 */
async function writeTemplateSeries(folder: string): Promise<void> {
  const v = await readNifti(template);
  const [nx, ny, nz] = [v.dims[0], v.dims[1], v.dims[2] ?? 1];
  const grid = niftiAffineToLps(v.affine);
  const orientation = [...unit(grid.axes[0]), ...unit(grid.axes[1])] as [number, number, number, number, number, number];
  const spec = { modality: 'MR' as const, patientName: 'Template^MNI', patientId: 'MNI152', studyUid: '1.2.826.0.1.3680043.9.7777.10', seriesUid: '1.2.826.0.1.3680043.9.7777.10.1', frameOfReferenceUid: '1.2.826.0.1.3680043.9.7777.10.2', seriesNumber: 1, description: 'avg152 T1 template', window: { center: 128, width: 256 }, rescale: { slope: 1, intercept: 0 } };
  for (let k = 0; k < nz; k++) {
    const pixels = Int16Array.from(v.data.subarray(k * nx * ny, (k + 1) * nx * ny), Math.round);
    const position = [0, 1, 2].map((a) => grid.origin[a] + k * grid.axes[2][a]) as [number, number, number];
    const file = dicomSlice(spec, { rows: ny, columns: nx, pixels, instanceNumber: nz - k, position, orientation, pixelSpacing: [norm(grid.axes[1]), norm(grid.axes[0])], sliceThickness: norm(grid.axes[2]) });
    writeFileSync(join(folder, `slice${String(k).padStart(3, '0')}.dcm`), file);
  }
}

/** A two-plane localizer (axial + sagittal: not a volume), 16×16 gradients; `n` tells copies apart. */
function writeLocalizer(folder: string, n: number): void {
  const spec = { modality: 'MR' as const, patientName: 'Template^MNI', patientId: 'MNI152', studyUid: '1.2.826.0.1.3680043.9.7777.10', seriesUid: `1.2.826.0.1.3680043.9.7777.10.${2 + n}`, frameOfReferenceUid: '1.2.826.0.1.3680043.9.7777.10.2', seriesNumber: 1 + n, description: `localizer ${n}`, window: { center: 128, width: 256 }, rescale: { slope: 1, intercept: 0 } };
  const orientations: Array<[number, number, number, number, number, number]> = [[1, 0, 0, 0, 1, 0], [0, 1, 0, 0, 0, -1]];
  orientations.forEach((orientation, k) => {
    const pixels = Int16Array.from({ length: 256 }, (_, i) => (i % 16) * 10 + Math.floor(i / 16) + k * 50);
    writeFileSync(join(folder, `loc${n}-${k + 1}.dcm`), dicomSlice(spec, { rows: 16, columns: 16, pixels, instanceNumber: k + 1, position: [0, 0, 0], orientation, pixelSpacing: [2, 1], sliceThickness: 5 }));
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'latentrad-dsseries-'));
  dataDir = join(dir, 'data');
  mkdirSync(join(dir, 'mr'));
  await writeTemplateSeries(join(dir, 'mr'));
  mkdirSync(join(dir, 'localizer'));
  writeLocalizer(join(dir, 'localizer'), 1);
  writeLocalizer(join(dir, 'localizer'), 2);
  ctx = createAppContext({ dataDir, host: { kind: 'cli' } });
  client = createLocalClient(createAppDispatcher(ctx), ctx);
  const summary = await importPaths(client, { paths: [join(dir, 'mr'), join(dir, 'localizer'), template, cr, join(fixturesDir, 'dicom', 'media', '98892001'), join(fixturesDir, 'dicom', 'pydicom', 'test-SR.dcm')] });
  assert.deepEqual(summary.errors, []);
  const series = (await client.call('catalog.listSeries', { limit: 100 })).rows;
  const one = (pick: (s: (typeof series)[number]) => boolean): string => {
    const found = series.filter(pick);
    assert.equal(found.length, 1);
    return found[0].id;
  };
  ids.mr = one((s) => s.description === 'avg152 T1 template');
  ids.cr = one((s) => s.modality === 'CR');
  ids.sr = one((s) => s.modality === 'SR');
  ids.ct = one((s) => s.description?.startsWith('SmartScore') === true);
  ids.nifti = (await client.call('catalog.resolve', { ref: template })).id;
  await client.call('catalog.setLabels', { id: ids.mr, labels: { group: 'template', age: '30' } });
  await client.call('catalog.setLabels', { id: ids.cr, labels: { group: 'xray', age: '50' } });
  await client.call('catalog.setLabels', { id: ids.sr, labels: { group: 'xray', age: '60' } });
});
after(async () => {
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

const bySeries = { kind: 'catalog' as const, entities: ['series' as const], where: { description: 'avg152*' } };
const byVolume = { kind: 'catalog' as const, entities: ['volumes' as const], where: { path: '*avg152*' } };

test('a regular DICOM series gives the same slices, pixel for pixel, as the same volume as NIfTI, along every axis', async () => {
  for (const axis of ['z', 'y', 'x'] as const) {
    const settings = { resolution: 32, axis, sliceRange: [0.1, 0.9] as [number, number], sliceStep: 2, overwrite: true };
    const fromSeries = await client.call('datasets.create', { name: `dcm-${axis}`, source: bySeries, ...settings });
    const fromNifti = await client.call('datasets.create', { name: `nii-${axis}`, source: byVolume, ...settings });
    const a = await loadDataset(dataDir, `dcm-${axis}`);
    const b = await loadDataset(dataDir, `nii-${axis}`);
    assert.equal(fromSeries.count, fromNifti.count, axis);
    assert.ok(fromSeries.count > 5, `${axis}: ${fromSeries.count} slices`);
    assert.deepEqual(a.items.map((i) => i.slice), b.items.map((i) => i.slice), `${axis}: the same slice indices (from the lowest world coordinate)`);
    assert.ok(a.items.every((i) => i.source === ids.mr));
    assert.ok(Buffer.from(a.images).equals(Buffer.from(b.images)), `${axis}: identical images`);
    assert.deepEqual(fromSeries.skipped, []);
  }
});

test('slice range and the foreground rule count slices of a series as for NIfTI: 91 axial slices, range halves them, the rule drops air', async () => {
  const all = await client.call('datasets.create', { name: 'all', source: bySeries, resolution: 32, minForeground: 0 });
  assert.equal(all.count, 91);
  const upper = await client.call('datasets.create', { name: 'upper', source: bySeries, resolution: 32, minForeground: 0, sliceRange: [0.5, 1] });
  // floor(0.5 · 91) = 45 … 90.
  assert.equal(upper.count, 46);
  assert.deepEqual((await loadDataset(dataDir, 'upper')).items.map((i) => i.slice), Array.from({ length: 46 }, (_, n) => 45 + n));
  const brain = await client.call('datasets.create', { name: 'brain', source: bySeries, resolution: 32, minForeground: 0.2 });
  const brainNifti = await client.call('datasets.create', { name: 'brain-nii', source: byVolume, resolution: 32, minForeground: 0.2 });
  assert.equal(brain.count, brainNifti.count);
  assert.ok(brain.count > 30 && brain.count < 91, `${brain.count} of 91 slices have ≥ 20 % foreground`);
});

test('the series volume is oriented like the pixel service slices it: axial as the NIfTI z slice, sagittal as the series x reslice', async () => {
  const pixels = pixelsOf(ctx);
  const content = await readSeries(pixels, { id: ids.mr, modality: 'MR', displayable: true });
  assert.equal(content.kind, 'volume');
  const volume: Volume = (content as { volume: Volume }).volume;
  assert.deepEqual(volume.dims, [91, 109, 91]);
  assert.deepEqual(volume.spacing, [2, 2, 2]);
  // Instances were numbered top to bottom and the normal points to the feet: the stack runs superior → inferior.
  assert.equal(volume.affine[2][2], -2);
  const axial = sliceLayout(volume, 'z');
  assert.deepEqual([axial.width, axial.height], [91, 109]);
  for (const s of [20, 45, 70]) {
    const expected = frameValues(await client.call('pixels.slice', { volumeId: ids.nifti, axis: 'z', index: s }));
    assert.deepEqual(Array.from(extractSlice(volume, axial, s)), Array.from(expected), `axial ${s}`);
  }
  // Sagittal slice 0 is the patient's far right: the series' last column (its rows run toward patient left).
  const sagittal = sliceLayout(volume, 'x');
  const s = 30;
  const resliced = await client.call('pixels.slice', { volumeId: ids.mr, axis: 'x', index: 90 - s });
  assert.deepEqual([resliced.geometry.columns, resliced.geometry.rows], [sagittal.width, sagittal.height]);
  assert.deepEqual(Array.from(extractSlice(volume, sagittal, s)), Array.from(frameValues(resliced)));
});

test('labels of the series become dataset labels on every slice', async () => {
  const info = await client.call('datasets.create', { name: 'labelled', source: { ...bySeries, labelKeys: ['age', 'group'] }, resolution: 32, sliceStep: 8 });
  assert.deepEqual(info.labels, [{ name: 'age', kind: 'numeric' }, { name: 'group', kind: 'categorical', categories: ['template'] }]);
  const loaded = await loadDataset(dataDir, 'labelled');
  assert.deepEqual(Array.from(loaded.labels), Array.from({ length: info.count }, () => [30, 0]).flat());
});

test('a single-frame CR is one 2D image, inverted (MONOCHROME1) so that dense is bright; an SR is skipped with the reason', async () => {
  const info = await client.call('datasets.create', { name: 'xray', source: { kind: 'catalog', entities: ['series'], where: { group: 'xray' } }, resolution: 32 });
  assert.equal(info.count, 1);
  assert.equal(info.sourceCount, 1);
  assert.deepEqual(info.skipped, [{ path: ids.sr, reason: 'not an image series (modality SR): nothing to slice' }]);
  assert.deepEqual(info.labels.map((l) => l.name), ['age', 'group']);
  const loaded = await loadDataset(dataDir, 'xray');
  const instance = (await client.call('catalog.listInstances', { parent: ids.cr })).rows[0];
  assert.deepEqual(loaded.items, [{ source: instance.id, slice: null }]);
  assert.deepEqual(Array.from(loaded.labels), [50, 0], "age 50, group xray (category 0 of [xray])");
  const frame = await client.call('pixels.frame', { instanceId: instance.id });
  assert.equal(frame.photometricInterpretation, 'MONOCHROME1');
  const stored = Float32Array.from(frameValues(frame));
  const [rowSpacing, colSpacing] = frame.geometry.pixelSpacing ?? [1, 1];
  const toModel = (data: Float32Array): number[] => Array.from(modelToUint8(planeToModel({ data, width: frame.geometry.columns, height: frame.geometry.rows, pixelWidth: colSpacing, pixelHeight: rowSpacing }, 32, { resample: 'area', fit: 'pad' }, { lowPercentile: 0.5, highPercentile: 99.5 })));
  const inverted = stored.map((v) => frame.min + frame.max - v);
  assert.deepEqual(Array.from(loaded.images), toModel(inverted));
  assert.notDeepEqual(Array.from(loaded.images), toModel(stored), 'the stored values, not inverted, give another image');
  // Per-image percentile normalisation spans [−1, 1] exactly (NVlabs' x = u/127.5 − 1).
  const values = Array.from(loaded.images, (u) => u / 127.5 - 1);
  assert.deepEqual([Math.min(...values), Math.max(...values)], [-1, 1]);
});

test('a series that is not a volume gives each frame as a 2D image; a frame that no longer decodes is skipped, not the series', async () => {
  const source = { kind: 'catalog' as const, entities: ['series' as const], where: { description: 'localizer 1' } };
  const both = await client.call('datasets.create', { name: 'loc', source, resolution: 32 });
  assert.equal(both.count, 2);
  const [first, second] = (await loadDataset(dataDir, 'loc')).items;
  assert.deepEqual([first.slice, second.slice], [null, null]);
  assert.notEqual(first.source, second.source);
  // Squared in millimetres: 16 columns × 1 mm by 16 rows × 2 mm is half as wide as tall, so at 32 px the content
  // fills columns 8–23 of every row and the padded columns on both sides are background.
  const image = (await loadDataset(dataDir, 'loc')).images.subarray(0, 32 * 32);
  assert.deepEqual([image[2], image[16 * 32 + 2], image[31 * 32 + 29]], [0, 0, 0]);
  assert.ok(image[16] > 0 && image[31 * 32 + 16] > 0);
  // The second copy loses its second file's pixels after import (never read before: the pixel service caches files).
  truncateSync(join(dir, 'localizer', 'loc2-2.dcm'), 600);
  const one = await client.call('datasets.create', { name: 'loc-broken', source: { ...source, where: { description: 'localizer 2' } }, resolution: 32 });
  assert.equal(one.count, 1);
  assert.equal(one.sourceCount, 1);
  const broken = (await client.call('catalog.listInstances', { where: { path: join(dir, 'localizer', 'loc2-2.dcm') } })).rows[0];
  assert.deepEqual(one.skipped.map((x) => x.path), [broken.id]);
  assert.match(one.skipped[0].reason, /loc2-2\.dcm/);
});

test('a real CT series with a regular grid is a volume: 5 axial slices, the range keeps the upper 3', async () => {
  const source = { kind: 'catalog' as const, entities: ['series' as const], where: { description: 'SmartScore*' } };
  const all = await client.call('datasets.create', { name: 'ct', source, resolution: 32, minForeground: 0, modality: 'CT' });
  assert.equal(all.count, 5);
  assert.deepEqual((await loadDataset(dataDir, 'ct')).items, [0, 1, 2, 3, 4].map((slice) => ({ source: ids.ct, slice })));
  const upper = await client.call('datasets.create', { name: 'ct-upper', source, resolution: 32, minForeground: 0, modality: 'CT', sliceRange: [0.4, 1] });
  assert.equal(upper.count, 3);
  assert.deepEqual((await loadDataset(dataDir, 'ct-upper')).items.map((i) => i.slice), [2, 3, 4]);
});

test('the CLI takes --from catalog --entities series and refuses an unknown entity name', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src-main', 'cli', 'main.ts'), '--data-dir', dataDir, ...args], { encoding: 'utf8', cwd: repoRoot });
  const created = cli('--json', 'dataset', 'create', '--from', 'catalog', '--entities', 'series', '--where', 'group=xray', '--res', '32', '--out', 'cli-xray');
  assert.equal(created.status, 0, created.stderr);
  const info = JSON.parse(created.stdout) as { count: number; skipped: { path: string }[] };
  assert.equal(info.count, 1);
  assert.deepEqual(info.skipped.map((s) => s.path), [ids.sr]);
  const wrong = cli('dataset', 'create', '--from', 'catalog', '--entities', 'both', '--res', '32', '--out', 'cli-wrong');
  assert.notEqual(wrong.status, 0);
  assert.match(wrong.stderr, /volumes, images, series/);
});
