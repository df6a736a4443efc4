// Trains the first real model (64×64 axial IXI T1 slices) in this process, resumable; used for the committed
// assets/models/ixi-t1-64. Usage: node --import tsx scripts/train-ixi.ts DATA_DIR [--resume] [--kimg N]
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { datasetCreateInputSchema } from '../src-shared/api/datasets.js';
import { trainingConfigSchema } from '../src-shared/api/training.js';
import { buildDataset } from '../src-main/datasets/build.js';
import { setupTfjs } from '../src-main/ml/backends.js';
import { runTraining } from '../src-main/ml/training/run.js';
import { loadTrainingImages } from '../src-main/training/images.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: train-ixi.ts DATA_DIR [--resume] [--kimg N]');
const resume = process.argv.includes('--resume');
const kimgArg = process.argv.indexOf('--kimg');
const kimg = kimgArg > 0 ? Number(process.argv[kimgArg + 1]) : 40;
const ixi = join(process.env.LATENTRAD_SHARED_DATA ?? '/work/shared/data', 'ixi');

if (!existsSync(join(dataDir, 'datasets', 'ixi-t1-axial-64', 'dataset.json'))) {
  const info = await buildDataset(
    dataDir,
    datasetCreateInputSchema.parse({
      name: 'ixi-t1-axial-64',
      source: { kind: 'files', paths: [ixi] },
      resolution: 64,
      axis: 'z',
      sliceRange: [0.45, 0.85],
      sliceStep: 2,
      minForeground: 0.2,
      labelsCsv: join(ixi, 'labels.csv'),
    }),
  );
  console.log(`dataset: ${info.count} slices from ${info.sourceCount} volumes, ${info.skipped.length} skipped`);
}

const setup = await setupTfjs({ only: 'wasm' });
console.log(`backend ${setup.backend} (simd ${setup.simd})`);
const config = trainingConfigSchema.parse({
  dataset: 'ixi-t1-axial-64',
  resolution: 64,
  kimg,
  batch: 8,
  out: 'ixi-t1-64',
  seed: 0,
  network: { zDim: 64, wDim: 64, mappingLayers: 2, channelBase: 1024, channelMax: 64, mbstdGroupSize: 4 },
  ada: { enabled: true, target: 0.6, interval: 4, kimg: 100 },
  snapshotKimg: 1,
  logKimg: 0.1,
});
let stopping: 'pause' | null = null;
process.on('SIGTERM', () => (stopping = 'pause'));
process.on('SIGINT', () => (stopping = 'pause'));
const result = await runTraining(dataDir, config, await loadTrainingImages(dataDir, config.dataset), resume, {
  progress: (p) => console.log(`kimg ${p.kimg.toFixed(2)}/${p.totalKimg} G ${p.lossG.toFixed(3)} D ${p.lossD.toFixed(3)} r1 ${p.r1?.toFixed(3) ?? '-'} p ${p.adaP.toFixed(3)} ${p.imagesPerSecond.toFixed(2)} img/s`),
  shouldStop: () => stopping,
  snapshot: (s) => console.log(`snapshot ${s.kimg.toFixed(1)} kimg: ${s.grid}`),
});
console.log(JSON.stringify(result));
