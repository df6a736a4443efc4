// Proves the projector's pure parts follow NVlabs projector.py: the learning-rate ramps and latent-noise decay at
// hand-computed points, PyTorch's Adam update, the noise penalty (value by direct shifts and pooling, gradient by
// finite differences) and the per-step renormalisation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adamState, adamUpdate } from '../../../../src-main/ml/projection/adam.js';
import { projectorSchedule } from '../../../../src-main/ml/projection/constants.js';
import { noisePenalty, renormalise } from '../../../../src-main/ml/projection/noiseRegularizer.js';
import { latentNoiseScaleAt, learningRateAt } from '../../../../src-main/ml/projection/schedule.js';
import { Rng } from '../../../../src-main/ml/stylegan2/random.js';

const close = (a: number, b: number, tol = 1e-9): void => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);

test('the schedule constants are NVlabs projector.py defaults', () => {
  assert.deepEqual(
    { ...projectorSchedule },
    { wAvgSamples: 10000, wAvgSeed: 123, beta1: 0.9, beta2: 0.999, eps: 1e-8, lrRampupLength: 0.05, lrRampdownLength: 0.25, initialNoiseFactor: 0.05, noiseRampLength: 0.75, regularizeNoiseWeight: 1e5, regularizeMinSize: 8 },
  );
});

test('learning rate: 0 at the start, linear to the peak at 5 %, flat, cosine down over the last 25 %', () => {
  const steps = 1000;
  close(learningRateAt(0, steps, 0.1), 0);
  close(learningRateAt(25, steps, 0.1), 0.05); // half-way up the warm-up
  close(learningRateAt(50, steps, 0.1), 0.1);
  close(learningRateAt(500, steps, 0.1), 0.1);
  close(learningRateAt(750, steps, 0.1), 0.1);
  close(learningRateAt(875, steps, 0.1), 0.05); // half-way down: 0.5 − 0.5·cos(π/2)
  close(learningRateAt(1000 - 62.5, steps, 0.1), 0.1 * (0.5 - 0.5 * Math.cos(Math.PI / 4)));
});

test('latent noise: 0.05·w_std at the start, quadratic decay to zero at 75 % of the steps', () => {
  close(latentNoiseScaleAt(0, 1000, 2), 0.1);
  close(latentNoiseScaleAt(375, 1000, 2), 0.1 * 0.25);
  close(latentNoiseScaleAt(750, 1000, 2), 0);
  close(latentNoiseScaleAt(900, 1000, 2), 0);
});

test('Adam update equals PyTorch: the first step moves each parameter by lr·g/(|g|+ε), the second uses bias-corrected moments', () => {
  const p = Float32Array.from([1, -2, 0.5]);
  const g = Float32Array.from([0.3, -0.01, 0]);
  const state = adamState(3);
  adamUpdate(p, g, state, 0.1, 0.9, 0.999, 1e-8);
  close(p[0], 1 - 0.1 * (0.3 / (0.3 + 1e-8)), 1e-6);
  close(p[1], -2 + 0.1 * (0.01 / (0.01 + 1e-8)), 1e-6);
  close(p[2], 0.5, 1e-7);
  const before = p[0];
  adamUpdate(p, Float32Array.from([0.1, 0, 0]), state, 0.1, 0.9, 0.999, 1e-8);
  const m = 0.9 * 0.1 * 0.3 + 0.1 * 0.1;
  const v = 0.999 * 0.001 * 0.09 + 0.001 * 0.01;
  close(p[0], before - (0.1 * (m / (1 - 0.81))) / (Math.sqrt(v / (1 - 0.999 ** 2)) + 1e-8), 1e-5);
});

/** The penalty computed the long way: torch.roll products at each pyramid level, avg-pooling between levels. */
function directPenalty(data: Float64Array, size: number): number {
  let total = 0;
  let level = data;
  let s = size;
  for (;;) {
    let ax = 0;
    let ay = 0;
    for (let r = 0; r < s; r++) {
      for (let c = 0; c < s; c++) {
        ax += level[r * s + c] * level[r * s + ((c - 1 + s) % s)];
        ay += level[r * s + c] * level[((r - 1 + s) % s) * s + c];
      }
    }
    total += (ax / (s * s)) ** 2 + (ay / (s * s)) ** 2;
    if (s <= 8) return total;
    const next = new Float64Array((s / 2) ** 2);
    for (let r = 0; r < s / 2; r++) for (let c = 0; c < s / 2; c++) next[r * (s / 2) + c] = (level[2 * r * s + 2 * c] + level[2 * r * s + 2 * c + 1] + level[(2 * r + 1) * s + 2 * c] + level[(2 * r + 1) * s + 2 * c + 1]) / 4;
    level = next;
    s /= 2;
  }
}

test('noise penalty: the value sums squared auto-correlations over the pyramid down to 8×8, and its gradient matches finite differences', () => {
  const size = 32;
  const rng = new Rng(5);
  // A correlated buffer (cumulative sums along rows) so the penalty is far from zero.
  const data = rng.normalArray(size * size);
  for (let i = 1; i < data.length; i++) if (i % size) data[i] += 0.7 * data[i - 1];
  const { value, gradient } = noisePenalty({ size, data });
  close(value, directPenalty(Float64Array.from(data), size), 1e-6);
  assert.ok(value > 1e-3, `penalty ${value} should be well above zero for a correlated buffer`);
  for (const index of [0, 37, 500, 1023]) {
    const at = (delta: number): number => {
      const moved = Float64Array.from(data);
      moved[index] += delta;
      return directPenalty(moved, size);
    };
    const numeric = (at(1e-4) - at(-1e-4)) / 2e-4;
    close(gradient[index], numeric, 1e-3);
  }
});

test('a 4×4 buffer (the first layer) has one level only', () => {
  const data = new Rng(2).normalArray(16);
  close(noisePenalty({ size: 4, data }).value, directPenalty(Float64Array.from(data), 4), 1e-9);
});

test('renormalisation leaves each buffer with zero mean and unit mean square', () => {
  const data = new Rng(9).normalArray(64, 3).map((v) => v + 2);
  renormalise({ size: 8, data });
  const mean = data.reduce((a, b) => a + b, 0) / data.length;
  const meanSquare = data.reduce((a, b) => a + b * b, 0) / data.length;
  close(mean, 0, 1e-6);
  close(meanSquare, 1, 1e-5);
});
