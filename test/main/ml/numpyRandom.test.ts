// NumpyRandomState reproduces numpy.random.RandomState(seed).randn exactly (values printed by NumPy 2).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NumpyRandomState, nvlabsSeedZ } from '../../../src-main/ml/numpyRandom.js';

const expected: Record<number, number[]> = {
  0: [1.764052345967664, 0.4001572083672233, 0.9787379841057392, 2.240893199201458, 1.8675579901499675],
  1: [1.6243453636632417, -0.6117564136500754, -0.5281717522634557, -1.0729686221561705, 0.8654076293246785],
  42: [0.4967141530112327, -0.13826430117118466, 0.6476885381006925, 1.5230298564080254, -0.23415337472333597],
  4294967295: [0.6484086742306527, 0.6693235306338161, -1.0805437227474493, 0.2845010447986309, 0.11388773652167104],
};

for (const [seed, values] of Object.entries(expected)) {
  test(`randn for seed ${seed} equals NumPy's bit for bit`, () => {
    assert.deepEqual(Array.from(new NumpyRandomState(Number(seed)).randn(5)), values);
  });
}

test('randn stays exact past the first 624-word twist (seed 7, values 698..700)', () => {
  assert.deepEqual(Array.from(new NumpyRandomState(7).randn(700)).slice(-3), [-1.5546846890803145, 0.3761601984027995, -0.49664691317351306]);
});

test('nvlabsSeedZ gives float32 z of the requested size; bad seeds are refused', () => {
  const z = nvlabsSeedZ(0, 3);
  assert.ok(z instanceof Float32Array);
  assert.equal(z[0], Math.fround(1.764052345967664));
  assert.throws(() => new NumpyRandomState(-1), /seed must be/);
  assert.throws(() => new NumpyRandomState(2 ** 32), /seed must be/);
});
