// Proves the onnxruntime projection step gives the tfjs step's numbers (images, distances, ∂/∂ws, ∂/∂noise) on the
// NVlabs reference generator, with optimised and with constant noise, so the projector can use either backend.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { toFloat32 } from '../../../../src-shared/io/npy.js';
import { setupTfjs } from '../../../../src-main/ml/backends.js';
import { decodeNpz } from '../../../../src-main/ml/npz.js';
import { onnxProjectionStep } from '../../../../src-main/ml/projection/onnxStep.js';
import type { ProjectionStep } from '../../../../src-main/ml/projection/step.js';
import { tfjsProjectionStep } from '../../../../src-main/ml/projection/tfjsStep.js';
import { fromNvlabsKwargs } from '../../../../src-main/ml/stylegan2/config.js';
import type { NvlabsGeneratorKwargs } from '../../../../src-main/ml/stylegan2/config.js';
import { generatorFromArrays } from '../../../../src-main/ml/stylegan2/networks.js';
import { Rng } from '../../../../src-main/ml/stylegan2/random.js';
import { fixturesDir } from '../../../support/data.js';

const reference = join(fixturesDir, 'nvlabs-reference');
let onnx: ProjectionStep;
let tfjs: ProjectionStep;

function close(a: Float32Array, b: Float32Array, what: string, tol = 1e-3): void {
  assert.equal(a.length, b.length, what);
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
  }
  assert.ok(diff <= tol * Math.max(scale, 1e-6), `${what}: max difference ${diff} vs scale ${scale}`);
}

before(async () => {
  await setupTfjs({ only: 'cpu' });
  const kwargs = (JSON.parse(readFileSync(join(reference, 'config.json'), 'utf8')) as { generator_kwargs: NvlabsGeneratorKwargs }).generator_kwargs;
  const config = fromNvlabsKwargs(kwargs);
  const arrays = new Map([...decodeNpz(new Uint8Array(readFileSync(join(reference, 'G_ema_state_dict.npz'))), 'npz')].map(([k, v]) => [k, { shape: v.shape, data: toFloat32(v) }]));
  const weights = { mse: 1, ssim: 1 };
  onnx = await onnxProjectionStep(config, arrays, weights, 1);
  tfjs = tfjsProjectionStep(generatorFromArrays(config, arrays, 'fixture'), weights);
});

test('the ONNX step equals the tfjs step: images, distances and gradients w.r.t. ws and the noise buffers', async () => {
  const rng = new Rng(1);
  const count = 2;
  const ws = rng.normalArray(count * onnx.numWs * onnx.wDim, 0.5);
  const targets = rng.normalArray(count * 32 * 32, 0.4);
  const noise = { sizes: onnx.noiseSizes, layers: onnx.noiseSizes.map((s) => rng.normalArray(count * s * s)) };
  assert.deepEqual(onnx.noiseSizes, tfjs.noiseSizes);
  onnx.setTargets(targets, count);
  tfjs.setTargets(targets, count);
  const a = await onnx.run({ count, ws, noise, noiseGradients: true });
  const b = await tfjs.run({ count, ws, noise, noiseGradients: true });
  close(a.images, b.images, 'images', 1e-4);
  close(a.distances, b.distances, 'distances', 1e-4);
  close(a.gradWs, b.gradWs, 'd/dws');
  a.gradNoise!.forEach((g, k) => close(g, b.gradNoise![k], `d/dnoise${k}`));
  const c = await onnx.run({ count, ws, noise: null, noiseGradients: false });
  const d = await tfjs.run({ count, ws, noise: null, noiseGradients: false });
  assert.equal(c.gradNoise, null);
  close(c.images, d.images, 'images with the model noise', 1e-4);
  close(c.gradWs, d.gradWs, 'd/dws with the model noise');
});
