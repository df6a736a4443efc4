// Pause/resume: a run checkpointed mid-way and continued in fresh objects produces bit-identical weights, optimiser
// state, ADA p and RNG state to an uninterrupted run (R1, augmentation, style mixing, mirror and noise all active).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { trainingConfigSchema } from '../../../../src-shared/api/training.js';
import { setupTfjs } from '../../../../src-main/ml/backends.js';
import { loadCheckpoint, saveCheckpoint } from '../../../../src-main/ml/training/checkpoint.js';
import { Trainer } from '../../../../src-main/ml/training/trainer.js';
import type { TrainingImages } from '../../../../src-main/ml/training/trainer.js';

let dir: string;
before(async () => {
  await setupTfjs({ only: 'cpu' });
  dir = mkdtempSync(join(tmpdir(), 'latentrad-resume-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const config = trainingConfigSchema.parse({
  dataset: 'synthetic',
  resolution: 16,
  kimg: 1,
  batch: 4,
  out: 'resume-test',
  seed: 3,
  network: { zDim: 8, wDim: 8, mappingLayers: 2, channelBase: 32, channelMax: 4, mbstdGroupSize: 2 },
  r1Interval: 2,
  ada: { enabled: true, target: 0.6, interval: 1, kimg: 0.01 },
});

const data: TrainingImages = { images: Uint8Array.from({ length: 6 * 16 * 16 }, (_, i) => (i * 7919) % 256), count: 6, channels: 1, resolution: 16 };

async function snapshot(t: Trainer): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const [prefix, vars] of [['G', t.G.params], ['D', t.D.params], ['G_ema', t.Gema.params], ['mG', t.optG.m], ['vD', t.optD.v]] as const) {
    for (const [name, v] of vars) out[`${prefix}.${name}`] = Array.from(await v.data());
  }
  out.meta = [t.step, t.nimg, t.ada.p, t.optG.step, t.optD.step, ...t.rng.state().s];
  return out;
}

test('resuming from a checkpoint continues exactly like an uninterrupted run', async () => {
  const straight = Trainer.create(config, 1);
  straight.ada.p = 0.5; // so the augmentation pipeline really runs
  const interrupted = Trainer.create(config, 1);
  interrupted.ada.p = 0.5;
  for (let i = 0; i < 3; i++) {
    straight.trainStep(data);
    interrupted.trainStep(data);
  }
  await saveCheckpoint(join(dir, 'checkpoint'), interrupted, 1, 12.5);
  interrupted.dispose();
  const { trainer: resumed, state } = await loadCheckpoint(join(dir, 'checkpoint'));
  assert.equal(state.step, 3);
  assert.equal(state.elapsedSeconds, 12.5);
  const lossesStraight: number[] = [];
  const lossesResumed: number[] = [];
  for (let i = 0; i < 3; i++) {
    lossesStraight.push(straight.trainStep(data).lossD);
    lossesResumed.push(resumed.trainStep(data).lossD);
  }
  assert.deepEqual(lossesResumed, lossesStraight);
  const a = await snapshot(straight);
  const b = await snapshot(resumed);
  assert.deepEqual(Object.keys(b), Object.keys(a));
  for (const key of Object.keys(a)) assert.deepEqual(b[key], a[key], `${key} differs after resuming`);
  // The checkpoint must actually matter: a fresh trainer does not reproduce the continuation.
  const fresh = Trainer.create(config, 1);
  fresh.trainStep(data);
  assert.notDeepEqual((await snapshot(fresh))['G.synthesis.b16.torgb.bias'], a['G.synthesis.b16.torgb.bias']);
  for (const t of [straight, resumed, fresh]) t.dispose();
});

test('a damaged checkpoint is refused with a message naming it', async () => {
  const { writeFile, mkdir } = await import('node:fs/promises');
  const bad = join(dir, 'bad');
  await mkdir(bad, { recursive: true });
  await writeFile(join(bad, 'state.json'), '{"version": 1}');
  await assert.rejects(loadCheckpoint(bad), (e: Error) => e.message.includes(bad) && e.message.includes('checkpoint'));
});
