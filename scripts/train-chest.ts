// Trains the chest X-ray model (64×64 paediatric NORMAL/PNEUMONIA films, Kermany et al.) in this process, resumable,
// on every train256 image whose patient is not in assets/models/chest-xray-64/holdout.txt. The dataset keeps the
// class as a label (labels.npy) for conditional use later; the network itself is unconditional, as the IXI one.
// Usage: node --import tsx scripts/train-chest.ts DATA_DIR [--resume] [--kimg N] [--backend onnx] [--snapshot-kimg N]
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetCreateInputSchema } from '../src-shared/api/datasets.js';
import { trainingConfigSchema } from '../src-shared/api/training.js';
import { buildDataset } from '../src-main/datasets/build.js';
import { setupTfjs } from '../src-main/ml/backends.js';
import { parseTrainingArgs } from './training/args.js';
import { trainInProcess } from './training/trainInProcess.js';
import { chestClasses } from './chest/split.js';

const { dataDir, resume, kimg, onnx, snapshotKimg } = parseTrainingArgs('train-chest.ts', process.argv.slice(2), 40);
const root = join(process.env.LATENTRAD_SHARED_DATA ?? '/work/shared/data', 'cxr', 'train256');
const holdoutFile = join(import.meta.dirname, '..', 'assets', 'models', 'chest-xray-64', 'holdout.txt');
const dataset = 'chest-xray-64';

if (!existsSync(join(dataDir, 'datasets', dataset, 'dataset.json'))) {
  const held = new Set(readFileSync(holdoutFile, 'utf8').split('\n').filter((l) => l.length > 0));
  const train = chestClasses.flatMap((cls) => readdirSync(join(root, cls)).filter((f) => /\.png$/i.test(f) && !held.has(`${cls}/${f}`)).map((f) => ({ path: join(root, cls, f), file: f, cls })));
  // The builder matches labels by file name (unique across the two class folders of this set).
  mkdirSync(dataDir, { recursive: true });
  const labelsCsv = join(dataDir, `${dataset}-labels.csv`);
  writeFileSync(labelsCsv, `path,class\n${train.map((t) => `${t.file},${t.cls}`).join('\n')}\n`);
  const info = await buildDataset(
    dataDir,
    datasetCreateInputSchema.parse({
      name: dataset,
      source: { kind: 'files', paths: train.map((t) => t.path) },
      resolution: 64,
      modality: 'image',
      resample: 'area',
      labelsCsv,
    }),
  );
  console.log(`dataset: ${info.count} images of ${info.sourceCount} files, ${info.skipped.length} skipped (held out: ${held.size})`);
}

const setup = await setupTfjs({ only: 'wasm' });
console.log(`backend ${onnx ? `onnx (weights on tfjs ${setup.backend})` : setup.backend} (simd ${setup.simd})`);
const config = trainingConfigSchema.parse({
  dataset,
  resolution: 64,
  kimg,
  batch: 8,
  out: 'chest-xray-64',
  seed: 0,
  network: { zDim: 64, wDim: 64, mappingLayers: 2, channelBase: 1024, channelMax: 64, mbstdGroupSize: 4 },
  ada: { enabled: true, target: 0.6, interval: 4, kimg: 100 },
  snapshotKimg: snapshotKimg ?? 1,
  logKimg: 0.1,
  ...(onnx ? { backend: 'onnx' } : {}),
});
await trainInProcess(dataDir, config, resume);
