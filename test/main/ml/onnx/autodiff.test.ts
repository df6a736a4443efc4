// Every backward rule of the ONNX autodiff against central finite differences: for L = Σ r ⊙ f(inputs) with a
// fixed random r, the directional derivative (L(x+hv) − L(x−hv)) / 2h (accumulated in float64) must equal
// ⟨∇L, v⟩ from the backward graph, for a random direction v over all inputs at once. The last tests
// differentiate a gradient again (R1's double backward) the same way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { grad } from '../../../../src-main/ml/onnx/autodiff.js';
import { Tape } from '../../../../src-main/ml/onnx/tape.js';
import { Rng } from '../../../../src-main/ml/stylegan2/random.js';

type Build = (t: Tape, xs: string[]) => string;

interface Spec {
  shapes: number[][];
  build: Build;
  /** Distance of sample values from 0 (keeps LeakyRelu/Clip kinks and Sqrt away from the FD steps). */
  positive?: boolean;
  /** Second order: L = Σ r ⊙ (∂⟨s, f⟩/∂x₀)², differentiated w.r.t. the other inputs. */
  secondOrder?: boolean;
  /** Finite-difference step (smaller for strongly curved functions). */
  h?: number;
}

const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);

async function check(spec: Spec, seed = 1): Promise<void> {
  const rng = new Rng(seed);
  const t = new Tape('check');
  const names = spec.shapes.map((s, i) => t.input(`x${i}`, s));
  let y = spec.build(t, names);
  if (spec.secondOrder) {
    const [gx] = grad(t, t.sum(y, t.shape(y).map((_, i) => i)), [names[0]]);
    assert.ok(gx, 'the first gradient exists');
    y = t.mul(gx, gx);
  }
  const r = t.constant('r', rng.normalArray(size(t.shape(y))), t.shape(y));
  const loss = t.sum(t.mul(y, r), t.shape(y).map((_, i) => i), false);
  const wrt = spec.secondOrder ? names.slice(1) : names;
  const grads = grad(t, loss, wrt);
  t.output(loss, 'loss');
  grads.forEach((g, i) => {
    assert.ok(g, `input ${i} has a gradient`);
    t.output(g, `g${i}`);
  });
  const session = await ort.InferenceSession.create(t.toBytes(), { intraOpNumThreads: 1 });
  const sample = (s: number[]): Float32Array => {
    const a = rng.normalArray(size(s));
    if (spec.positive) for (let i = 0; i < a.length; i++) a[i] = Math.sign(a[i]) * (0.5 + Math.abs(a[i]));
    return a;
  };
  const xs = spec.shapes.map(sample);
  // Only the inputs differentiated are moved (second order holds x₀ fixed).
  const vs = spec.shapes.map((s, i) => (wrt.includes(names[i]) ? rng.normalArray(size(s)) : new Float32Array(size(s))));
  const run = async (offset: number): Promise<Record<string, ort.Tensor>> =>
    session.run(Object.fromEntries(xs.map((x, i) => [names[i], new ort.Tensor('float32', x.map((v, j) => v + offset * vs[i][j]), spec.shapes[i])])));
  const h = spec.h ?? 1e-2;
  const plus = (await run(h)).loss.data as Float32Array;
  const minus = (await run(-h)).loss.data as Float32Array;
  const numeric = (plus[0] - minus[0]) / (2 * h);
  const at = await run(0);
  let analytic = 0;
  wrt.forEach((_, i) => {
    const g = at[`g${i}`].data as Float32Array;
    const v = vs[names.indexOf(wrt[i])];
    for (let j = 0; j < g.length; j++) analytic += g[j] * v[j];
  });
  await session.release();
  const scale = Math.max(1, Math.abs(analytic));
  assert.ok(Math.abs(numeric - analytic) <= 2e-3 * scale, `directional derivative: finite difference ${numeric}, backward graph ${analytic}`);
}

test('Add, Sub, Mul and Div with broadcasting sum their gradients back to each operand shape', () =>
  check({ shapes: [[2, 3, 4], [3, 1], [4]], positive: true, build: (t, [a, b, c]) => t.div(t.sub(t.mul(t.add(a, b), c), b), t.add(t.mul(c, c), t.scalar(1))) }));

test('MatMul, batched with a broadcast operand', () => check({ shapes: [[2, 3, 4], [4, 5]], build: (t, [a, b]) => t.matmul(a, b) }));

