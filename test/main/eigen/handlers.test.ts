// eigen.components on files: a bare stack equals NumPy, α values travel with a series in SERIES.json, each slice
// position is analysed on its own and jointly (a known change lands at its position), and marks follow the input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createAppContext } from '../../../src-main/base/context.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { createLocalClient } from '../../../src-main/api/localClient.js';
import { decodePng } from '../../../src-main/io/png.js';
import { hasSyntheticLabel } from '../../support/syntheticLabel.js';
import { resultFile } from '../../../src-main/results/store.js';
import { alphaGrid } from '../../../src-shared/analysis/edit.js';
import { decodeNpy, encodeNpy } from '../../../src-shared/io/npy.js';
import { runEigen } from '../../../src-shared/api/eigenJob.js';
import { analysisFixtures, assertClose, reference } from '../../shared/analysis/referenceData.js';
import { repoRoot } from '../../support/data.js';
import { tempDirs } from '../../support/tempDirs.js';

const work = tempDirs('latentrad-eigen-')();
const ctx = createAppContext({ dataDir: work, host: { kind: 'cli' } });
const dispatch = createAppDispatcher(ctx);
const client = createLocalClient(dispatch, ctx);
const fixture = (name: string): string => join(analysisFixtures, name);
const alphas50 = alphaGrid(0, 50, 15);


test('a bare K×H×W stack with its α values gives NumPy’s eigenvalues; without α values it is refused', async () => {
  const out = await runEigen(client, { series: fixture('eigen_stack.npy'), alphas: alphas50, mask: fixture('eigen_mask.npy'), components: 3 });
  reference.eigen.eigenvalues.slice(0, 3).forEach((v, i) => assertClose(out.positions[0].eigenvalues[i], v, 1e-9, `eigenvalue ${i + 1}`));
  assert.deepEqual(out.imageShape, [1, 24, 20]);
  assert.equal(out.joint, null);
  assert.equal(out.synthetic, false);
  const components = decodeNpy(readFileSync(resultFile(work, out.result.id, 'position_0/components.npy')));
  assert.deepEqual(components.shape, [3, 24, 20]);
  const png = decodePng(readFileSync(resultFile(work, out.result.id, 'position_0/component_2.png')));
  assert.equal(png.text.Synthetic, undefined, 'a map of real images is not marked synthetic');
  assert.ok(!hasSyntheticLabel(png.data, png.width, png.height, png.channels), 'nor labelled in its pixels');
  const refused = await dispatch('eigen.components', { series: fixture('eigen_stack.npy') });
  assert.match(!refused.ok ? refused.error.message : '', /eigen_stack\.npy: a bare stack needs its α values/);
});

/** A K×S×H×W series of a textured square whose position `changed` brightens a block linearly with α. */
function writeSeries(dir: string, alphas: number[], changed: number): void {
  const [K, S, H, W] = [alphas.length, 3, 16, 16];
  const data = new Float32Array(K * S * H * W);
  let seed = 1;
  const noise = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.001;
  for (let k = 0; k < K; k++) {
    for (let s = 0; s < S; s++) {
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const inside = y >= 3 && y < 13 && x >= 3 && x < 13;
          const lesion = s === changed && y >= 6 && y < 9 && x >= 6 && x < 9;
          const texture = 0.3 + 0.4 * Math.sin(x / 2) * Math.cos(y / 3);
          data[((k * S + s) * H + y) * W + x] = (inside ? texture : -0.9) + (lesion ? 0.05 * alphas[k] : 0) + noise();
        }
      }
    }
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'SERIES.npy'), encodeNpy(data, [K, S, H, W]));
  writeFileSync(join(dir, 'SERIES.json'), JSON.stringify({ alphas, alphaUnit: 'sigma', synthetic: true }));
}

