// eigen.components on a catalog DICOM series (`series:<n>`): its frames, decoded as pixels.frame decodes them and
// stacked in instance order, give the same analysis as the same frames in a .npy stack; α is the frame index unless
// given; the job reports each frame it reads and honours a cancel before reading; the result is synthetic only when
// the instances are; bad series are refused before any job; and `latentrad eigen series:<n>` runs it from the CLI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import dcmjs from 'dcmjs';
import { analysisWorkerOf } from '../../../src-main/analysis/workerApi.js';
import { catalogOf } from '../../../src-main/catalog/service.js';
import { openRuntime } from '../../../src-main/cli/runtime.js';
import { catalogSeriesStack } from '../../../src-main/eigen/catalogSeries.js';
import { eigenRunner } from '../../../src-main/eigen/jobRunner.js';
import type { JobReporter } from '../../../src-main/jobs/manager.js';
import type { Job } from '../../../src-shared/api/jobs.js';
import type { JobEvent } from '../../../src-shared/api/awaitJob.js';
import { decodePng } from '../../../src-main/io/png.js';
import { readResult, resultFile } from '../../../src-main/results/store.js';
import { importPaths } from '../../../src-shared/api/awaitJob.js';
import type { SeriesRow } from '../../../src-shared/api/catalog.js';
import type { EigenOutput } from '../../../src-shared/api/eigen.js';
import { runEigen } from '../../../src-shared/api/eigenJob.js';
import { decodeNpy, encodeNpy } from '../../../src-shared/io/npy.js';
import { repoRoot } from '../../support/data.js';
import { dicomSlice, writeFrameSeries } from '../../support/dicomWriter.js';
import type { SeriesSpec } from '../../support/dicomWriter.js';
import { tempDirs } from '../../support/tempDirs.js';

const work = tempDirs('latentrad-eigen-catalog-')();
const rt = openRuntime({ dataDir: join(work, 'data') });
after(() => rt.close());

const root = '1.2.826.0.1.3680043.9.7777.16';
const [K, H, W] = [5, 16, 16];
const rescale = { slope: 2, intercept: -100 };

/** Stored values of frame k: a textured square whose centre block brightens with k, and a little fixed noise. */
function storedFrame(k: number, size = H): Int16Array {
  let seed = 7 + k;
  const noise = (): number => ((seed = (seed * 16807) % 2147483647) % 7) - 3;
  return Int16Array.from({ length: size * size }, (_, i) => {
    const [y, x] = [Math.floor(i / size), i % size];
    const inside = y >= 2 && y < size - 2 && x >= 2 && x < size - 2;
    const lesion = y >= 6 && y < 9 && x >= 6 && x < 9;
    return (inside ? 200 + Math.round(100 * Math.sin(x / 2) * Math.cos(y / 3)) : 0) + (lesion ? 40 * k : 0) + noise();
  });
}

const spec = (n: number, description: string, syntheticData = false): SeriesSpec => ({
  modality: 'MR', patientName: 'FOLLOW^UP', patientId: 'P16', studyUid: `${root}.1`, seriesUid: `${root}.1.${n}`, frameOfReferenceUid: `${root}.1.99`,
  seriesNumber: n, description, window: { center: 300, width: 600 }, rescale, syntheticData,
});

/** Writes a series into its own folder; instance k + 1 lies where instance K − k would in space, so instance order is not slice order. */
function writeSeries(name: string, s: SeriesSpec, frames: Int16Array[], size = { rows: H, columns: W }): string {
  const folder = join(work, 'in', name);
  mkdirSync(folder, { recursive: true });
  writeFrameSeries(folder, s, size, frames, (k) => [0, 0, 2 * (frames.length - 1 - k)]);
  return folder;
}

