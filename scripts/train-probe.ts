// Measures training iterations per second for a few small configs on this machine (to size the first model).
// Usage: node --import tsx scripts/train-probe.ts [backend] [steps]
import * as tf from '@tensorflow/tfjs';
import { trainingConfigSchema } from '../src-shared/api/training.js';
import { setupTfjs } from '../src-main/ml/backends.js';
import { Trainer } from '../src-main/ml/training/trainer.js';
import type { MlBackendName } from '../src-shared/api/system.js';

const backend = (process.argv[2] ?? 'wasm') as MlBackendName;
const steps = Number(process.argv[3] ?? 6);
await setupTfjs({ only: backend });
const res = 64;
const configs = [
  { batch: 8, channelMax: 64, channelBase: 2048, mappingLayers: 2, zDim: 64, wDim: 64 },
  { batch: 8, channelMax: 128, channelBase: 4096, mappingLayers: 2, zDim: 128, wDim: 128 },
  { batch: 16, channelMax: 64, channelBase: 2048, mappingLayers: 2, zDim: 64, wDim: 64 },
];
const count = 64;
const images = new Uint8Array(count * res * res).map((_, i) => (i * 37) % 256);
for (const c of configs) {
  const config = trainingConfigSchema.parse({
    dataset: 'probe', resolution: res, kimg: 1, batch: c.batch, out: 'probe',
    network: { zDim: c.zDim, wDim: c.wDim, mappingLayers: c.mappingLayers, channelBase: c.channelBase, channelMax: c.channelMax },
    r1Interval: 4,
  });
  const trainer = Trainer.create(config, 1);
  trainer.ada.p = 0.2;
  const data = { images, count, channels: 1, resolution: res };
  trainer.trainStep(data);
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) trainer.trainStep(data);
  const sec = (performance.now() - t0) / 1000;
  console.log(`${tf.getBackend()} ${JSON.stringify(c)}: ${(steps / sec).toFixed(3)} it/s, ${((steps * c.batch) / sec).toFixed(1)} img/s, tensors ${tf.memory().numTensors}`);
  trainer.dispose();
}
