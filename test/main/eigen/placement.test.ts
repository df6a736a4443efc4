// Slice positions of a series cut from a volume: the maps land at their slice positions of the source volume —
// geometry.json places the viewer's planes, and `nifti` writes the maps into the source grid with the source
// affine, so a known change at slice position 1 comes back at exactly its voxels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppContext } from '../../../src-main/base/context.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { createLocalClient } from '../../../src-main/api/localClient.js';
import { readNifti } from '../../../src-main/io/nifti.js';
import { writeNifti } from '../../../src-main/io/niftiWrite.js';
import { resultFile } from '../../../src-main/results/store.js';
import { encodeNpy } from '../../../src-shared/io/npy.js';
import { runEigen } from '../../../src-shared/api/eigenJob.js';
import { tempDirs } from '../../support/tempDirs.js';

const work = tempDirs('latentrad-eigen-placement-')();
const ctx = createAppContext({ dataDir: work, host: { kind: 'cli' } });
const dispatch = createAppDispatcher(ctx);
const client = createLocalClient(dispatch, ctx);


/** A 16×16×6 source volume (2 mm slices) and a K×3×16×16 series of its slices 1, 2, 3; position 1 brightens a block with α. */
function writeVolumeSeries(dir: string, alphas: number[]): string {
  mkdirSync(dir, { recursive: true });
  const volumePath = join(dir, 'source.nii.gz');
  writeNifti(volumePath, { dims: [16, 16, 6], data: new Float32Array(16 * 16 * 6).fill(1), affine: [1, 0, 0, -8, 0, 1, 0, -8, 0, 0, 2, 10], description: 'test source' });
  const [K, S, H, W] = [alphas.length, 3, 16, 16];
  const data = new Float32Array(K * S * H * W);
  for (let k = 0; k < K; k++) for (let s = 0; s < S; s++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const inside = y >= 2 && y < 14 && x >= 2 && x < 14;
    const lesion = s === 1 && y >= 6 && y < 9 && x >= 6 && x < 9;
    data[((k * S + s) * H + y) * W + x] = (inside ? 0.3 + 0.4 * Math.sin(x / 2) * Math.cos(y / 3) : -0.9) + (lesion ? 0.05 * alphas[k] : 0);
  }
  writeFileSync(join(dir, 'SERIES.npy'), encodeNpy(data, [K, S, H, W]));
  const positions = [1, 2, 3].map((slice) => ({ item: volumePath, entity: 'volume', axis: 'z', slice: String(slice), subject: 'S1' }));
  writeFileSync(join(dir, 'SERIES.json'), JSON.stringify({ alphas, alphaUnit: 'sigma', synthetic: true, source: { kind: 'latents', positions } }));
  return join(dir, 'SERIES.npy');
}

test('a known change at slice position 1 maps to its voxels of source slice 2, with the source affine', async () => {
  const series = writeVolumeSeries(join(work, 'vol'), [0, 1, 2, 3]);
  const out = await runEigen(client, { series, components: 2, nifti: true });
  assert.ok(out.result.files.includes('components.nii.gz') && out.result.files.includes('geometry.json'));
  // The analysis says where its positions came from, so the panel can open the source volume with the maps on it.
  assert.deepEqual(out.placement, { source: join(work, 'vol', 'source.nii.gz'), axis: 'z', slices: [1, 2, 3] });
  const nifti = await readNifti(resultFile(work, out.result.id, 'components.nii.gz'));
  assert.deepEqual(nifti.dims.slice(0, 4), [16, 16, 6, 2]);
  assert.deepEqual(Array.from(nifti.affine.slice(0, 12)), [1, 0, 0, -8, 0, 1, 0, -8, 0, 0, 2, 10]);
  // Export marks: maps of a generated series say so in the NIfTI description and in eigen.json.
  assert.match(nifti.description, /^SYNTHETIC-derived LatentRad eigencomponent maps/);
  assert.match((await readNifti(resultFile(work, out.result.id, 'subtraction.nii.gz'))).description, /^SYNTHETIC-derived/);
  assert.equal((JSON.parse(readFileSync(resultFile(work, out.result.id, 'eigen.json'), 'utf8')) as { synthetic: boolean }).synthetic, true);
  const size = 16 * 16 * 6;
  const second = nifti.data.subarray(size, 2 * size);
  let best = 0;
  for (let n = 0; n < size; n++) if (Math.abs(second[n]) > Math.abs(second[best])) best = n;
  const [i, j, k] = [best % 16, Math.floor(best / 16) % 16, Math.floor(best / 256)];
  // Model rows run −y and columns −x (radiological display, as the dataset builder cuts slices): model 6..8 → voxel 15−8..15−6.
  assert.deepEqual([k, i >= 7 && i <= 9, j >= 7 && j <= 9], [2, true, true], `strongest voxel (${i}, ${j}, ${k})`);
  for (const empty of [0, 4, 5]) assert.ok(second.subarray(empty * 256, (empty + 1) * 256).every((v) => v === 0), `slice ${empty} is not a slice position`);
  // The viewer's plane of position 1 (the α = 0 image) sits at slice 2: z = 10 + 2·2 mm.
  const frame = await client.call('pixels.result', { result: out.result.id, file: 'reference.npy', index: 1 });
  assert.equal(frame.geometry.imagePositionPatient?.[2], 14);
  assert.deepEqual(frame.geometry.pixelSpacing, [1, 1]);
});

test('NIfTI maps of a series not cut from a volume are refused, naming the file and the reason', async () => {
  const dir = join(work, 'bare');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'STACK.npy'), encodeNpy(Float32Array.from({ length: 3 * 4 * 4 }, (_, n) => n % 7), [3, 4, 4]));
  const result = await dispatch('eigen.components', { series: join(dir, 'STACK.npy'), alphas: [0, 1, 2], nifti: true });
  assert.equal(result.ok, false);
  assert.match(!result.ok ? result.error.message : '', /STACK\.npy: NIfTI maps need a series cut from one volume/);
});
