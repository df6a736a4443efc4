// Proves the projector on a small random generator: the differentiable SSIM equals the analysis module's SSIM, a
// target made by the generator is recovered (distance falls, SSIM high), W codes stay one w per image, optimised
// noise buffers end renormalised while `const` keeps noise_const, and a run is reproducible for a seed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { ssim } from '../../../../src-shared/analysis/ssim.js';
import { setupTfjs } from '../../../../src-main/ml/backends.js';
import { ssimPerImage } from '../../../../src-main/ml/projection/distance.js';
import { project } from '../../../../src-main/ml/projection/projector.js';
import { noiseLayerNames } from '../../../../src-main/ml/projection/noiseNames.js';
import { tfjsProjectionStep } from '../../../../src-main/ml/projection/tfjsStep.js';
import { estimateWStats } from '../../../../src-main/ml/projection/wStats.js';
import { createGenerator, disposeNetwork, mapZ, synthesize, toNchw } from '../../../../src-main/ml/stylegan2/networks.js';
import type { Generator } from '../../../../src-main/ml/stylegan2/networks.js';
import { mapToW } from '../../../../src-main/ml/stylegan2/mapping.js';
import { NumpyRandomState } from '../../../../src-main/ml/numpyRandom.js';
import { param } from '../../../../src-main/ml/stylegan2/params.js';
import { Rng } from '../../../../src-main/ml/stylegan2/random.js';

const small = { resolution: 16, imgChannels: 1, zDim: 8, wDim: 8, mappingLayers: 2, channelBase: 64, channelMax: 8 };
let G: Generator;
let target: Float32Array;

before(async () => {
  await setupTfjs({ only: 'cpu' });
  G = createGenerator(small, 11);
  for (const [name, v] of G.params) if (name.endsWith('noise_strength')) v.assign(tf.scalar(0.1));
  const img = tf.tidy(() => toNchw(synthesize(G, mapZ(G, tf.tensor2d(new Rng(4).normalArray(2 * 8), [2, 8])), { noiseMode: 'const' })));
  target = img.dataSync() as Float32Array;
  img.dispose();
});

after(() => disposeNetwork(G));

test('the differentiable SSIM equals the analysis module (wang2004, data range 1) on the same images', () => {
  const rng = new Rng(3);
  const a = Float32Array.from(rng.normalArray(24 * 24), (v) => 0.5 + 0.15 * v);
  const b = Float32Array.from(a, (v, i) => v + 0.1 * Math.sin(i / 7));
  const ours = tf.tidy(() => ssimPerImage(tf.tensor4d(a, [1, 24, 24, 1]), tf.tensor4d(b, [1, 24, 24, 1])).dataSync()[0]);
  const reference = ssim({ width: 24, height: 24, data: a }, { width: 24, height: 24, data: b }, { variant: 'wang2004', dataRange: 1 }).mean;
  assert.ok(Math.abs(ours - reference) < 1e-4, `${ours} vs ${reference}`);
});

test('w statistics: w_avg is the mean of mapped samples and w_std their RMS distance', () => {
  const stats = estimateWStats(G, 500);
  // The same samples mapped in one tfjs call, reduced with tf.mean: NumPy RandomState(123).randn(500, zDim).
  const z = Float32Array.from(new NumpyRandomState(123).randn(500 * 8));
  const [mean, std] = tf.tidy(() => {
    const w = mapToW(G.params, G.config, tf.tensor2d(z, [500, 8]));
    const m = tf.mean(w, 0);
    return [m.dataSync(), Math.sqrt(tf.sum(tf.square(tf.sub(w, m))).dataSync()[0] / 500)];
  });
  stats.wAvg.forEach((v, j) => assert.ok(Math.abs(v - mean[j]) < 1e-5, `w_avg[${j}] ${v} vs ${mean[j]}`));
  assert.ok(Math.abs(stats.wStd - (std as number)) < 1e-4 * (std as number), `w_std ${stats.wStd} vs ${std}`);
});

