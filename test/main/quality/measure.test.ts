// Proves a quality row end to end with the embedded model: a model compared with its own images (patches drawn at
// other random places, so not 0) scores below half of the same images against noise at every level, the held-out rows are the projection's own SSIM/MSE for the named subject's middle slice,
// and kimg comes from model.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sampleImageStack } from '../../../src-shared/analysis/imageSample.js';
import { swdReport } from '../../../src-shared/analysis/swd.js';
import { seededRandom } from '../../../src-shared/analysis/vectors.js';
import { decodeNpy } from '../../../src-shared/io/npy.js';
import { openRuntime } from '../../../src-main/cli/runtime.js';
import type { CliRuntime } from '../../../src-main/cli/runtime.js';
import { resultFile } from '../../../src-main/results/store.js';
import { holdoutRows, measureQuality } from '../../../src-main/quality/measure.js';
import { fixturesDir, repoRoot } from '../../support/data.js';
import { tempDirs } from '../../support/tempDirs.js';

const temp = tempDirs('latentrad-quality-');
let rt: CliRuntime;
const model = join(repoRoot, 'assets', 'models', 'ixi-t1-64');

before(() => {
  rt = openRuntime({ dataDir: temp() });
});
after(() => rt.close());

test('a model against its own images: SWD below half of noise per level; held-out rows from the projection; kimg from model.json', async () => {
  const seeds = Array.from({ length: 12 }, (_, i) => i);
  const own = await rt.client.call('models.generate', { model, seeds, psi: 1, cutoff: null, noiseMode: 'const', format: 'npy' });
  const volume = join(fixturesDir, 'ixi', 'IXI012-HH-1211_T1.nii.gz');
  const row = await measureQuality(rt.client, rt.ctx.dataDir, {
    model,
    realsPath: resultFile(rt.ctx.dataDir, own.result.id, 'images.npy'),
    holdout: [volume],
    swdImages: 12,
    steps: 3,
    batch: 1,
    seed: 0,
  });
  assert.equal(row.kimg, 23);
  assert.equal(row.swd.images, 12);
  assert.deepEqual(row.swd.levels.map((l) => l.resolution), [64, 32, 16, 8]);
  const ownImages = sampleImageStack(decodeNpy(new Uint8Array(readFileSync(resultFile(rt.ctx.dataDir, own.result.id, 'images.npy')))), 12, 1, 'own');
  const random = seededRandom(5);
  const noise = { ...ownImages, data: Float32Array.from(ownImages.data, () => 2 * random() - 1) };
  const againstNoise = swdReport(ownImages, noise, { seed: 0 });
  row.swd.levels.forEach((level, i) => assert.ok(level.swd < againstNoise.levels[i].swd / 2, `level ${level.resolution}: ${level.swd} vs noise ${againstNoise.levels[i].swd}`));
  assert.equal(row.holdout.subjects, 1);
  const [r] = row.holdout.rows;
  assert.equal(r.subject, 'IXI012-HH-1211');
  assert.ok(r.ssim > -1 && r.ssim < 1 && r.mse > 0);
  assert.equal(row.holdout.meanSsim, r.ssim);
  assert.equal(row.holdout.learningRate, 0.025);
  assert.match(row.model.generatorSha256 ?? '', /^[0-9a-f]{64}$/);
});

test('a projection summary without rows is an error naming the result', () => {
  assert.throws(() => holdoutRows({ rows: [] }, 'projection-x'), /projection-x: its summary lists no images/);
  assert.throws(() => holdoutRows({ rows: [{ subject: 's', slice: 1 }] }, 'projection-y'), /projection-y: row 0 has no SSIM/);
});

test('a 2D image (a chest film) has no slice: its row keeps slice null', () => {
  assert.deepEqual(holdoutRows({ rows: [{ subject: 'IM-0127-0001', slice: null, ssim: 0.76, mse: 0.01 }] }, 'projection-z'), [{ subject: 'IM-0127-0001', slice: null, ssim: 0.76, mse: 0.01 }]);
});
