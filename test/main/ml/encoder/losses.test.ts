// The encoder's loss terms equal hand-computed values on small tensors, and its SSIM term equals the analysis
// module's SSIM (wang2004, data range 1) on the same images mapped to [0, 1].
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { ssim } from '../../../../src-shared/analysis/ssim.js';
import { setupTfjs } from '../../../../src-main/ml/backends.js';
import { contentGradient, contentLoss, imageLoss, meanAbs } from '../../../../src-main/ml/encoder/losses.js';
import { Rng } from '../../../../src-main/ml/stylegan2/random.js';

before(async () => {
  await setupTfjs({ only: 'wasm' });
});

const value = (t: tf.Scalar): number => {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
};

test('meanAbs is the mean absolute difference over every element', () => {
  // |1 − 3| + |2 − (−1)| + |0 − 0| + |−4 − (−2)| = 2 + 3 + 0 + 2 = 7, over 4 elements
  assert.equal(value(meanAbs(tf.tensor2d([[1, 2], [0, -4]]), tf.tensor2d([[3, -1], [0, -2]]))), 7 / 4);
});

test('the image L2 term compares images mapped from [−1, 1] to [0, 1], weighted', () => {
  // x → [0, 1, 0.5, 0.25]; y → [1, 1, 0.5, 0.75]: squared differences 1, 0, 0, 0.25 → mean 0.3125; weight 2
  const x = tf.tensor4d([-1, 1, 0, -0.5], [1, 2, 2, 1]);
  const y = tf.tensor4d([1, 1, 0, 0.5], [1, 2, 2, 1]);
  assert.ok(Math.abs(value(imageLoss(x, y, { imageL2: 2, ssim: 0 })) - 0.625) < 1e-7);
});

test('the SSIM term is 1 − the analysis module’s SSIM (wang2004, data range 1), averaged over the batch', () => {
  const rng = new Rng(4);
  const size = 16;
  const a = Float32Array.from({ length: 2 * size * size }, () => Math.tanh(rng.normal()));
  const b = a.map((v) => Math.max(-1, Math.min(1, v + 0.3 * rng.normal())));
  const expected = [0, 1].map((n) => {
    const grey = (d: Float32Array) => ({ width: size, height: size, data: Float64Array.from(d.subarray(n * size * size, (n + 1) * size * size), (v) => (v + 1) / 2) });
    return 1 - ssim(grey(a), grey(b), { variant: 'wang2004', dataRange: 1 }).mean;
  });
  const got = value(imageLoss(tf.tensor4d(a, [2, size, size, 1]), tf.tensor4d(b, [2, size, size, 1]), { imageL2: 0, ssim: 1 }));
  assert.ok(Math.abs(got - (expected[0] + expected[1]) / 2) < 1e-4, `${got} vs ${(expected[0] + expected[1]) / 2}`);
  assert.ok(got > 0.05, 'the test images are different enough to matter');
});

test('the content loss sums the per-layer mean absolute differences', () => {
  // layer 0: (|1 − 0| + |1 − 3|)/2 = 1.5; layer 1: (|2 − 2| + |−1 − 1|)/2 = 1; total 2.5
  const a = [tf.tensor1d([1, 1]), tf.tensor1d([2, -1])];
  const b = [tf.tensor1d([0, 3]), tf.tensor1d([2, 1])];
  assert.equal(value(contentLoss(a, b)), 2.5);
  assert.throws(() => contentLoss(a, b.slice(1)), /2 feature maps against 1/);
});

test('contentGradient gives the weighted loss and content·sign(h − target)/size per layer', () => {
  const { loss, grads } = contentGradient([Float32Array.from([1, 1, 5, 0]), Float32Array.from([2])], [Float32Array.from([0, 3, 5, 1]), Float32Array.from([-1])], 2);
  // layer 0: (1 + 2 + 0 + 1)/4 = 1; layer 1: 3/1 = 3; × weight 2 → 8
  assert.equal(loss, 8);
  assert.deepEqual([...grads[0]], [0.5, -0.5, 0, -0.5]);
  assert.deepEqual([...grads[1]], [2]);
  assert.throws(() => contentGradient([new Float32Array(2)], [new Float32Array(3)], 1), /layer 0 has 2 values against 3/);
});