/** An RGB instance: the minimal writer's slice turned into 8-bit RGB with dcmjs (another tool's colour capture). */
function writeColourInstance(folder: string, s: SeriesSpec, instanceNumber: number): void {
  const grey = dicomSlice(s, { rows: H, columns: W, pixels: storedFrame(0), instanceNumber, position: [0, 0, 0], orientation: [1, 0, 0, 0, 1, 0], pixelSpacing: [1, 1], sliceThickness: 1 });
  const message = dcmjs.data.DicomMessage.readFile(Uint8Array.from(grey).buffer);
  const set = (tag: string, vr: string, value: unknown): void => {
    message.dict[tag] = { vr, Value: [value] };
  };
  set('00280002', 'US', 3);
  set('00280004', 'CS', 'RGB');
  set('00280006', 'US', 0);
  set('00280100', 'US', 8);
  set('00280101', 'US', 8);
  set('00280102', 'US', 7);
  set('00280103', 'US', 0);
  set('7FE00010', 'OB', new Uint8Array(H * W * 3).fill(90).buffer);
  for (const tag of ['00281050', '00281051', '00281052', '00281053']) delete message.dict[tag];
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `RGB${instanceNumber}.dcm`), Buffer.from(message.write()));
}

const frames = Array.from({ length: K }, (_, k) => storedFrame(k));
let series: SeriesRow[] = [];
const byDescription = (d: string): string => {
  const row = series.find((s) => s.description === d);
  assert.ok(row, `series "${d}" is catalogued`);
  return row.id;
};

before(async () => {
  writeSeries('real', spec(1, 'follow-up T2'), frames);
  writeSeries('generated', spec(2, 'made by a generator', true), frames);
  writeSeries('single', spec(3, 'one frame'), [frames[0]]);
  const mixed = writeSeries('mixed', spec(4, 'mixed sizes'), [frames[0], frames[1]]);
  const small = dicomSlice(spec(4, 'mixed sizes'), { rows: 8, columns: 8, pixels: storedFrame(2, 8), instanceNumber: 3, position: [0, 0, 9], orientation: [1, 0, 0, 0, 1, 0], pixelSpacing: [1, 1], sliceThickness: 1 });
  writeFileSync(join(mixed, 'SMALL.dcm'), small);
  for (const n of [1, 2]) writeColourInstance(join(work, 'in', 'colour'), spec(5, 'colour capture'), n);
  const summary = await importPaths(rt.client, { paths: [join(work, 'in')] });
  assert.deepEqual([summary.state, summary.errors], ['done', []]);
  series = (await rt.client.call('catalog.listSeries', {})).rows;
});

/** The same frames as the catalog holds them, in modality units, as a K×H×W .npy stack. */
function npyStack(): string {
  const path = join(work, 'same-frames.npy');
  const data = new Float32Array(K * H * W);
  frames.forEach((f, k) => data.set(Float32Array.from(f, (v) => v * rescale.slope + rescale.intercept), k * H * W));
  writeFileSync(path, encodeNpy(data, [K, H, W]));
  return path;
}

const npyOf = (out: EigenOutput, file: string) => decodeNpy(readFileSync(resultFile(rt.ctx.dataDir, out.result.id, file)));

