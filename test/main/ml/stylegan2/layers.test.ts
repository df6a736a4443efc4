// Each StyleGAN2 op against values worked out by hand from NVlabs' definitions.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setupTfjs } from '../../../../src-main/ml/backends.js';
import { biasAct, conv2dLayer, downsample2d, fullyConnected, minibatchStd, modulatedConv2d, normalize2ndMoment, upsample2d } from '../../../../src-main/ml/stylegan2/layers.js';

before(async () => {
  await setupTfjs({ only: 'wasm' });
});

function close(actual: tf.Tensor, expected: number[], tol = 1e-5): void {
  const a = Array.from(actual.dataSync());
  assert.equal(a.length, expected.length, `got ${a.length} values, expected ${expected.length}`);
  a.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= tol, `value ${i}: ${v} vs ${expected[i]}`));
}

test('normalize2ndMoment scales each row to unit mean square', () => {
  const r = Math.sqrt((9 + 16) / 2);
  close(normalize2ndMoment(tf.tensor2d([[3, 4]])), [3 / r, 4 / r]);
});

test('biasAct adds bias, applies lrelu(0.2), multiplies by √2 and clamps at ±256', () => {
  const y = biasAct(tf.tensor2d([[-2, 0.5, 300]]), tf.tensor1d([1, 0, 0]), { act: 'lrelu', clamp: 256 });
  close(y, [-0.2 * Math.SQRT2, 0.5 * Math.SQRT2, 256]);
});

test('fullyConnected uses the equalised-lr weight scale lrMul/√in and bias × lrMul', () => {
  const y = fullyConnected(tf.tensor2d([[1, 1]]), tf.tensor2d([[1, 2], [3, 4]]), tf.tensor1d([10, 20]), { lrMul: 0.5 });
  close(y, [(3 * 0.5) / Math.SQRT2 + 5, (7 * 0.5) / Math.SQRT2 + 10]);
});

test('upsample2d of one pixel spreads it as 9/16 to a 2×2 block ([1,3,3,1] filter, gain 4)', () => {
  close(upsample2d(tf.ones([1, 1, 1, 1]) as tf.Tensor4D), [0.5625, 0.5625, 0.5625, 0.5625]);
});

test('upsample2d of a 2-pixel row gives 3a/4, (3a+b)/4, (a+3b)/4, 3b/4 along it (× 3/4 across)', () => {
  const [a, b] = [4, 8];
  const y = upsample2d(tf.tensor4d([a, b], [1, 1, 2, 1]));
  const row = [(3 * a) / 4, (3 * a + b) / 4, (a + 3 * b) / 4, (3 * b) / 4].map((v) => v * 0.75);
  close(y, [...row, ...row]);
});

test('downsample2d gives (3a+3b+c)/8 and (b+3c+3d)/8 per axis', () => {
  const u = [1, 2, 3, 4];
  const x = tf.tensor4d(u.flatMap((ui) => [ui, ui, ui, ui]), [1, 4, 4, 1]); // x[i][j] = u[i]
  const du = [(3 * 1 + 3 * 2 + 3) / 8, (2 + 3 * 3 + 3 * 4) / 8];
  const dv = (3 + 3 + 1) / 8;
  close(downsample2d(x), [du[0] * dv, du[0] * dv, du[1] * dv, du[1] * dv]);
});

test('modulatedConv2d modulates inputs by styles and demodulates by rsqrt(Σ(w·s)²)', () => {
  const x = tf.tensor4d([1, 2], [1, 1, 1, 2]);
  const weight = tf.tensor4d([3, 4], [1, 2, 1, 1]);
  const styles = tf.tensor2d([[1, 0.5]]);
  close(modulatedConv2d(x, weight, styles, { demodulate: true, up: 1 }), [7 / Math.sqrt(13)]);
  close(modulatedConv2d(x, weight, styles, { demodulate: false, up: 1 }), [7]);
});

test('modulatedConv2d with up=2 doubles the size, and adds const noise after demodulation', () => {
  const x = tf.ones([2, 3, 3, 2]) as tf.Tensor4D;
  const weight = tf.ones([4, 2, 3, 3]);
  const y = modulatedConv2d(x, weight, tf.ones([2, 2]) as tf.Tensor2D, { demodulate: true, up: 2 });
  assert.deepEqual(y.shape, [2, 6, 6, 4]);
  const noisy = modulatedConv2d(x, weight, tf.ones([2, 2]) as tf.Tensor2D, { demodulate: true, up: 2, noise: tf.fill([6, 6], 0.5) });
  close(tf.sub(noisy, y), new Array(2 * 6 * 6 * 4).fill(0.5));
});

test('conv2dLayer scales the weight by 1/√(in·k²) before the activation', () => {
  const y = conv2dLayer(tf.ones([1, 3, 3, 1]) as tf.Tensor4D, tf.ones([1, 1, 3, 3]), tf.zeros([1]), { act: 'lrelu' });
  // Centre pixel sees all 9 taps: 9 · (1/3) = 3, then × √2.
  assert.ok(Math.abs(y.dataSync()[4] - 3 * Math.SQRT2) < 1e-5);
});

test('conv2dLayer with down=2 halves the size (FIR, then stride-2 convolution)', () => {
  const y = conv2dLayer(tf.ones([2, 8, 8, 3]) as tf.Tensor4D, tf.ones([5, 3, 3, 3]), tf.zeros([5]), { act: 'lrelu', down: 2 });
  assert.deepEqual(y.shape, [2, 4, 4, 5]);
});

test('minibatchStd appends the group stddev (samples 1 and 3: std 1) as a feature map', () => {
  const y = minibatchStd(tf.tensor4d([1, 3], [2, 1, 1, 1]), 4, 1);
  assert.deepEqual(y.shape, [2, 1, 1, 2]);
  close(y, [1, 1, 3, 1]);
});

test('minibatchStd groups samples i and i + N/G together, as NVlabs reshapes', () => {
  // N=4, G=2: groups {0,2} and {1,3}. Values 0,10,2,10 → stds 1 and 0 (+1e-8 under the sqrt).
  const y = minibatchStd(tf.tensor4d([0, 10, 2, 10], [4, 1, 1, 1]), 2, 1);
  close(tf.slice(y, [0, 0, 0, 1], [4, 1, 1, 1]), [1, 1e-4, 1, 1e-4], 1e-6);
});
