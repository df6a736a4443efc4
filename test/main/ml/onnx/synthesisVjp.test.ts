// The hand-built ONNX backward pass of synthesis (projectionStep, synthesisVjp) equals tfjs autodiff of the same
// loss through the tfjs generator: ∂/∂ws and ∂/∂noise, for a batch of 2, with a clamp small enough to cut some
// activations (so the clamp's gradient mask is exercised), on NVlabs reference weights.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { decodeNpy, toFloat32 } from '../../../../src-shared/io/npy.js';
import { setupTfjs } from '../../../../src-main/ml/backends.js';
import { decodeNpz } from '../../../../src-main/ml/npz.js';
import { OnnxGenerator } from '../../../../src-main/ml/onnx/onnxGenerator.js';
import { fromNvlabsKwargs } from '../../../../src-main/ml/stylegan2/config.js';
import type { NvlabsGeneratorKwargs } from '../../../../src-main/ml/stylegan2/config.js';
import { disposeNetwork, generatorFromArrays, synthesize, toNchw } from '../../../../src-main/ml/stylegan2/networks.js';
import type { Generator } from '../../../../src-main/ml/stylegan2/networks.js';
import { synthesis } from '../../../../src-main/ml/stylegan2/synthesis.js';
import { Rng } from '../../../../src-main/ml/stylegan2/random.js';
import { fixturesDir } from '../../../support/data.js';

const dir = join(fixturesDir, 'nvlabs-reference');
const npy = (name: string): Float32Array => toFloat32(decodeNpy(new Uint8Array(readFileSync(join(dir, name)))));
const kwargs = (JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { generator_kwargs: NvlabsGeneratorKwargs }).generator_kwargs;
const weights = new Map([...decodeNpz(new Uint8Array(readFileSync(join(dir, 'G_ema_state_dict.npz'))), 'G_ema_state_dict.npz')].map(([k, v]) => [k, { shape: v.shape, data: toFloat32(v) }]));
const config = { ...fromNvlabsKwargs(kwargs), convClamp: 0.6 };
const count = 2;
const res = config.resolution;

let G: Generator;
let onnxG: OnnxGenerator;
const ws = npy('ws.npy').subarray(0, count * 8 * 48);
const target = new Rng(5).normalArray(count * res * res, 0.5);

before(async () => {
  await setupTfjs({ only: 'wasm' });
  G = generatorFromArrays(config, weights, 'G_ema_state_dict.npz');
  onnxG = OnnxGenerator.create(config, weights, { threads: 2 });
});
after(async () => {
  disposeNetwork(G);
  await onnxG.release();
});

const noiseNames = (): string[] => [...G.params.keys()].filter((k) => k.endsWith('noise_const'));

/** Each synthesis layer's stored noise, repeated for both images (tfjs shares one buffer over the batch). */
function onnxNoise(): Float32Array[] {
  return noiseNames().map((name) => {
    const one = weights.get(name)!.data;
    const both = new Float32Array(count * one.length);
    for (let n = 0; n < count; n++) both.set(one, n * one.length);
    return both;
  });
}

/** tfjs autodiff of Σ_n ⟨weight(image_n)⟩ through the tfjs generator, w.r.t. ws and every noise buffer. */
function tfjsGradients(loss: (image: tf.Tensor4D) => tf.Scalar): { dWs: Float32Array; dNoise: Float32Array[] } {
  const names = noiseNames();
  return tf.tidy(() => {
    const wsT = tf.tensor3d(ws, [count, G.numWs, G.config.wDim]);
    const noises = names.map((n) => G.params.get(n)!);
    const f = (...xs: tf.Tensor[]): tf.Scalar => {
      const params = new Map(G.params as Map<string, tf.Tensor>);
      names.forEach((n, i) => params.set(n, xs[i + 1]));
      return loss(toNchw(synthesize(G, xs[0] as tf.Tensor3D, { noiseMode: 'const' }, params)));
    };
    const grads = tf.grads(f)([wsT, ...noises]);
    return { dWs: grads[0].dataSync() as Float32Array, dNoise: grads.slice(1).map((g) => g.dataSync() as Float32Array) };
  });
}

function assertClose(actual: Float32Array, expected: Float32Array, label: string): void {
  assert.equal(actual.length, expected.length, label);
  let scale = 0;
  let err = 0;
  for (let i = 0; i < actual.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]));
    err = Math.max(err, Math.abs(actual[i] - expected[i]));
  }
  assert.ok(scale > 0, `${label}: the reference gradient is all zeros`);
  assert.ok(err <= 1e-4 * Math.max(1, scale), `${label}: max abs error ${err} (gradient scale ${scale})`);
}

/** The batch sum of per-image noise gradients (what tfjs' shared buffer receives). */
const sumOverBatch = (a: Float32Array): Float32Array => {
  const per = a.length / count;
  return Float32Array.from({ length: per }, (_, i) => a[i] + a[per + i]);
};

test('projectionStep gradients equal tfjs autodiff of the per-image pixel MSE (ws and noise)', async () => {
  const step = await onnxG.projectionStep(ws, onnxNoise(), target, count);
  const ref = tfjsGradients((img) => tf.sum(tf.mean(tf.square(tf.sub(img, tf.tensor4d(target, [count, 1, res, res]))), [1, 2, 3])));
  assertClose(step.dWs, ref.dWs, 'dWs');
  step.dNoise.forEach((d, i) => assertClose(sumOverBatch(d), ref.dNoise[i], `dNoise${i}`));
  const image = tf.tidy(() => toNchw(synthesize(G, tf.tensor3d(ws, [count, G.numWs, G.config.wDim]), { noiseMode: 'const' })).dataSync() as Float32Array);
  assertClose(step.image, image, 'image');
  for (let n = 0; n < count; n++) {
    let sse = 0;
    for (let p = 0; p < res * res; p++) sse += (image[n * res * res + p] - target[n * res * res + p]) ** 2;
    assert.ok(Math.abs(step.loss[n] - sse / (res * res)) <= 1e-5, `loss ${n}`);
  }
});

test('synthesisVjp of an arbitrary image gradient equals tfjs autodiff of ⟨dImage, image⟩', async () => {
  const dImage = new Rng(9).normalArray(count * res * res);
  const vjp = await onnxG.synthesisVjp(ws, onnxNoise(), dImage, count);
  const ref = tfjsGradients((img) => tf.sum(tf.mul(img, tf.tensor4d(dImage, [count, 1, res, res]))));
  assertClose(vjp.dWs, ref.dWs, 'dWs');
  vjp.dNoise.forEach((d, i) => assertClose(sumOverBatch(d), ref.dNoise[i], `dNoise${i}`));
});

test('the small clamp of this check does cut activations (so its gradient mask is tested)', () => {
  const differs = tf.tidy(() => {
    const wsT = tf.tensor3d(ws, [count, G.numWs, G.config.wDim]);
    const clamped = synthesis(G.params, G.config, wsT, { noiseMode: 'const' });
    const free = synthesis(G.params, { ...G.config, convClamp: null }, wsT, { noiseMode: 'const' });
    return tf.max(tf.abs(tf.sub(clamped, free))).dataSync()[0];
  });
  assert.ok(differs > 1e-3, `the clamp changed the image by only ${differs}`);
});