test('a real catalog series gives the components of the same frames as a .npy stack, α = frame index in instance order, not synthetic', async () => {
  const id = byDescription('follow-up T2');
  const fromCatalog = await runEigen(rt.client, { series: id, components: 3 });
  const stack = npyStack();
  const fromStack = await runEigen(rt.client, { series: stack, alphas: [0, 1, 2, 3, 4], components: 3 });
  const stacked = npyOf(fromCatalog, 'frames.npy');
  assert.deepEqual(stacked.shape, [K, 1, H, W]);
  assert.deepEqual(Array.from(stacked.data), Array.from(decodeNpy(readFileSync(stack)).data), 'the frames are stacked in instance order, in modality units');
  const [a, b] = [fromCatalog.positions[0], fromStack.positions[0]];
  assert.equal(a.voxelCount, b.voxelCount);
  a.eigenvalues.forEach((v, i) => assert.ok(Math.abs(v - b.eigenvalues[i]) <= 1e-9 * Math.abs(b.eigenvalues[0]), `eigenvalue ${i + 1}: ${v} vs ${b.eigenvalues[i]}`));
  a.eigenvectors.forEach((vector, c) => vector.forEach((v, k) => assert.ok(Math.abs(v - b.eigenvectors[c][k]) < 1e-9, `eigenvector ${c + 1}[${k}]`)));
  const [mapsA, mapsB] = [npyOf(fromCatalog, 'position_0/components.npy'), npyOf(fromStack, 'position_0/components.npy')];
  assert.deepEqual(mapsA.shape, mapsB.shape);
  mapsA.data.forEach((v, i) => assert.ok(Math.abs(v - mapsB.data[i]) < 1e-4, `component map value ${i}`));
  assert.deepEqual([fromCatalog.alphas, fromCatalog.alphaSource, fromCatalog.alphaUnit, fromCatalog.referenceIndex], [[0, 1, 2, 3, 4], 'frame index', 'frame index', 0]);
  assert.equal(fromCatalog.catalogSeries, id);
  assert.equal(fromCatalog.synthetic, false, 'a real DICOM series is not synthetic');
  const info = readResult(rt.ctx.dataDir, fromCatalog.result.id).info;
  assert.deepEqual([info.synthetic, info.meta.catalogSeries], [false, id], 'the result records the catalog series');
  const eigenJson = JSON.parse(readFileSync(resultFile(rt.ctx.dataDir, fromCatalog.result.id, 'eigen.json'), 'utf8')) as { series: string; frames: unknown[] };
  assert.deepEqual([eigenJson.series, eigenJson.frames.length], [id, K]);
  const png = decodePng(readFileSync(resultFile(rt.ctx.dataDir, fromCatalog.result.id, 'position_0/component_1.png')));
  assert.equal(png.text.Synthetic, undefined, 'its maps are not marked synthetic');
});

test('the job reports reading each frame, then the analysis, with progress that never goes back', async () => {
  const id = byDescription('follow-up T2');
  const events: JobEvent[] = [];
  await runEigen(rt.client, { series: id, mask: 'none', components: 2 }, { onEvent: (e) => events.push(e) });
  const reads = events.filter((e) => e.message.startsWith('reading frame')).map((e) => e.message);
  assert.deepEqual(reads, [1, 2, 3, 4, 5].map((k) => `reading frame ${k}/5 of ${id}`));
  const fractions = events.map((e) => e.fraction ?? 0);
  assert.ok(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]), `progress never goes back: ${fractions.join(', ')}`);
});

test('a cancel requested before the frames are read ends the job cancelled without reading a frame or writing frames.npy', async () => {
  const id = byDescription('follow-up T2');
  const outDir = join(work, 'cancelled');
  mkdirSync(outDir);
  const catalogSeries = catalogSeriesStack(catalogOf(rt.ctx).db, id);
  const task = { params: { series: id, mask: 'none', components: 2, centred: true, nifti: false }, seriesPath: join(outDir, 'frames.npy'), seriesAlphas: null, alphaUnit: 'frame index' as const, synthetic: false, outDir, placement: null, catalogSeries };
  const messages: string[] = [];
  const reporter: JobReporter = { progress: (_d, _f, message) => messages.push(message), requested: () => 'cancel', onRequest: () => undefined };
  const now = new Date().toISOString();
  const job: Job = { id: 'eigen-cancel', kind: 'eigen', state: 'running', title: 'eigen', params: { result: 'eigen-cancel', task }, progress: {}, fraction: null, message: '', etaSeconds: null, error: null, result: null, stopRequested: 'cancel', createdAt: now, updatedAt: now };
  const outcome = await eigenRunner(rt.ctx, () => analysisWorkerOf(rt.ctx))(job, reporter, { resume: false });
  assert.equal(outcome.state, 'cancelled', outcome.message);
  assert.ok(!messages.some((m) => m.startsWith('reading frame')), messages.join('; '));
  assert.ok(!existsSync(join(outDir, 'frames.npy')));
});