test('a K×S×H×W series: α from SERIES.json, each position and jointly, the change mapped to its own position, maps marked synthetic', async () => {
  const dir = join(work, 'series');
  const alphas = [-1, 0, 1, 2, 3];
  writeSeries(dir, alphas, 1);
  const out = await runEigen(client, { series: join(dir, 'SERIES.npy'), components: 3 });
  assert.equal(out.alphaSource, 'SERIES.json');
  assert.deepEqual(out.alphas, alphas);
  assert.equal(out.referenceIndex, 1, 'the α = 0 image is the reference, not the lowest α');
  assert.equal(out.positions.length, 3);
  assert.ok(out.joint);
  assert.equal(out.positions[1].subtraction.fromIndex, 1);
  assert.ok((out.positions[1].polynomial[1].r2 ?? 0) > 0.99, 'component 2 of the changed position is linear in α');
  assert.ok(out.linearCheck.pass);
  const joint = decodeNpy(readFileSync(resultFile(work, out.result.id, 'joint/components.npy')));
  assert.deepEqual(joint.shape, [3, 3, 16, 16]);
  // Component 2's strongest voxel sits in the lesion block of position 1.
  const plane = 16 * 16;
  let best = 0;
  for (let i = 0; i < 3 * plane; i++) if (Math.abs(joint.data[plane * 3 + i]) > Math.abs(joint.data[plane * 3 + best])) best = i;
  const [s, y, x] = [Math.floor(best / plane), Math.floor((best % plane) / 16), best % 16];
  assert.deepEqual([s, y >= 6 && y < 9, x >= 6 && x < 9], [1, true, true]);
  const png = decodePng(readFileSync(resultFile(work, out.result.id, 'position_1/component_2.png')));
  assert.equal(png.text.Synthetic, 'true');
  assert.ok(hasSyntheticLabel(png.data, png.width, png.height, png.channels), 'a map of generated images shows SYNTHETIC in its pixels');
  assert.match(png.text.Description, /derived from SYNTHETIC images/);
  const twice = await dispatch('eigen.components', { series: join(dir, 'SERIES.npy'), alphas: alphas.map((a) => a * 2) });
  assert.match(!twice.ok ? twice.error.message : '', /α values come from SERIES\.json/);
});

test('latentrad eigen reads SERIES.json and prints the R² check; a bare stack without --alphas fails naming the file', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src-main', 'cli', 'main.ts'), '--data-dir', work, ...args], { encoding: 'utf8', cwd: repoRoot });
  const out = join(work, 'cli-eigen');
  const ok = cli('eigen', join(work, 'series', 'SERIES.npy'), '--components', '2', '--out', out);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /component 2 linear in α: R² [\d.]+ → PASS/);
  assert.ok(JSON.parse(readFileSync(join(out, 'eigen.json'), 'utf8')));
  const bare = cli('eigen', fixture('eigen_stack.npy'), '--out', join(work, 'cli-bare'));
  assert.notEqual(bare.status, 0);
  assert.match(bare.stderr, /eigen_stack\.npy: a bare stack needs its α values/);
});

test('a region drawn in the viewer restricts the decomposition: its voxels only, mask.npy equals it, a wrong size is refused at once', async () => {
  const dir = join(work, 'series-region');
  writeSeries(dir, [0, 1, 2, 3], 1);
  const [H, W] = [16, 16];
  // A 4×5 rectangle around the changed block (rows 5–8, columns 5–9), the same on every slice position.
  const data = Array.from({ length: H * W }, (_, i) => (Math.floor(i / W) >= 5 && Math.floor(i / W) < 9 && i % W >= 5 && i % W < 10 ? 1 : 0));
  const region = { kind: 'region' as const, width: W, height: H, data, label: 'Rectangle ROI' };
  const out = await runEigen(client, { series: join(dir, 'SERIES.npy'), components: 3, mask: region });
  for (const p of out.positions) {
    assert.equal(p.voxelCount, 20);
    assert.equal(p.mask.source, 'region drawn in the viewer: Rectangle ROI');
  }
  assert.equal(out.joint?.voxelCount, 60);
  const mask = decodeNpy(readFileSync(resultFile(work, out.result.id, 'mask.npy')));
  assert.deepEqual(mask.shape, [3, H, W]);
  for (let s = 0; s < 3; s++) assert.deepEqual(Array.from(mask.data.subarray(s * H * W, (s + 1) * H * W)), data);
  // Outside the region the maps are zero: the decomposition saw only the drawn voxels.
  const maps = decodeNpy(readFileSync(resultFile(work, out.result.id, 'position_1/components.npy')));
  for (let i = 0; i < H * W; i++) if (!data[i]) assert.equal(maps.data[H * W + i], 0, `component 2 outside the region at ${i}`);
  // One plane per position: position 0 gets its own region.
  const perPosition = [...data.map(() => 0).fill(1, 0, 40), ...data, ...data];
  const own = await runEigen(client, { series: join(dir, 'SERIES.npy'), components: 2, mask: { ...region, positions: 3, data: perPosition } });
  assert.deepEqual(own.positions.map((p) => p.voxelCount), [40, 20, 20]);
  const wrong = await dispatch('eigen.components', { series: join(dir, 'SERIES.npy'), mask: { ...region, width: 8, data: data.slice(0, 128) } });
  assert.match(!wrong.ok ? wrong.error.message : '', /the drawn region is 8×16; the series' images are 16×16/);
  const empty = await dispatch('eigen.components', { series: join(dir, 'SERIES.npy'), mask: { ...region, data: data.map(() => 0) } });
  assert.match(!empty.ok ? empty.error.message : '', /covers no pixel/);
});
