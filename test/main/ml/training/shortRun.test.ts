// A short training run on real IXI slices (fixture volumes, tiny network, cpu backend): losses move, the run writes
// its JSONL log, synthetic-marked sample grids and a loadable G_ema model whose samples are not degenerate.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { datasetCreateInputSchema } from '../../../../src-shared/api/datasets.js';
import { trainingConfigSchema } from '../../../../src-shared/api/training.js';
import { buildDataset } from '../../../../src-main/datasets/build.js';
import { decodePng, isSyntheticPng } from '../../../../src-main/io/png.js';
import { setupTfjs } from '../../../../src-main/ml/backends.js';
import { generate, generatorFromArrays } from '../../../../src-main/ml/stylegan2/networks.js';
import { readModelDir } from '../../../../src-main/ml/stylegan2/modelDir.js';
import { runTraining } from '../../../../src-main/ml/training/run.js';
import { loadTrainingImages } from '../../../../src-main/training/images.js';
import { fixturesDir } from '../../../support/data.js';

let dataDir: string;
before(async () => {
  await setupTfjs({ only: 'cpu' });
  dataDir = mkdtempSync(join(tmpdir(), 'latentrad-train-'));
  await buildDataset(dataDir, datasetCreateInputSchema.parse({ name: 'ixi', source: { kind: 'files', paths: [join(fixturesDir, 'ixi')] }, resolution: 32, sliceRange: [0.45, 0.85], sliceStep: 2 }));
});
after(() => rmSync(dataDir, { recursive: true, force: true }));

test('a few iterations on real slices move the losses and leave a usable, non-degenerate G_ema', async () => {
  const config = trainingConfigSchema.parse({
    dataset: 'ixi',
    resolution: 32,
    kimg: 0.04,
    batch: 4,
    out: 'tiny',
    network: { zDim: 16, wDim: 16, mappingLayers: 2, channelBase: 64, channelMax: 8, mbstdGroupSize: 2 },
    r1Interval: 4,
    snapshotKimg: 0.02,
    logKimg: 0.008,
    lrG: 0.01,
    lrD: 0.01,
  });
  const progress: number[] = [];
  const result = await runTraining(dataDir, config, await loadTrainingImages(dataDir, 'ixi'), false, { progress: (p) => progress.push(p.lossG, p.lossD) });
  assert.equal(result.outcome, 'done');
  assert.equal(result.step, 10);
  assert.ok(progress.every(Number.isFinite));
  assert.ok(new Set(progress.map((v) => v.toFixed(4))).size > 4, `losses move: ${progress.map((v) => v.toFixed(3)).join(' ')}`);

  const runDir = join(dataDir, 'training', 'tiny');
  const log = (await readFile(join(runDir, 'log.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { event: string });
  assert.deepEqual([log[0].event, log.at(-1)?.event], ['start', 'done']);
  assert.ok(log.filter((l) => l.event === 'progress').length >= 5);
  const grids = readdirSync(join(runDir, 'grids'));
  assert.equal(grids.length, 2, `a grid at 0.02 kimg and at the end: ${grids.join(', ')}`);
  const grid = decodePng(await readFile(join(runDir, 'grids', grids[1])));
  assert.ok(isSyntheticPng(grid), 'sample grids are marked synthetic');
  assert.deepEqual([grid.width, grid.height], [8 * 32, 4 * 32]);

  const model = await readModelDir(result.modelDir!);
  assert.equal(model.manifest.provenance.source, 'latentrad-training');
  const G = generatorFromArrays(model.config, model.generator, 'test');
  const images = tf.tidy(() => generate(G, tf.randomNormal([4, 16], 0, 1, 'float32', 1) as tf.Tensor2D, { noiseMode: 'const' }));
  const pixels = images.dataSync();
  assert.ok(pixels.every(Number.isFinite));
  const perImageStd = tf.tidy(() => tf.moments(images, [1, 2, 3]).variance.sqrt().dataSync());
  assert.ok(Array.from(perImageStd).every((s) => s > 1e-3), `images are not flat: ${Array.from(perImageStd).join(', ')}`);
  const acrossSamples = tf.tidy(() => tf.moments(images, 0).variance.mean().dataSync()[0]);
  assert.ok(acrossSamples > 1e-8, 'different z give different images');
});

test('a second run with the same name is refused; resume continues from the checkpoint to a larger kimg', async () => {
  const base = {
    dataset: 'ixi',
    resolution: 32,
    batch: 4,
    out: 'tiny',
    network: { zDim: 16, wDim: 16, mappingLayers: 2, channelBase: 64, channelMax: 8, mbstdGroupSize: 2 },
    snapshotKimg: 1,
  };
  await assert.rejects(runTraining(dataDir, trainingConfigSchema.parse({ ...base, kimg: 0.04 }), await loadTrainingImages(dataDir, 'ixi'), false), /already exists/);
  const more = await runTraining(dataDir, trainingConfigSchema.parse({ ...base, kimg: 0.048 }), await loadTrainingImages(dataDir, 'ixi'), true);
  assert.equal(more.step, 12, 'two more iterations of batch 4');
  await assert.rejects(runTraining(dataDir, trainingConfigSchema.parse({ ...base, resolution: 64, kimg: 1 }), await loadTrainingImages(dataDir, 'ixi'), true), /64/);
});