test('given α values (months since baseline) replace the frame index; the first frame stays the reference', async () => {
  const out = await runEigen(rt.client, { series: byDescription('follow-up T2'), alphas: [6, 0, 12, 18, 24], mask: 'none', components: 2 });
  assert.deepEqual([out.alphas, out.alphaSource, out.alphaUnit, out.referenceIndex], [[6, 0, 12, 18, 24], 'given', null, 0]);
});

test('a series whose instances say Synthetic Data = YES gives a synthetic result with marked maps', async () => {
  const out = await runEigen(rt.client, { series: byDescription('made by a generator'), components: 2 });
  assert.equal(out.synthetic, true);
  assert.equal(readResult(rt.ctx.dataDir, out.result.id).info.synthetic, true);
  const png = decodePng(readFileSync(resultFile(rt.ctx.dataDir, out.result.id, 'position_0/component_1.png')));
  assert.equal(png.text.Synthetic, 'true');
});

test('a series not in the catalog, with one frame, colour frames, frames of two sizes or α values of another count is refused as bad_input before any job', async () => {
  const resultsBefore = readdirSync(join(rt.ctx.dataDir, 'results')).length;
  const jobsBefore = (await rt.client.call('jobs.list', {})).jobs.length;
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ series: 'series:999' }, /^series:999 is not in the catalog/],
    [{ series: byDescription('one frame') }, /^series:\d+: 1 image frame; an ordered stack needs at least 2$/],
    [{ series: byDescription('colour capture') }, /^series:\d+: colour frames \(RGB in instance:\d+, instance:\d+\); the analysis takes grey images only$/],
    [{ series: byDescription('mixed sizes') }, /^series:\d+: frames of different sizes \(16×16 in instance:\d+, instance:\d+; 8×8 in instance:\d+\)/],
    [{ series: byDescription('follow-up T2'), alphas: [0, 1, 2] }, /^series:\d+: 5 frames but 3 α values$/],
  ];
  for (const [input, message] of cases) {
    const answer = await rt.dispatch('eigen.components', input);
    assert.equal(answer.ok, false, `${JSON.stringify(input)} was accepted`);
    if (!answer.ok) {
      assert.equal(answer.error.code, 'bad_input', answer.error.message);
      assert.match(answer.error.message, message);
    }
  }
  assert.equal(readdirSync(join(rt.ctx.dataDir, 'results')).length, resultsBefore, 'no result folder was made');
  assert.equal((await rt.client.call('jobs.list', {})).jobs.length, jobsBefore, 'no job was submitted');
});

test('latentrad eigen series:<n> analyses a catalog series and says α is the frame index', () => {
  const dataDir = join(work, 'cli');
  const cli = (...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'bin', 'latentrad.js'), '--data-dir', dataDir, ...args], { encoding: 'utf8' });
  const imported = cli('import', join(work, 'in', 'real'));
  assert.equal(imported.status, 0, imported.stderr);
  const listed = cli('ls', 'series', '--json');
  assert.equal(listed.status, 0, listed.stderr);
  const id = (JSON.parse(listed.stdout) as { rows: Array<{ id: string }> }).rows[0].id;
  const out = join(work, 'cli-out');
  const run = cli('eigen', id, '--components', '2', '--out', out);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, new RegExp(`^${id}: 5 images of 1×16×16 \\(S×H×W\\), α = frame index \\(instance order, not time\\), reference image 0`));
  assert.ok(existsSync(join(out, 'eigen.json')) && existsSync(join(out, 'frames.npy')), `wrote ${readdirSync(out).join(', ')}`);
  assert.equal((JSON.parse(readFileSync(join(out, 'eigen.json'), 'utf8')) as { catalogSeries: string }).catalogSeries, id);
});
