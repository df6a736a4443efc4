// pixels.volume, the viewer's one-request volume: a DICOM series comes as its frames stacked in volumeInfo's slice
// order and a NIfTI volume as its z slices exactly as pixels.slice delivers them; int16 only when that is exact;
// synthetic series stay synthetic; series that are not a volume are refused; the host serves it as binary.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openRuntime } from '../../../src-main/cli/runtime.js';
import { narrowVoxels } from '../../../src-main/pixels/volume.js';
import { maxVolumeVoxels, refuseHugeVolume } from '../../../src-main/pixels/service.js';
import { createDispatcher } from '../../../src-main/api/dispatcher.js';
import { handlers } from '../../../src-main/api/handlers.js';
import { startHost } from '../../../src-main/host/server.js';
import type { RunningHost } from '../../../src-main/host/server.js';
import { importPaths } from '../../../src-shared/api/awaitJob.js';
import { decodeBinaryAnswer, frameValues } from '../../../src-shared/api/pixels.js';
import type { PixelVolume } from '../../../src-shared/api/pixels.js';
import { fixturesDir } from '../../support/data.js';
import { writeAxialSeries } from '../../support/dicomWriter.js';
import type { SeriesSpec } from '../../support/dicomWriter.js';
import { tempDirs } from '../../support/tempDirs.js';

const work = tempDirs('latentrad-pixels-volume-')();
const rt = openRuntime({ dataDir: join(work, 'data') });
let host: RunningHost;
after(async () => {
  await host.close();
  await rt.close();
});

const root = '1.2.826.0.1.3680043.9.7777.21';
const spec = (n: number, description: string, syntheticData: boolean, rescale = { slope: 1, intercept: 0 }): SeriesSpec => ({
  modality: 'MR', patientName: 'VOL^TEST', patientId: 'V21', studyUid: `${root}.1`, seriesUid: `${root}.1.${n}`, frameOfReferenceUid: `${root}.1.99`,
  seriesNumber: n, description, window: { center: 100, width: 200 }, rescale, syntheticData,
});
const voxel = (x: number, y: number, z: number): number => 7 * x - 3 * y + 40 * z;

const seriesId = async (description: string): Promise<string> => {
  const { rows } = await rt.client.call('catalog.listSeries', {});
  const row = rows.find((s) => s.description === description);
  assert.ok(row, `series "${description}" is catalogued`);
  return row.id;
};

before(async () => {
  const grid = { columns: 6, rows: 5, slices: 4, spacing: [0.8, 0.8, 2] as [number, number, number] };
  for (const [n, name, synthetic, rescale] of [[1, 'integer', false, undefined], [2, 'generated', true, undefined], [3, 'fractional', false, { slope: 0.25, intercept: 0 }]] as const) {
    const folder = join(work, 'in', name);
    mkdirSync(folder, { recursive: true });
    writeAxialSeries(folder, spec(n, name, synthetic, rescale), grid, voxel);
  }
  const summary = await importPaths(rt.client, { paths: [join(work, 'in'), join(fixturesDir, 'nifti', 'little.nii.gz'), join(fixturesDir, 'dicom', 'media')] });
  assert.equal(summary.state, 'done');
  host = await startHost({ dispatch: createDispatcher(handlers, rt.ctx), ctx: rt.ctx, port: 0 });
});

/** The frames of volumeInfo's slices (DICOM) or its z slices (NIfTI), stacked: what the viewer built slice by slice. */
async function stackedSlices(id: string): Promise<number[]> {
  const info = await rt.client.call('pixels.volumeInfo', { id });
  const out: number[] = [];
  for (let k = 0; k < info.dims[2]; k++) {
    const s = info.slices[k];
    const frame = s ? await rt.client.call('pixels.frame', { instanceId: s.instanceId, frame: s.frame }) : await rt.client.call('pixels.slice', { volumeId: id, axis: 'z', index: k });
    out.push(...frameValues(frame));
  }
  return out;
}

