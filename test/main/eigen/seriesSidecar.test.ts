// What travels with an edit series into the eigen analysis: α values and their unit, and — for codes of slices cut
// from one volume — the dataset builder's fit (pad | crop, from the latent set's meta.json) with the slice positions'
// patient-space geometry in SERIES.json, which the eigen result then places its maps by.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppContext } from '../../../src-main/base/context.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { createLocalClient } from '../../../src-main/api/localClient.js';
import { optionalPlacement, placementOf } from '../../../src-main/eigen/placement.js';
import { writeNifti } from '../../../src-main/io/niftiWrite.js';
import { resultFile } from '../../../src-main/results/store.js';
import { runEigen } from '../../../src-shared/api/eigenJob.js';
import type { ResultGeometry } from '../../../src-shared/api/results.js';
import { encodeNpy } from '../../../src-shared/io/npy.js';
import { tempDirs } from '../../support/tempDirs.js';
import { runEditSeries } from '../../../src-shared/api/editJob.js';

const work = tempDirs('latentrad-eigen-sidecar-')();
const ctx = createAppContext({ dataDir: work, host: { kind: 'cli' } });
const client = createLocalClient(createAppDispatcher(ctx), ctx);

/** A 64×48×8 volume (1 mm in plane, 2 mm slices) and a latent set of its slices 2, 3, 4 made with fit = crop. */
function writeLatentSet(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const volume = join(dir, 'source.nii.gz');
  writeNifti(volume, { dims: [64, 48, 8], data: new Float32Array(64 * 48 * 8).fill(1), affine: [1, 0, 0, -32, 0, 1, 0, -24, 0, 0, 2, 10], description: 'test source' });
  let seed = 7;
  const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.2;
  writeFileSync(join(dir, 'latents.npy'), encodeNpy(Float32Array.from({ length: 3 * 64 }, random), [3, 64]));
  writeFileSync(join(dir, 'index.csv'), `row,item,entity,axis,slice,subject\n${[2, 3, 4].map((s, r) => `${r},${volume},volume,z,${s},S1`).join('\n')}\n`);
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ method: 'project', preprocessing: { modality: 'MR', axis: 'z', resample: 'area', fit: 'crop', lowPercentile: 0.5, highPercentile: 99.5 } }));
  return join(dir, 'latents.npy');
}

test('an edit series of a volume’s slices records the builder’s fit and the positions’ geometry; the eigen result uses both and reports α’s unit', async () => {
  const latents = writeLatentSet(join(work, 'set'));
  const directionDir = join(work, 'direction');
  mkdirSync(directionDir, { recursive: true });
  writeFileSync(join(directionDir, 'D.npy'), encodeNpy(Float32Array.from({ length: 64 }, (_, j) => (j === 5 ? 1 : 0)), [64]));
  writeFileSync(join(directionDir, 'D.json'), JSON.stringify({ method: 'mean', sigma: 0.5 }));
  const series = await runEditSeries(client, { model: 'ixi-t1-64', direction: join(directionDir, 'D.npy'), source: { kind: 'latents', latents, rows: [0, 1, 2] }, alphas: [0, 1, 2, 3] });
  assert.deepEqual(series.shape, [4, 3, 64, 64]);
  const sidecar = JSON.parse(readFileSync(resultFile(work, series.result.id, 'SERIES.json'), 'utf8')) as { alphas: number[]; alphaUnit: string; preprocessing: { fit: string } | null; geometry: ResultGeometry | null };
  assert.deepEqual([sidecar.alphas, sidecar.alphaUnit, sidecar.preprocessing?.fit], [[0, 1, 2, 3], 'sigma', 'crop']);
  assert.ok(sidecar.geometry, 'slices of one volume have a geometry');
  // Cropped to the 48 mm side and resampled to 64 pixels: 0.75 mm pixels (padding to 64 mm would give 1 mm).
  assert.deepEqual(sidecar.geometry.positions.map((p) => p.pixelSpacing), [[0.75, 0.75], [0.75, 0.75], [0.75, 0.75]]);
  // Slices 2, 3, 4 at z = 10 + 2·slice mm.
  assert.deepEqual(sidecar.geometry.positions.map((p) => p.imagePositionPatient[2]), [14, 16, 18]);

  const out = await runEigen(client, { series: series.result.id, components: 2 });
  assert.equal(out.alphaUnit, 'sigma');
  assert.deepEqual(out.alphas, [0, 1, 2, 3]);
  const placed = JSON.parse(readFileSync(resultFile(work, out.result.id, 'geometry.json'), 'utf8')) as ResultGeometry;
  assert.deepEqual(placed.positions, sidecar.geometry.positions, 'the maps sit where SERIES.json says the slice positions are');
});

test('a bare stack has no α unit', async () => {
  const dir = join(work, 'bare');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'STACK.npy'), encodeNpy(Float32Array.from({ length: 3 * 8 * 8 }, (_, n) => Math.sin(n) + (n >= 128 ? 0.1 : 0)), [3, 8, 8]));
  const out = await runEigen(client, { series: join(dir, 'STACK.npy'), alphas: [0, 1, 2], mask: 'none' });
  assert.equal(out.alphaUnit, null);
});

test('a source volume not in this catalog gives no placement for an edit series or an eigen analysis, but NIfTI maps are refused', async () => {
  const positions = [{ item: 'volume:999', axis: 'z', slice: '3' }];
  assert.equal(await optionalPlacement(ctx, positions, 'pad'), null);
  await assert.rejects(placementOf(ctx, positions, 'pad'), /volume:999/);
});