test('Neg, Sqrt, Reciprocal, Sigmoid, Softplus', () =>
  check({ shapes: [[3, 4]], positive: true, build: (t, [x]) => t.softplus(t.sigmoid(t.neg(t.reciprocal(t.sqrt(t.mul(x, x)))))) }));

test('LeakyRelu and Clip pass the gradient where they are linear', () =>
  check({ shapes: [[4, 5]], positive: true, build: (t, [x]) => t.clip(t.leakyRelu(x, 0.2), -0.9, 1.2) }));

test('LeakyRelu with a clamp: slope 1 or α inside the clamp, 0 where it cuts, on both sides', () =>
  check({ shapes: [[4, 5]], positive: true, build: (t, [x]) => t.leakyRelu(t.scale(x, 3), 0.2, 1.3) }));

test('ReduceSum and ReduceMean with and without kept axes, Expand', () =>
  check({ shapes: [[2, 3, 4]], build: (t, [x]) => t.expand(t.sum(t.mean(t.mul(t.sum(x, [1]), t.sum(x, [0, 2])), [0], true), [2], false), [2, 1, 3]) }));

test('Reshape, Transpose, Slice and Pad', () =>
  check({ shapes: [[2, 3, 4]], build: (t, [x]) => t.pad(t.slice(t.transpose(t.reshape(x, [6, 4]), [1, 0]), [1, 0], [3, 5]), [0, 1, 2, 0]) }));

test('Conv: input and weight, stride 1 with padding and stride 2 with asymmetric padding', async () => {
  await check({ shapes: [[2, 3, 6, 6], [4, 3, 3, 3]], build: (t, [x, w]) => t.conv(x, w, { pads: [1, 1, 1, 1] }) });
  await check({ shapes: [[2, 3, 7, 7], [4, 3, 3, 3]], build: (t, [x, w]) => t.conv(x, w, { strides: [2, 2], pads: [1, 0, 2, 1] }) });
  await check({ shapes: [[2, 3, 5, 5], [2, 3, 1, 1]], build: (t, [x, w]) => t.conv(x, w) });
});

test('grouped Conv (a fixed depthwise filter): input gradient', () =>
  check({ shapes: [[2, 3, 6, 6]], build: (t, [x]) => t.conv(x, t.constant('f', new Rng(4).normalArray(3 * 16), [3, 1, 4, 4]), { strides: [2, 2], pads: [1, 1, 1, 1], group: 3 }) }));

test('ConvTranspose stride 2: input and weight', () =>
  check({ shapes: [[2, 3, 4, 4], [3, 5, 3, 3]], build: (t, [x, w]) => t.convTranspose(x, w, { strides: [2, 2] }) }));

test('ConvTranspose with padding and a requested output size (output_padding)', () =>
  check({ shapes: [[1, 2, 4, 4], [2, 2, 4, 4]], build: (t, [x, w]) => t.convTranspose(x, w, { strides: [2, 2], pads: [1, 1, 1, 1] }, [9, 9]) }));

test('second order: the weight gradient of a squared input gradient through Conv, LeakyRelu, MatMul', () =>
  check({
    shapes: [[2, 2, 5, 5], [3, 2, 3, 3], [3, 1, 1], [75, 2]],
    secondOrder: true,
    build: (t, [x, w, b, m]) => {
      const h = t.leakyRelu(t.add(t.conv(x, w, { pads: [1, 1, 1, 1] }), b), 0.2);
      const cubic = t.add(h, t.mul(t.mul(h, h), t.scale(h, 0.1)));
      return t.matmul(t.reshape(cubic, [2, 75]), m);
    },
  }));

test('second order through a stride-2 Conv, Sqrt of a batch variance and Softplus', () =>
  check({
    shapes: [[4, 2, 6, 6], [2, 2, 3, 3]],
    secondOrder: true,
    h: 1e-3,
    build: (t, [x, w]) => {
      const c = t.conv(x, w, { strides: [2, 2], pads: [1, 1, 1, 1] });
      const centred = t.sub(c, t.mean(c, [0]));
      const std = t.sqrt(t.add(t.mean(t.mul(centred, centred), [0]), t.scalar(1e-2)));
      return t.softplus(t.mul(c, std));
    },
  }));
