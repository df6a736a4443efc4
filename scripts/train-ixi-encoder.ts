// Trains the shipped encoder for the embedded IXI model (assets/models/ixi-t1-64) on the slices of the 130 IXI
// subjects the reference split trains on (held-out list: ../shared/data/models/ixi-t1-64-nvlabs/holdout.txt), in
// this process, resumable (SIGTERM/SIGINT pause at the next iteration with a checkpoint).
// Usage: node --import tsx scripts/train-ixi-encoder.ts DATA_DIR [--resume] [--kimg N] [--space w|wplus] [--lr R]
//   [--init ENCODER_DIR]   (a fresh run starting from a finished encoder's weights, e.g. the shipped one)
//   [--model MODEL_DIR]    (the generator, assets/models/ixi-t1-64 by default; assets/models/ixi-t1-64-train130 was
//                          trained on the same 130 subjects with the same slice settings, so the split is the same)
import { join } from 'node:path';
import { encoderTrainingSchema } from '../src-shared/api/encoderSettings.js';
import { setupTfjs } from '../src-main/ml/backends.js';
import { readEncoderDir } from '../src-main/ml/encoder/encoderDir.js';
import { runEncoderTraining } from '../src-main/ml/encoder/run.js';
import { readModelDir } from '../src-main/ml/stylegan2/modelDir.js';
import { ixiEncoderData, ixiEncoderDataset } from './ixi-encoder-data.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: train-ixi-encoder.ts DATA_DIR [--resume] [--kimg N] [--space w|wplus] [--lr R] [--seed N] [--init ENCODER_DIR] [--name RUN]');
const arg = (name: string): string | undefined => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const shared = process.env.LATENTRAD_SHARED_DATA ?? '/work/shared/data';
const dataset = ixiEncoderDataset;
const modelDir = arg('--model') ?? 'assets/models/ixi-t1-64';
const modelName = (await readModelDir(modelDir)).manifest.name;

const { loaded, train: keep, pick, holdoutFiles } = await ixiEncoderData(dataDir, shared);
const real = pick(keep);
console.log(`training slices: ${keep.length} of ${loaded.items.length} (${holdoutFiles.length} held-out subjects excluded)`);

const setup = await setupTfjs({ only: 'wasm' });
console.log(`backend ${setup.backend} (simd ${setup.simd})`);
const settings = encoderTrainingSchema.parse({ space: arg('--space') ?? 'wplus', kimg: Number(arg('--kimg') ?? 20), batch: 8, seed: Number(arg('--seed') ?? 0), learningRate: Number(arg('--lr') ?? 0.0005), checkpointEvery: 25 });
const initDir = arg('--init');
const init = initDir ? await readEncoderDir(initDir) : null;
if (init) console.log(`starting from ${initDir} (${init.manifest.training.iterations} iterations)`);
const runName = arg('--name') ?? `${modelName}-${settings.space}`;
let stopping: 'pause' | null = null;
process.on('SIGTERM', () => (stopping = 'pause'));
process.on('SIGINT', () => (stopping = 'pause'));
const outcome = await runEncoderTraining(
  {
    runDir: join(dataDir, 'encoder-runs', runName),
    modelDir,
    model: { id: modelName, name: modelName },
    settings,
    real: { data: real, count: keep.length, dataset: `${dataset} (130 training subjects; holdout.txt excluded)` },
    outDir: join(dataDir, 'encoders', runName),
    name: modelName,
    resume: process.argv.includes('--resume'),
    threads: 2,
    ...(init ? { initParams: init.params, initFrom: `${init.manifest.name} (${init.manifest.training.iterations} iterations, ${init.manifest.created})` } : {}),
  },
  {
    progress: (p) => {
      if (p.iteration % 5 === 0) console.log(`it ${p.iteration}/${p.iterations} synthetic ${p.losses.synthetic.total.toFixed(3)} real ${p.losses.real.total.toFixed(3)} ${p.imagesPerSecond.toFixed(2)} img/s eta ${((p.etaSeconds ?? 0) / 60).toFixed(0)} min`);
    },
    shouldStop: () => stopping,
  },
);
console.log(JSON.stringify(outcome.state === 'done' ? { state: 'done', training: outcome.manifest.training } : outcome));
