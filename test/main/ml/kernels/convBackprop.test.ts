// The composed Conv2DBackpropFilter/Input kernels of the wasm backend agree with the cpu backend's own kernels.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setupTfjs } from '../../../../src-main/ml/backends.js';
import { conv2dBackpropInputViaConv } from '../../../../src-main/ml/kernels/convBackprop.js';

type Pad = 'same' | 'valid' | number;
interface Case { n: number; h: number; w: number; cin: number; cout: number; k: number; stride: number | [number, number]; pad: Pad }

// Odd and even sizes, kernels 1/3/4, strides 1/2/3, every padding kind tfjs accepts.
const cases: Case[] = [
  { n: 2, h: 8, w: 8, cin: 3, cout: 4, k: 3, stride: 1, pad: 'same' },
  { n: 1, h: 7, w: 9, cin: 2, cout: 5, k: 3, stride: 2, pad: 'same' },
  { n: 3, h: 8, w: 8, cin: 4, cout: 2, k: 3, stride: 2, pad: 'valid' },
  { n: 2, h: 9, w: 9, cin: 3, cout: 3, k: 4, stride: 1, pad: 'valid' },
  { n: 2, h: 10, w: 7, cin: 2, cout: 3, k: 4, stride: 2, pad: 'same' },
  { n: 1, h: 11, w: 11, cin: 3, cout: 2, k: 3, stride: 3, pad: 1 },
  { n: 2, h: 6, w: 6, cin: 5, cout: 4, k: 1, stride: 2, pad: 'valid' },
  { n: 2, h: 5, w: 5, cin: 2, cout: 2, k: 3, stride: 1, pad: 2 },
  { n: 2, h: 9, w: 8, cin: 3, cout: 2, k: 3, stride: [2, 1], pad: 'same' },
  { n: 1, h: 12, w: 12, cin: 1, cout: 1, k: 4, stride: 2, pad: 'valid' },
];

function random(shape: number[], seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

function outSize(size: number, k: number, stride: number, pad: Pad): number {
  if (pad === 'same') return Math.ceil(size / stride);
  if (pad === 'valid') return Math.ceil((size - k + 1) / stride);
  return Math.floor((size + 2 * pad - k) / stride) + 1;
}

interface Result { dFilter: Float32Array; dInput: Float32Array }

async function runOn(backend: string, c: Case, seed: number): Promise<Result> {
  await tf.setBackend(backend);
  const [sh, sw] = typeof c.stride === 'number' ? [c.stride, c.stride] : c.stride;
  const ho = outSize(c.h, c.k, sh, c.pad);
  const wo = outSize(c.w, c.k, sw, c.pad);
  return tf.tidy(() => {
    const x = tf.tensor4d(random([c.n, c.h, c.w, c.cin], seed), [c.n, c.h, c.w, c.cin]);
    const dy = tf.tensor4d(random([c.n, ho, wo, c.cout], seed + 1), [c.n, ho, wo, c.cout]);
    const filter = tf.tensor4d(random([c.k, c.k, c.cin, c.cout], seed + 2), [c.k, c.k, c.cin, c.cout]);
    // ∂Σ(conv2d(x,f)·dy)/∂f and /∂x are exactly Conv2DBackpropFilter(x, dy) and Conv2DBackpropInput(dy, f).
    const [dInput, dFilter] = tf.grads((xv: tf.Tensor, fv: tf.Tensor) =>
      tf.conv2d(xv as tf.Tensor4D, fv as tf.Tensor4D, [sh, sw], c.pad).mul(dy).sum(),
    )([x, filter]);
    return { dFilter: dFilter.dataSync() as Float32Array, dInput: dInput.dataSync() as Float32Array };
  });
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

before(async () => {
  await setupTfjs({ only: 'wasm' });
});

for (const [i, c] of cases.entries()) {
  test(`wasm conv gradients match cpu: ${c.h}x${c.w} k${c.k} stride ${c.stride} pad ${c.pad}`, async () => {
    const cpu = await runOn('cpu', c, 100 + i);
    const wasm = await runOn('wasm', c, 100 + i);
    assert.ok(maxAbsDiff(cpu.dFilter, wasm.dFilter) < 1e-4, `filter gradient differs by ${maxAbsDiff(cpu.dFilter, wasm.dFilter)}`);
    assert.ok(maxAbsDiff(cpu.dInput, wasm.dInput) < 1e-4, `input gradient differs by ${maxAbsDiff(cpu.dInput, wasm.dInput)}`);
  });
}

test('conv2d filter gradients exist on wasm and do not leak tensors', async () => {
  await tf.setBackend('wasm');
  const x = tf.randomNormal([2, 6, 6, 3]);
  const f = tf.randomNormal([3, 3, 3, 4]);
  const before = tf.memory().numTensors;
  const g = tf.grad((filter: tf.Tensor) => tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 2, 'same').square().sum())(f);
  assert.deepEqual(g.shape, [3, 3, 3, 4]);
  g.dispose();
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([x, f]);
});

test('second-order gradient through leakyRelu and clipByValue works (R1-style)', async () => {
  await tf.setBackend('wasm');
  const x = tf.tensor1d([-1.5, -0.2, 0.3, 2.0]);
  // f(x) = Σ lrelu(w·x) with w a parameter; ∂/∂w of Σ(∂f/∂x)² must be computable.
  const w = tf.scalar(1.3);
  const outer = tf.grad((wv: tf.Tensor) => {
    const inner = tf.grad((xv: tf.Tensor) => tf.clipByValue(tf.leakyRelu(tf.mul(xv, wv), 0.2), -256, 256).sum())(x);
    return inner.square().sum();
  })(w);
  // ∂f/∂x_i = w·(1 or 0.2) → Σ = w²(1+1+0.04+0.04) → derivative 2w·2.08.
  assert.ok(Math.abs(outer.dataSync()[0] - 2 * 1.3 * 2.08) < 1e-4);
  tf.dispose([x, w, outer]);
});

test('a strided input gradient computed in slices of images equals the one computed at once (checked against cpu above)', async () => {
  await tf.setBackend('wasm');
  tf.tidy(() => {
    const dy = tf.tensor4d(random([5, 4, 4, 3], 7), [5, 4, 4, 3]);
    const filter = tf.tensor4d(random([3, 3, 2, 3], 8), [3, 3, 2, 3]);
    const attrs = { strides: [2, 2] as [number, number], pad: 'same' as const, dataFormat: 'NHWC' as const, dimRoundingMode: undefined };
    const whole = conv2dBackpropInputViaConv(dy, filter, [5, 8, 8, 2], attrs);
    // 4·4·3·3·2 = 288 floats per image: a limit of 600 gives slices of 2, 2 and 1 images.
    const sliced = conv2dBackpropInputViaConv(dy, filter, [5, 8, 8, 2], attrs, 600);
    assert.equal(maxAbsDiff(whole.dataSync() as Float32Array, sliced.dataSync() as Float32Array), 0);
  });
});
