// The separable upfirdn2d op equals the same resampling written with ordinary tfjs ops (zero insertion, pad/crop,
// single-channel convolution), and its first and second derivatives equal tfjs autodiff of that formulation.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setupTfjs } from '../../../../src-main/ml/backends.js';
import { axisMap, separableResample, transposeMap } from '../../../../src-main/ml/kernels/separableResample.js';

interface Case { h: number; w: number; c: number; up: number; down: number; pad: [number, number, number, number]; gain: number }

// The shapes StyleGAN2 uses (up 2 with pad 2/1, down 2 with pad 1, conv paddings) plus crops and odd sizes.
const cases: Case[] = [
  { h: 4, w: 4, c: 3, up: 2, down: 1, pad: [2, 1, 2, 1], gain: 4 },
  { h: 8, w: 8, c: 2, up: 1, down: 2, pad: [1, 1, 1, 1], gain: 1 },
  { h: 9, w: 9, c: 2, up: 1, down: 1, pad: [1, 1, 1, 1], gain: 4 },
  { h: 8, w: 6, c: 1, up: 1, down: 2, pad: [2, 2, 2, 2], gain: 1 },
  { h: 7, w: 5, c: 3, up: 2, down: 1, pad: [-1, 0, 0, -1], gain: 2 },
];
const taps = [1 / 8, 3 / 8, 3 / 8, 1 / 8];

before(async () => {
  await setupTfjs({ only: 'wasm' });
});

function random(shape: number[], seed: number): tf.Tensor4D {
  let s = seed >>> 0;
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return tf.tensor4d(out, shape as [number, number, number, number]);
}

/** Reference: zero-insert, pad/crop, per-channel 4×4 correlation with stride `down`, all as tfjs ops. */
function reference(x: tf.Tensor4D, c: Case): tf.Tensor4D {
  const [n, h, w, ch] = x.shape;
  let y: tf.Tensor4D = x;
  if (c.up > 1) {
    const spread = tf.pad(tf.reshape(x, [n, h, 1, w, 1, ch]), [[0, 0], [0, 0], [0, c.up - 1], [0, 0], [0, c.up - 1], [0, 0]]);
    y = tf.reshape(spread, [n, h * c.up, w * c.up, ch]);
  }
  const [x0, x1, y0, y1] = c.pad;
  const crop = [Math.max(-y0, 0), Math.max(-y1, 0), Math.max(-x0, 0), Math.max(-x1, 0)];
  y = tf.slice(y, [0, crop[0], crop[2], 0], [-1, y.shape[1] - crop[0] - crop[1], y.shape[2] - crop[2] - crop[3], -1]);
  y = tf.pad(y, [[0, 0], [Math.max(y0, 0), Math.max(y1, 0)], [Math.max(x0, 0), Math.max(x1, 0)], [0, 0]]);
  const filter = new Float32Array(16);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) filter[i * 4 + j] = taps[i] * taps[j] * c.gain;
  // Channels folded into the batch: a single-channel conv2d, whose gradients are differentiable again.
  const [, hp, wp] = y.shape;
  const folded = tf.reshape(tf.transpose(y, [0, 3, 1, 2]), [n * ch, hp, wp, 1]) as tf.Tensor4D;
  const z = tf.conv2d(folded, tf.tensor4d(filter, [4, 4, 1, 1]), c.down, 'valid');
  return tf.transpose(tf.reshape(z, [n, ch, z.shape[1], z.shape[2]]), [0, 2, 3, 1]) as tf.Tensor4D;
}

function ours(x: tf.Tensor4D, c: Case): tf.Tensor4D {
  const [x0, x1, y0, y1] = c.pad;
  return separableResample(x, axisMap(x.shape[1], taps.map((t) => t * c.gain), c.up, c.down, y0, y1), axisMap(x.shape[2], taps, c.up, c.down, x0, x1));
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  assert.deepEqual(a.shape, b.shape);
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

for (const [i, c] of cases.entries()) {
  test(`upfirdn2d ${c.h}×${c.w} up ${c.up} down ${c.down} pad [${c.pad}]: value, gradient and second derivative equal the tfjs-op formulation`, async () => {
    // The reference's second derivatives need the cpu backend's conv kernels; ours runs the same on any backend.
    await tf.setBackend('cpu');
    tf.tidy(() => {
      const x = random([2, c.h, c.w, c.c], 10 + i);
      const yRef = reference(x, c);
      const dy = random(yRef.shape, 20 + i);
      assert.ok(maxAbsDiff(ours(x, c), yRef) < 1e-5, 'values differ');
      const grad = (f: (v: tf.Tensor4D) => tf.Tensor4D) => tf.grad((v: tf.Tensor) => tf.sum(tf.mul(f(v as tf.Tensor4D), dy)))(x);
      assert.ok(maxAbsDiff(grad((v) => ours(v, c)), grad((v) => reference(v, c))) < 1e-5, 'gradients differ');
      // ∂/∂x Σ(∂/∂x Σ(op(x)·dy)²)·x exercises the gradient of the gradient (as R1 does).
      const second = (f: (v: tf.Tensor4D) => tf.Tensor4D) =>
        tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.grad((u: tf.Tensor) => tf.sum(tf.square(tf.mul(f(u as tf.Tensor4D), dy))))(v), v)))(x);
      assert.ok(maxAbsDiff(second((v) => ours(v, c)), second((v) => reference(v, c))) < 1e-4, 'second derivatives differ');
    });
    await tf.setBackend('wasm');
  });
}

test('the transposed map is the adjoint: ⟨A x, y⟩ = ⟨x, Aᵀ y⟩', () => {
  const rows = axisMap(5, taps, 2, 1, 2, 1);
  const cols = axisMap(3, taps, 1, 2, 1, 1);
  const x = random([1, 5, 3, 2], 1);
  const ax = separableResample(x, rows, cols);
  const y = random(ax.shape, 2);
  const aty = separableResample(y, transposeMap(rows), transposeMap(cols));
  const lhs = tf.sum(tf.mul(ax, y)).dataSync()[0];
  const rhs = tf.sum(tf.mul(x, aty)).dataSync()[0];
  assert.ok(Math.abs(lhs - rhs) < 1e-5, `${lhs} vs ${rhs}`);
});

test('an axis shorter than the filter is refused with the sizes', () => {
  assert.throws(() => axisMap(2, taps, 1, 1, 0, 0), /axis of 2 samples .* shorter than the 4-tap filter/);
});
