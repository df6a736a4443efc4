// A short encoder training (120 synthetic-cycle updates of batch 8, W space, on the 32 px NVlabs reference
// generator): the synthetic-cycle loss falls by at least half, and E(G(w)) lands closer to its own w than to the
// codes of other seeds. The proof that training works, kept small: the real cycle's update is left out here
// (trainer.test.ts proves it reaches every layer of E and leaves G alone; the jobs test runs both cycles). Seeded,
// so the run is the same every time on the wasm backend (first 10 ≈ 4.1, last 10 ≈ 1.9).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setupTfjs } from '../../../../src-main/ml/backends.js';
import type { FrozenGenerator } from '../../../../src-main/ml/encoder/trainer.js';
import { Rng } from '../../../../src-main/ml/stylegan2/random.js';
import { config, frozenGenerator, generatorImages, makeTrainer } from './fixture.js';

let gen: FrozenGenerator;
before(async () => {
  await setupTfjs({ only: 'wasm' });
  gen = frozenGenerator();
});
after(async () => gen.G.release());

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

test('120 synthetic-cycle updates halve the loss and E(G(w)) is nearest its own w', async () => {
  const t = makeTrainer(gen, await generatorImages(gen, 8, 1000), { learningRate: 0.002, space: 'w', batch: 8 });
  const losses: number[] = [];
  for (let i = 0; i < 120; i++) losses.push((await t.syntheticStep()).total);
  const [first, last] = [mean(losses.slice(0, 10)), mean(losses.slice(-10))];
  assert.ok(last <= first / 2, `synthetic loss ${first.toFixed(3)} → ${last.toFixed(3)}`);

  const n = 8;
  const ws = await gen.G.mapZ(new Rng(77).normalArray(n * config.zDim), n);
  const codes = t.encodeImages(await gen.G.synthesize(ws, n, 'const'), n);
  const row = gen.G.numWs * config.wDim;
  const distance = (i: number, j: number): number => {
    let s = 0;
    for (let k = 0; k < row; k++) s += (codes[i * row + k] - ws[j * row + k]) ** 2;
    return Math.sqrt(s);
  };
  let nearestOwn = 0;
  const own: number[] = [];
  const others: number[] = [];
  for (let i = 0; i < n; i++) {
    const rest = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i).map((j) => distance(i, j));
    own.push(distance(i, i));
    others.push(mean(rest));
    if (distance(i, i) < Math.min(...rest)) nearestOwn += 1;
  }
  assert.ok(mean(own) < mean(others), `mean distance to own w ${mean(own).toFixed(3)}, to other seeds' w ${mean(others).toFixed(3)}`);
  assert.ok(nearestOwn >= n / 2, `E(G(w)) nearest its own w for only ${nearestOwn} of ${n} images`);
  t.dispose();
});
