// Times the pieces of one training iteration (G forward, D forward, G step, D step, R1 step) on one backend.
// Usage: node --import tsx scripts/train-profile.ts [backend] [batch] [channelMax]
import * as tf from '@tensorflow/tfjs';
import { trainingConfigSchema } from '../src-shared/api/training.js';
import type { MlBackendName } from '../src-shared/api/system.js';
import { setupTfjs } from '../src-main/ml/backends.js';
import { discriminate, synthesize } from '../src-main/ml/stylegan2/networks.js';
import { broadcastAndTruncate, mapToW } from '../src-main/ml/stylegan2/mapping.js';
import { r1Penalty } from '../src-main/ml/training/losses.js';

const backend = (process.argv[2] ?? 'wasm') as MlBackendName;
const batch = Number(process.argv[3] ?? 8);
const channelMax = Number(process.argv[4] ?? 64);
await setupTfjs({ only: backend });
const { Trainer } = await import('../src-main/ml/training/trainer.js');
const config = trainingConfigSchema.parse({ dataset: 'p', resolution: 64, kimg: 1, batch, out: 'p', network: { zDim: 64, wDim: 64, mappingLayers: 2, channelBase: Number(process.argv[5] ?? channelMax * 32), channelMax } });
const t = Trainer.create(config, 1);
const time = (label: string, f: () => void, n = 2): void => {
  f();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f();
  console.log(`${label.padEnd(12)} ${((performance.now() - t0) / n).toFixed(0)} ms`);
};
const z = tf.randomNormal([batch, 64]) as tf.Tensor2D;
const x = tf.randomNormal([batch, 64, 64, 1]) as tf.Tensor4D;
const gVars = [...t.optG.params.values()];
const dVars = [...t.optD.params.values()];
const G = (): tf.Tensor4D => synthesize(t.G, broadcastAndTruncate(t.G.params, t.netConfig, mapToW(t.G.params, t.netConfig, z)), { noiseMode: 'random', noiseSeed: 1 });
time('G fwd', () => tf.tidy(() => G().dataSync()));
time('D fwd', () => tf.tidy(() => discriminate(t.D, x).dataSync()));
time('G grad', () => tf.tidy(() => { const r = tf.variableGrads(() => tf.mean(discriminate(t.D, G())), gVars); r.value.dataSync(); tf.dispose(Object.values(r.grads)); }));
time('D grad', () => tf.tidy(() => { const r = tf.variableGrads(() => tf.mean(discriminate(t.D, x)), dVars); r.value.dataSync(); tf.dispose(Object.values(r.grads)); }));
time('R1 grad', () => tf.tidy(() => { const r = tf.variableGrads(() => tf.mean(r1Penalty((y) => discriminate(t.D, y), x)), dVars); r.value.dataSync(); tf.dispose(Object.values(r.grads)); }), 1);
console.log('tensors', tf.memory().numTensors, 'bytes', tf.memory().numBytes);
