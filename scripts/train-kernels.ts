// Which tfjs kernels one training iteration spends its time in (tf.profile), for the real first-model config.
// Usage: node --import tsx scripts/train-kernels.ts [backend]
import * as tf from '@tensorflow/tfjs';
import { trainingConfigSchema } from '../src-shared/api/training.js';
import type { MlBackendName } from '../src-shared/api/system.js';
import { setupTfjs } from '../src-main/ml/backends.js';

await setupTfjs({ only: (process.argv[2] ?? 'wasm') as MlBackendName });
const { Trainer } = await import('../src-main/ml/training/trainer.js');
const config = trainingConfigSchema.parse({ dataset: 'p', resolution: 64, kimg: 1, batch: 8, out: 'p', r1Interval: 1, network: { zDim: 64, wDim: 64, mappingLayers: 2, channelBase: 1024, channelMax: 64 } });
const t = Trainer.create(config, 1);
t.ada.p = 0.05;
const data = { images: Uint8Array.from({ length: 16 * 64 * 64 }, (_, i) => (i * 31) % 256), count: 16, channels: 1, resolution: 64 };
t.trainStep(data);
t.step = 1; // no R1 in the profiled step (r1Interval 1 would run it every step: profile it separately below)
const info = await tf.profile(() => {
  t.step = 1;
  t.trainStep(data);
});
const byKernel = new Map<string, { ms: number; n: number }>();
for (const k of info.kernels) {
  const e = byKernel.get(k.name) ?? { ms: 0, n: 0 };
  e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
  e.n += 1;
  byKernel.set(k.name, e);
}
const rows = [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15);
for (const [name, e] of rows) console.log(`${name.padEnd(28)} ${e.ms.toFixed(0).padStart(7)} ms  ${String(e.n).padStart(5)} calls`);
