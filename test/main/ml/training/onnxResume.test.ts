// The onnx backend (training steps on onnxruntime): a run checkpointed mid-way and continued in fresh objects is
// bit-identical to an uninterrupted one (weights, G_ema, Adam moments, counters, RNG), with R1, augmentation,
// style mixing, mirror and noise active; and its checkpoints are the tfjs trainer's format (a tfjs trainer resumes
// one). One onnxruntime thread: results must not depend on how work is split between threads.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { trainingConfigSchema } from '../../../../src-shared/api/training.js';
import { setupTfjs } from '../../../../src-main/ml/backends.js';
import { loadCheckpoint, saveCheckpoint } from '../../../../src-main/ml/training/checkpoint.js';
import { Trainer } from '../../../../src-main/ml/training/trainer.js';
import { iterate } from '../../../../src-main/ml/training/iterate.js';
import type { TrainingImages } from '../../../../src-main/ml/training/trainer.js';

let dir: string;
before(async () => {
  await setupTfjs({ only: 'cpu' });
  dir = mkdtempSync(join(tmpdir(), 'latentrad-onnx-resume-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const config = trainingConfigSchema.parse({
  dataset: 'synthetic',
  resolution: 16,
  kimg: 1,
  batch: 4,
  out: 'onnx-resume-test',
  seed: 3,
  network: { zDim: 8, wDim: 8, mappingLayers: 2, channelBase: 32, channelMax: 4, mbstdGroupSize: 2 },
  r1Interval: 2,
  ada: { enabled: true, target: 0.6, interval: 1, kimg: 0.01 },
  backend: 'onnx',
});

const data: TrainingImages = { images: Uint8Array.from({ length: 6 * 16 * 16 }, (_, i) => (i * 7919) % 256), count: 6, channels: 1, resolution: 16 };

function create(): Trainer {
  const t = Trainer.create(config, 1);
  t.onnxThreads = 1;
  t.ada.p = 0.5; // so the augmentation pipeline really runs
  return t;
}

async function snapshot(t: Trainer): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const [prefix, vars] of [['G', t.G.params], ['D', t.D.params], ['G_ema', t.Gema.params], ['mG', t.optG.m], ['vD', t.optD.v]] as const) {
    for (const [name, v] of vars) out[`${prefix}.${name}`] = Array.from(await v.data());
  }
  out.meta = [t.step, t.nimg, t.ada.p, t.optG.step, t.optD.step, ...t.rng.state().s];
  return out;
}

test('onnx backend: resuming from a checkpoint continues exactly like an uninterrupted run', async () => {
  const straight = create();
  const interrupted = create();
  for (let i = 0; i < 3; i++) {
    await iterate(straight, data);
    await iterate(interrupted, data);
  }
  await saveCheckpoint(join(dir, 'checkpoint'), interrupted, 1, 3);
  interrupted.dispose();
  const { trainer: resumed, state } = await loadCheckpoint(join(dir, 'checkpoint'));
  resumed.onnxThreads = 1;
  assert.equal(state.config.backend, 'onnx');
  const lossesStraight: number[] = [];
  const lossesResumed: number[] = [];
  for (let i = 0; i < 3; i++) {
    lossesStraight.push((await iterate(straight, data)).lossD);
    lossesResumed.push((await iterate(resumed, data)).lossD);
  }
  assert.deepEqual(lossesResumed, lossesStraight);
  const a = await snapshot(straight);
  const b = await snapshot(resumed);
  for (const key of Object.keys(a)) assert.deepEqual(b[key], a[key], `${key} differs after resuming`);
  // The steps really trained: G moved away from its initialisation.
  const fresh = create();
  assert.notDeepEqual((await snapshot(fresh))['G.synthesis.b16.conv1.weight'], a['G.synthesis.b16.conv1.weight']);
  for (const t of [straight, resumed, fresh]) t.dispose();
});

test('an onnx checkpoint resumes on the tfjs trainer (same format) and trains on', async () => {
  const onnx = create();
  await iterate(onnx, data);
  await saveCheckpoint(join(dir, 'shared'), onnx, 1, 1);
  const { trainer } = await loadCheckpoint(join(dir, 'shared'));
  const before = (await snapshot(trainer))['D.b4.out.weight'];
  assert.deepEqual(before, (await snapshot(onnx))['D.b4.out.weight']);
  const stats = trainer.trainStep(data);
  assert.ok(Number.isFinite(stats.lossG) && Number.isFinite(stats.lossD), 'tfjs step on the onnx checkpoint gives finite losses');
  assert.notDeepEqual((await snapshot(trainer))['D.b4.out.weight'], before);
  onnx.dispose();
  trainer.dispose();
});