test('W+ projection with optimised noise recovers a generated image and leaves each buffer renormalised', async () => {
  const step = tfjsProjectionStep(G, { mse: 1, ssim: 1 });
  const steps: number[] = [];
  const result = await project(step, target, 2, { space: 'wplus', noise: 'optimise', steps: 60, seed: 1, learningRate: 0.05, stats: estimateWStats(G, 500), progress: (p) => steps.push(p.step) });
  step.dispose();
  assert.deepEqual(steps, Array.from({ length: 60 }, (_, i) => i + 1));
  assert.equal(result.stepsDone, 60);
  assert.ok(result.lossCurve[59] < 0.5 * result.lossCurve[0], `distance ${result.lossCurve[0]} → ${result.lossCurve[59]} should fall by half`);
  assert.equal(result.ws.length, 2 * G.numWs * 8);
  assert.equal(result.images.length, target.length);
  for (const [k, layer] of result.noise.layers.entries()) {
    const per = result.noise.sizes[k] ** 2;
    for (let img = 0; img < 2; img++) {
      const part = layer.subarray(img * per, (img + 1) * per);
      const mean = part.reduce((a, b) => a + b, 0) / per;
      const ms = part.reduce((a, b) => a + b * b, 0) / per;
      assert.ok(Math.abs(mean) < 1e-4 && Math.abs(ms - 1) < 1e-3, `layer ${k} image ${img}: mean ${mean}, mean square ${ms}`);
    }
  }
});

test('W projection keeps one w per image (identical across layers); const noise keeps the model noise_const', async () => {
  const step = tfjsProjectionStep(G, { mse: 1, ssim: 0 });
  const result = await project(step, target, 2, { space: 'w', noise: 'const', steps: 10, seed: 1, learningRate: 0.1, stats: estimateWStats(G, 200) });
  step.dispose();
  for (let img = 0; img < 2; img++) {
    const first = result.ws.subarray(img * G.numWs * 8, img * G.numWs * 8 + 8);
    for (let l = 1; l < G.numWs; l++) assert.deepEqual(result.ws.subarray((img * G.numWs + l) * 8, (img * G.numWs + l + 1) * 8), first);
  }
  const names = noiseLayerNames(G);
  assert.equal(result.noise.layers.length, names.length);
  names.forEach((name, k) => assert.deepEqual(result.noise.layers[k], param(G.params, `${name}.noise_const`).dataSync()));
});

test('the same seed gives the same codes; the final images are the generator output for those codes', async () => {
  const run = async (): Promise<Float32Array> => {
    const step = tfjsProjectionStep(G, { mse: 1, ssim: 1 });
    const r = await project(step, target, 2, { space: 'wplus', noise: 'optimise', steps: 5, seed: 7, learningRate: 0.05, stats: estimateWStats(G, 200) });
    const again = await step.synthesize(r.ws, 2, r.noise);
    assert.deepEqual(again, r.images);
    step.dispose();
    return r.ws;
  };
  assert.deepEqual(await run(), await run());
});

test('refinement starts from the given codes (initialWs), not w_avg: W+ takes them as they are, W each image\'s first row', async () => {
  const stats = estimateWStats(G, 200);
  const rowLength = G.numWs * 8;
  const initial = new Rng(5).normalArray(2 * rowLength);
  // The schedule's learning rate is 0 at t = 0, so a one-step run returns its starting point.
  const step = tfjsProjectionStep(G, { mse: 1, ssim: 0 });
  const plus = await project(step, target, 2, { space: 'wplus', noise: 'const', steps: 1, seed: 1, learningRate: 0.05, stats, initialWs: initial });
  assert.deepEqual(plus.ws, initial);
  const w = await project(step, target, 2, { space: 'w', noise: 'const', steps: 1, seed: 1, learningRate: 0.05, stats, initialWs: initial });
  for (let img = 0; img < 2; img++) for (let l = 0; l < G.numWs; l++) assert.deepEqual(w.ws.subarray((img * G.numWs + l) * 8, (img * G.numWs + l + 1) * 8), initial.subarray(img * rowLength, img * rowLength + 8));
  const fromAverage = await project(step, target, 2, { space: 'w', noise: 'const', steps: 1, seed: 1, learningRate: 0.05, stats });
  assert.deepEqual(fromAverage.ws.subarray(0, 8), stats.wAvg);
  await assert.rejects(project(step, target, 2, { space: 'wplus', noise: 'const', steps: 1, seed: 1, learningRate: 0.05, stats, initialWs: initial.subarray(1) }), /initial codes: .* is not 2 × /);
  step.dispose();
});
