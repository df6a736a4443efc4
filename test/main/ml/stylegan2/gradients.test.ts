// Finite-difference checks of tfjs gradients through the StyleGAN2 networks on the wasm backend: generator w.r.t. w
// (projection), discriminator w.r.t. its weights, and R1's second-order gradient ∂‖∂D/∂x‖²/∂θ.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setupTfjs } from '../../../../src-main/ml/backends.js';
import { createDiscriminator, createGenerator, discriminate, disposeNetwork, mapZ, synthesize } from '../../../../src-main/ml/stylegan2/networks.js';
import type { Discriminator, Generator } from '../../../../src-main/ml/stylegan2/networks.js';
import { Rng } from '../../../../src-main/ml/stylegan2/random.js';

const tiny = { resolution: 8, imgChannels: 1, zDim: 4, wDim: 4, mappingLayers: 2, channelBase: 32, channelMax: 4, mbstdGroupSize: 2 };
let G: Generator;
let D: Discriminator;

before(async () => {
  await setupTfjs({ only: 'wasm' });
  G = createGenerator(tiny, 3);
  D = createDiscriminator(tiny, 4);
  // Non-zero noise strengths and biases so every path carries gradient.
  for (const [name, v] of [...G.params, ...D.params]) {
    if (name.endsWith('noise_strength')) v.assign(tf.scalar(0.3));
    if (name.endsWith('.bias') && !name.includes('affine')) v.assign(tf.mul(tf.randomUniform(v.shape, -0.2, 0.2, 'float32', 7), 1));
  }
});

after(() => {
  disposeNetwork(G);
  disposeNetwork(D);
});

const images = (seed: number): tf.Tensor4D => tf.tensor4d(new Rng(seed).normalArray(2 * 8 * 8), [2, 8, 8, 1]);

/**
 * Central differences of a scalar function of one tensor entry against the analytic gradient at that entry.
 * Several step sizes are tried because leaky ReLU makes R1 (a gradient norm) jump where an activation changes
 * sign, so one step may straddle a kink, and float32 rounding swamps the tiniest steps; a wrong gradient agrees
 * with none of them.
 */
function checkEntry(name: string, f: (x: tf.Tensor) => tf.Scalar, x: tf.Tensor, analytic: tf.Tensor, index: number): void {
  const base = x.dataSync().slice() as Float32Array;
  const at = (delta: number): number => {
    const moved = base.slice();
    moved[index] += delta;
    return tf.tidy(() => f(tf.tensor(moved, x.shape)).dataSync()[0]);
  };
  const exact = analytic.dataSync()[index];
  const numerics = [1e-2, 3e-3, 1e-3].map((eps) => (at(eps) - at(-eps)) / (2 * eps));
  const agrees = numerics.some((numeric) => Math.abs(numeric - exact) <= 3e-2 * Math.max(Math.abs(numeric), Math.abs(exact)) + 2e-4);
  assert.ok(agrees, `${name}[${index}]: finite differences ${numerics.join(', ')} vs gradient ${exact}`);
}

test('generator: gradient of an image loss w.r.t. ws matches finite differences (projection step)', () => {
  const ws = tf.tidy(() => mapZ(G, tf.tensor2d(new Rng(1).normalArray(2 * 4), [2, 4])));
  const target = images(2);
  const loss = (w: tf.Tensor): tf.Scalar => tf.mean(tf.square(tf.sub(synthesize(G, w as tf.Tensor3D, { noiseMode: 'const' }), target)));
  const grad = tf.grad(loss)(ws);
  for (const index of [0, 5, 17, 22, 31]) checkEntry('ws', loss, ws, grad, index);
});

test('discriminator: gradient of the logits w.r.t. a conv weight matches finite differences', () => {
  const x = images(3);
  const name = 'b8.conv0.weight';
  const weight = D.params.get(name)!;
  const logits = (w: tf.Tensor): tf.Scalar => tf.sum(discriminate(D, x, new Map([...D.params, [name, w]])));
  const grad = tf.grad(logits)(weight);
  for (const index of [0, 7, 20, 33]) checkEntry(name, logits, weight, grad, index);
});

test('R1: the gradient of ‖∂D/∂x‖² w.r.t. discriminator weights (double backprop) matches finite differences', () => {
  const x = images(4);
  const name = 'b8.conv1.weight';
  const weight = D.params.get(name)!;
  const r1 = (w: tf.Tensor): tf.Scalar => {
    const params = new Map([...D.params, [name, w]]);
    const dx = tf.grad((img: tf.Tensor) => tf.sum(discriminate(D, img as tf.Tensor4D, params)))(x);
    return tf.sum(tf.square(dx));
  };
  const grad = tf.grad(r1)(weight);
  assert.ok(tf.max(tf.abs(grad)).dataSync()[0] > 0, 'R1 gradient is not identically zero');
  for (const index of [1, 9, 25, 40]) checkEntry(name, r1, weight, grad, index);
});

test('R1 second-order gradients also reach the first-layer weights through fromRGB', () => {
  // A freshly initialised D (zero biases): with random biases, scaling this first-layer weight moves lrelu kinks in
  // every later layer and R1 jumps at every step size, so finite differences cannot converge.
  const fresh = createDiscriminator(tiny, 4);
  const x = images(5);
  const name = 'b8.fromrgb.weight';
  const weight = fresh.params.get(name)!;
  const r1 = (w: tf.Tensor): tf.Scalar => {
    const params = new Map([...fresh.params, [name, w]]);
    const dx = tf.grad((img: tf.Tensor) => tf.sum(discriminate(fresh, img as tf.Tensor4D, params)))(x);
    return tf.sum(tf.square(dx));
  };
  const grad = tf.grad(r1)(weight);
  for (const index of [0, 1, 2, 3]) checkEntry(name, r1, weight, grad, index);
  disposeNetwork(fresh);
});
