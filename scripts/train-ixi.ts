// Trains the IXI T1 model (64×64 axial slices) in this process, resumable; used for assets/models/ixi-t1-64.
// Usage: node --import tsx scripts/train-ixi.ts DATA_DIR [--resume] [--kimg N] [--backend onnx] [--snapshot-kimg N] [--config first|reference]
// --backend onnx: training steps on onnxruntime with every core (same weights and checkpoints).
// --config reference (issue 17): the 130 subjects of the NVlabs reference's train.txt only (its 20 held-out subjects
// are never seen) and its network (channel base 2048, max 128, z = w = 128), so both models compare on equal terms;
// `first`: the first export's configuration (all 150 subjects, base 1024, max 64, z = w = 64).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetCreateInputSchema } from '../src-shared/api/datasets.js';
import { trainingConfigSchema } from '../src-shared/api/training.js';
import { buildDataset } from '../src-main/datasets/build.js';
import { setupTfjs } from '../src-main/ml/backends.js';
import { parseTrainingArgs } from './training/args.js';
import { trainInProcess } from './training/trainInProcess.js';

const { dataDir, resume, kimg, onnx, snapshotKimg } = parseTrainingArgs('train-ixi.ts', process.argv.slice(2), 40);
const shared = process.env.LATENTRAD_SHARED_DATA ?? '/work/shared/data';
const ixi = join(shared, 'ixi');
const configArg = process.argv.indexOf('--config');
const preset = configArg > 0 ? process.argv[configArg + 1] : 'first';
if (preset !== 'first' && preset !== 'reference') throw new Error(`train-ixi.ts: --config ${preset} is not one of first, reference`);
const datasetName = preset === 'reference' ? 'ixi-t1-axial-64-train130' : 'ixi-t1-axial-64';
const trainList = join(shared, 'models', 'ixi-t1-64-nvlabs', 'train.txt');
const sourcePaths = preset === 'reference'
  ? readFileSync(trainList, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean).map((f) => join(ixi, f))
  : [ixi];
const network = preset === 'reference'
  ? { zDim: 128, wDim: 128, mappingLayers: 2, channelBase: 2048, channelMax: 128, mbstdGroupSize: 4 }
  : { zDim: 64, wDim: 64, mappingLayers: 2, channelBase: 1024, channelMax: 64, mbstdGroupSize: 4 };

if (!existsSync(join(dataDir, 'datasets', datasetName, 'dataset.json'))) {
  const info = await buildDataset(
    dataDir,
    datasetCreateInputSchema.parse({
      name: datasetName,
      source: { kind: 'files', paths: sourcePaths },
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
console.log(`backend ${onnx ? `onnx (weights on tfjs ${setup.backend})` : setup.backend} (simd ${setup.simd})`);
const config = trainingConfigSchema.parse({
  dataset: datasetName,
  resolution: 64,
  kimg,
  batch: 8,
  out: 'ixi-t1-64',
  seed: 0,
  network,
  ada: { enabled: true, target: 0.6, interval: 4, kimg: 100 },
  snapshotKimg: snapshotKimg ?? 1,
  logKimg: 0.1,
  ...(onnx ? { backend: 'onnx' } : {}),
});
await trainInProcess(dataDir, config, resume);
