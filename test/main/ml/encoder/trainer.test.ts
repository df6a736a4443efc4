// Encoder training steps: gradients reach E only (G's weights and outputs unchanged after a step), a run resumed
// from a checkpoint continues bit-identically, and inputs that do not fit the generator are refused clearly.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { encoderTrainingSchema } from '../../../../src-shared/api/encoderSettings.js';
import { setupTfjs } from '../../../../src-main/ml/backends.js';
import { loadEncoderCheckpoint, saveEncoderCheckpoint } from '../../../../src-main/ml/encoder/checkpoint.js';
import { defaultArchitecture } from '../../../../src-main/ml/encoder/architecture.js';
import { EncoderTrainer } from '../../../../src-main/ml/encoder/trainer.js';
import type { FrozenGenerator } from '../../../../src-main/ml/encoder/trainer.js';
import { Rng } from '../../../../src-main/ml/stylegan2/random.js';
import { config, frozenGenerator, generatorImages, makeTrainer, weights } from './fixture.js';

let gen: FrozenGenerator;
let real: { data: Float32Array; count: number };
const temp = mkdtempSync(join(tmpdir(), 'encoder-trainer-'));

before(async () => {
  await setupTfjs({ only: 'wasm' });
  gen = frozenGenerator();
  real = await generatorImages(gen, 16, 1000);
});
after(async () => {
  await gen.G.release();
  rmSync(temp, { recursive: true, force: true });
});

const snapshot = (t: EncoderTrainer): Map<string, Float32Array> => new Map([...t.params].map(([k, v]) => [k, v.dataSync() as Float32Array]));

test('a training iteration changes every layer of E and leaves the generator untouched', async () => {
  const before = new Map([...weights].map(([k, v]) => [k, Float32Array.from(v.data)]));
  const ws = await gen.G.mapZ(new Rng(5).normalArray(2 * config.zDim), 2);
  const imageBefore = await gen.G.synthesize(ws, 2, 'const');
  const t = makeTrainer(gen, real);
  const initial = snapshot(t);
  const losses = await t.step();
  assert.ok(losses.synthetic.latent > 0 && losses.synthetic.image > 0 && losses.synthetic.content > 0, JSON.stringify(losses.synthetic));
  assert.ok(losses.real.image > 0 && losses.real.content > 0 && losses.real.latent === 0, JSON.stringify(losses.real));
  for (const [name, value] of snapshot(t)) assert.notDeepEqual(value, initial.get(name), `E parameter ${name} did not change`);
  for (const [name, value] of weights) assert.deepEqual(value.data, before.get(name), `G parameter ${name} changed`);
  assert.deepEqual(await gen.G.synthesize(ws, 2, 'const'), imageBefore);
  t.dispose();
});

test('resuming from a checkpoint continues bit-identically (parameters, Adam state, RNG, losses)', async () => {
  const straight = makeTrainer(gen, real);
  const straightLosses = [];
  for (let i = 0; i < 3; i++) straightLosses.push(await straight.step());
  const first = makeTrainer(gen, real);
  await first.step();
  await saveEncoderCheckpoint(join(temp, 'ckpt'), first, { elapsedSeconds: 1, log: [] });
  first.dispose();
  const resumed = makeTrainer(gen, real);
  const state = await loadEncoderCheckpoint(join(temp, 'ckpt'), resumed);
  assert.equal(state.iteration, 1);
  const resumedLosses = [await resumed.step(), await resumed.step()];
  assert.deepEqual(resumedLosses, straightLosses.slice(1));
  assert.equal(resumed.iteration, 3);
  const a = snapshot(straight);
  for (const [name, value] of snapshot(resumed)) assert.deepEqual(value, a.get(name), `${name} differs after resume`);
  straight.dispose();
  resumed.dispose();
});

test('an encoder that does not fit the generator, or real images of the wrong size, are refused', () => {
  const settings = encoderTrainingSchema.parse({ batch: 2 });
  const arch = defaultArchitecture({ resolution: 64, channels: 1, numWs: 10, wDim: 48 }, 'wplus');
  assert.throws(() => new EncoderTrainer(arch, settings, gen, real), /does not fit the generator \(1×32², 8×48\)/);
  const fits = defaultArchitecture({ resolution: 32, channels: 1, numWs: 8, wDim: 48 }, 'w');
  assert.throws(() => new EncoderTrainer(fits, settings, gen, { data: new Float32Array(10), count: 1 }), /real images: 10 values is not 1 × 1024/);
  assert.throws(() => defaultArchitecture({ resolution: 48, channels: 1, numWs: 8, wDim: 48 }, 'w'), /resolution 48 is not 4·2\^k/);
});

test('a checkpoint that is not one, or is of another architecture, is refused naming the folder', async () => {
  const bad = join(temp, 'bad');
  rmSync(bad, { recursive: true, force: true });
  const t = makeTrainer(gen, real);
  await assert.rejects(loadEncoderCheckpoint(bad, t), /bad\.old: not a usable encoder checkpoint/);
  const other = makeTrainer(gen, real, { space: 'w' });
  await saveEncoderCheckpoint(join(temp, 'w'), other, { elapsedSeconds: 0, log: [] });
  await assert.rejects(loadEncoderCheckpoint(join(temp, 'w'), t), /E\.out\.weight is missing or has the wrong shape/);
  writeFileSync(join(temp, 'w', 'state.json'), '{"version": 2}');
  await assert.rejects(loadEncoderCheckpoint(join(temp, 'w'), t), /not a usable encoder checkpoint \(state\.json/);
  t.dispose();
  other.dispose();
});