test('a DICOM series comes whole, equal to its frames stacked in slice order, as int16 when its values are whole', async () => {
  const id = await seriesId('integer');
  const volume = await rt.client.call('pixels.volume', { id });
  assert.deepEqual([volume.dims, volume.dtype, volume.provenance, volume.modality], [[6, 5, 4], 'int16', 'acquired', 'MR']);
  assert.deepEqual(Array.from(frameValues(volume)), await stackedSlices(id));
  assert.deepEqual([volume.min, volume.max], [voxel(0, 4, 0), voxel(5, 0, 3)]);
});

test('fractional modality values (rescale slope 0.25) stay float32, exactly', async () => {
  const id = await seriesId('fractional');
  const volume = await rt.client.call('pixels.volume', { id });
  assert.equal(volume.dtype, 'float32');
  assert.deepEqual(Array.from(frameValues(volume)), await stackedSlices(id));
});

test('a NIfTI volume comes as its z slices exactly as pixels.slice delivers them (display flips included)', async () => {
  const id = (await rt.client.call('catalog.resolve', { ref: join(fixturesDir, 'nifti', 'little.nii.gz') })).id;
  const volume = await rt.client.call('pixels.volume', { id });
  assert.deepEqual(volume.dims, [64, 64, 21]);
  const mine = Array.from(frameValues(volume));
  const theirs = await stackedSlices(id);
  assert.equal(mine.length, theirs.length);
  assert.ok(mine.every((v, i) => Math.abs(v - theirs[i]) <= 1e-6 * Math.max(1, Math.abs(theirs[i]))), 'every voxel equals pixels.slice');
});

test('a series marked Synthetic Data = YES comes as synthetic', async () => {
  assert.equal((await rt.client.call('pixels.volume', { id: await seriesId('generated') })).provenance, 'synthetic');
});

test('a series that is not a regular volume is refused with the reason', async () => {
  const { rows } = await rt.client.call('catalog.listSeries', { limit: 1000 });
  let refused = 0;
  for (const row of rows) {
    const info = await rt.client.call('pixels.volumeInfo', { id: row.id }).catch(() => null);
    if (!info || info.consistent) continue;
    await assert.rejects(rt.client.call('pixels.volume', { id: row.id }), (e: Error) => /not a regular volume/.test(e.message) && e.message.includes(row.id));
    refused++;
  }
  assert.ok(refused > 0, 'the media fixtures hold at least one series that is not a volume');
});

test('int16 only when every value is whole and in range', () => {
  assert.ok(narrowVoxels(Float32Array.of(-32768, 0, 32767)).voxels instanceof Int16Array);
  assert.ok(narrowVoxels(Float32Array.of(0, 32768)).voxels instanceof Float32Array);
  assert.ok(narrowVoxels(Float32Array.of(0, 0.5)).voxels instanceof Float32Array);
  assert.ok(narrowVoxels(Float32Array.of(0, Number.NaN)).voxels instanceof Float32Array, "NaN is not a whole number");
  assert.deepEqual(Array.from(narrowVoxels(Float32Array.of(-3, 7)).voxels), [-3, 7]);
});

test('the host serves it at POST /pixels/volume as one binary message that decodes to the same voxels', async () => {
  const id = await seriesId('integer');
  const response = await fetch(`${host.origin}/pixels/volume`, { method: 'POST', headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ id }) });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/octet-stream');
  const decoded = decodeBinaryAnswer('pixels.volume', new Uint8Array(await response.arrayBuffer())) as PixelVolume;
  const direct = await rt.client.call('pixels.volume', { id });
  assert.deepEqual([decoded.dims, decoded.dtype], [direct.dims, direct.dtype]);
  assert.deepEqual(Array.from(frameValues(decoded)), Array.from(frameValues(direct)));
});

test('a volume larger than 2^28 voxels is refused before allocation, naming the file, its size and the way out', () => {
  assert.doesNotThrow(() => refuseHugeVolume('volume:1', '/data/head.nii.gz', [512, 512, 1024]));
  assert.throws(
    () => refuseHugeVolume('series:7', '/data/ct/IM0001.dcm', [1024, 1024, 300]),
    (e: Error) => /\/data\/ct\/IM0001\.dcm \(series:7\)/.test(e.message) && /1024×1024×300 = 315 M voxels/.test(e.message) && /open it as a stack/.test(e.message),
  );
  assert.equal(maxVolumeVoxels, 2 ** 28);
});
