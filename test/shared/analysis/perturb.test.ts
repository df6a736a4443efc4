// Proves the fidelity perturbations are what they claim (noise σ, the fraction and values of flipped pixels, the blur
// kernel, the inpainting fill, the painted lesion) and that the lesion numbers are taken inside vs outside the mask.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compare, lesionContrastRecovered, lesionNumbers } from '../../../src-shared/analysis/fidelity.js';
import { mse } from '../../../src-shared/analysis/errorMetrics.js';
import { ssim } from '../../../src-shared/analysis/ssim.js';
import { addGaussianNoise, gaussianBlur, inpaint, paintLesion, rectangleMask, saltAndPepper } from '../../../src-shared/analysis/perturb.js';
import { Rng } from '../../../src-main/ml/stylegan2/random.js';

const size = { width: 64, height: 64 };
const image = Float32Array.from({ length: 64 * 64 }, (_, i) => Math.sin((i % 64) / 6) * Math.cos(Math.floor(i / 64) / 9) * 0.8);

test('Gaussian noise has the stated σ and zero mean', () => {
  const noisy = addGaussianNoise(image, 0.1, new Rng(1));
  const d = Array.from(noisy, (v, i) => v - image[i]);
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const sd = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
  assert.ok(Math.abs(mean) < 0.01 && Math.abs(sd - 0.1) < 0.005, `mean ${mean}, σ ${sd}`);
});

test('salt-and-pepper flips exactly the stated fraction of pixels, half to +1 and half to −1', () => {
  const { image: out, hits } = saltAndPepper(image, 0.02, new Rng(2));
  const changed = Array.from(hits).filter((h) => h !== 0).length;
  assert.equal(changed, Math.round(0.02 * 4096));
  assert.equal(Array.from(hits).filter((h) => h === 1).length, Math.floor(changed / 2));
  hits.forEach((h, i) => assert.equal(out[i], h === 0 ? image[i] : h));
});

test('blur is a normalised Gaussian of the stated σ: a point spreads with that variance and keeps its sum', () => {
  const point = new Float32Array(64 * 64);
  point[32 * 64 + 32] = 1;
  const out = gaussianBlur(point, size, 1.5);
  const sum = out.reduce((a, b) => a + b, 0);
  let varX = 0;
  out.forEach((v, i) => (varX += v * ((i % 64) - 32) ** 2));
  assert.ok(Math.abs(sum - 1) < 1e-6, `sum ${sum}`);
  assert.ok(Math.abs(varX - 2.25) < 0.01, `variance ${varX}`);
});

test('inpainting fills the rectangle with the image mean and leaves the rest', () => {
  const mask = rectangleMask(size, [10, 20, 5, 4]);
  assert.equal(Array.from(mask).filter((v) => v).length, 20);
  const mean = image.reduce((a, b) => a + b, 0) / image.length;
  const out = inpaint(image, mask);
  out.forEach((v, i) => assert.ok(Math.abs(v - (mask[i] ? mean : image[i])) < 1e-6));
});

test('a synthetic lesion adds its contrast inside the radius and almost nothing far outside', () => {
  const { image: out, mask, signal } = paintLesion(image, size, { x: 30, y: 20, r: 5, contrast: 0.6 });
  assert.ok(Math.abs(signal[20 * 64 + 30] - 0.6) < 1e-4);
  assert.ok(signal[20 * 64 + 45] < 1e-6);
  assert.equal(mask[20 * 64 + 30], 1);
  assert.equal(mask[20 * 64 + 36], 0);
  assert.ok(Math.abs(out[20 * 64 + 30] - image[20 * 64 + 30] - 0.6) < 1e-4);
});

test('lesion numbers are computed inside and outside the mask; a lesion the projection dropped scores 0 % recovered', () => {
  const { image: lesioned, mask, signal } = paintLesion(image, size, { x: 30, y: 30, r: 6, contrast: 0.5 });
  // A "projection" that reconstructs the lesion as normal: the healthy image.
  const n = lesionNumbers(lesioned, image, size, mask);
  const unit = (a: ArrayLike<number>) => ({ ...size, data: Float64Array.from(a, (v) => (v + 1) / 2) });
  assert.ok(Math.abs(n.mseInside - mse(unit(lesioned), unit(image), mask)) < 1e-12);
  assert.ok(n.mseOutside < 0.05 * n.mseInside, 'outside the disc only its soft edge differs');
  assert.ok(n.ssimInside < n.ssimOutside);
  // The projection minus the reference on [0, 1] is −signal/2: its mean inside and outside the mask, exactly.
  const meanOf = (inside: boolean): number => {
    const values = Array.from(signal).filter((_, i) => Boolean(mask[i]) === inside);
    return -values.reduce((a, b) => a + b, 0) / values.length / 2;
  };
  assert.ok(Math.abs(n.differenceInside - meanOf(true)) < 1e-6 && Math.abs(n.differenceOutside - meanOf(false)) < 1e-6);
  assert.ok(Math.abs(lesionContrastRecovered(image, image, signal, mask)) < 1e-9);
  assert.ok(Math.abs(lesionContrastRecovered(lesioned, image, signal, mask) - 100) < 1e-6);
});

test('the report comparison equals the analysis module on [0, 1] with data range 1', () => {
  const other = addGaussianNoise(image, 0.05, new Rng(4));
  const c = compare(image, other, size);
  const unit = (a: ArrayLike<number>) => ({ ...size, data: Float64Array.from(a, (v) => (v + 1) / 2) });
  assert.equal(c.ssim, ssim(unit(image), unit(other), { variant: 'wang2004', dataRange: 1 }).mean);
  assert.equal(c.ssimSkimage, ssim(unit(image), unit(other), { variant: 'skimage', dataRange: 1 }).mean);
  assert.equal(c.mse, mse(unit(image), unit(other)));
  assert.ok(Math.abs(c.mseModel - 4 * c.mse) < 1e-15);
});
