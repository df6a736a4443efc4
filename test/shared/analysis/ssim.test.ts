// SSIM (wang2004 and skimage variants), masked SSIM and MS-SSIM against scikit-image and closed forms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { msSsim, msSsimMinSide, ssim } from '../../../src-shared/analysis/ssim.js';
import { gaussianKernel, reflectIndex } from '../../../src-shared/analysis/filters.js';
import type { GreyImage } from '../../../src-shared/analysis/image.js';
import { assertClose, fixtureImage, fixtureNpy, reference } from './referenceData.js';

function image(width: number, height: number, f: (x: number, y: number) => number): GreyImage {
  const data = new Float64Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = f(x, y);
  return { width, height, data };
}

const texture = image(48, 40, (x, y) => 100 + 40 * Math.sin(x / 3) * Math.cos(y / 5) + ((x * 7 + y * 13) % 11));

test('reflect indexing mirrors scipy: d c b a | a b c d | d c b a', () => {
  assert.deepEqual([-3, -2, -1, 0, 3, 4, 5, 6].map((i) => reflectIndex(i, 4)), [2, 1, 0, 0, 3, 3, 2, 1]);
});

test('the wang2004 Gaussian window has 11 taps summing to 1', () => {
  const k = gaussianKernel(1.5, 3.5);
  assert.equal(k.length, 11);
  assertClose(k.reduce((a, b) => a + b, 0), 1, 1e-15, 'kernel sum');
});

for (const variant of ['wang2004', 'skimage'] as const) {
  test(`${variant}: SSIM of an image with itself is exactly 1 everywhere`, () => {
    const result = ssim(texture, texture, { variant, dataRange: 255 });
    assert.equal(result.mean, 1);
    assert.ok(result.map.every((v) => Math.abs(v - 1) < 1e-12));
  });

  test(`${variant}: a constant offset c gives the closed-form luminance term (2μ(μ+c)+C1)/(μ²+(μ+c)²+C1)`, () => {
    // On a constant image every window has the same mean and zero variance, so SSIM is the luminance term alone.
    const mu = 80;
    const c = 30;
    const a = image(30, 30, () => mu);
    const b = image(30, 30, () => mu + c);
    const c1 = (0.01 * 255) ** 2;
    const expected = (2 * mu * (mu + c) + c1) / (mu * mu + (mu + c) ** 2 + c1);
    assertClose(ssim(a, b, { variant, dataRange: 255 }).mean, expected, 1e-12, 'offset SSIM');
  });

  test(`${variant}: a contrast change k·(x − μ) + μ gives (2kσ²+C2)/((1+k²)σ²+C2) for each window`, () => {
    // A ±1 checkerboard has identical local statistics in every interior window; check the centre pixel.
    const k = 0.5;
    const a = image(31, 31, (x, y) => 100 + 20 * ((x + y) % 2 ? 1 : -1));
    const b = image(31, 31, (x, y) => 100 + k * 20 * ((x + y) % 2 ? 1 : -1));
    const result = ssim(a, b, { variant, dataRange: 255 });
    const centre = 15 * 31 + 15;
    // Window mean and variance of the checkerboard at the centre, from the filter itself.
    const { map } = ssim(a, a, { variant, dataRange: 255 });
    assert.equal(map[centre], 1);
    const c1 = (0.01 * 255) ** 2;
    const c2 = (0.03 * 255) ** 2;
    // Means differ slightly from 100 (odd window over a checkerboard): derive them from the images directly.
    const weights = variant === 'wang2004' ? gaussianKernel(1.5) : new Float64Array(7).fill(1 / 7);
    const r = (weights.length - 1) / 2;
    let meanA = 0;
    let meanSqA = 0;
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        const w = weights[dy + r] * weights[dx + r];
        const v = a.data[(15 + dy) * 31 + 15 + dx];
        meanA += w * v;
        meanSqA += w * v * v;
      }
    }
    const norm = variant === 'skimage' ? 49 / 48 : 1;
    const varA = norm * (meanSqA - meanA * meanA);
    const meanB = 100 + k * (meanA - 100);
    const expected = ((2 * meanA * meanB + c1) / (meanA ** 2 + meanB ** 2 + c1)) * ((2 * k * varA + c2) / ((1 + k * k) * varA + c2));
    assertClose(result.map[centre], expected, 1e-12, 'contrast SSIM at the centre');
  });
}

const pairs = [
  ['normal_vs_recon', 'cxr_normal.png', 'cxr_normal_recon.npy', 255],
  ['normal_vs_pneumonia', 'cxr_normal.png', 'cxr_pneumonia.png', 255],
  ['small', 'small_a.npy', 'small_b.npy', 1],
] as const;

for (const [name, fileA, fileB, range] of pairs) {
  for (const variant of ['wang2004', 'skimage'] as const) {
    test(`${variant}: ${name} matches scikit-image structural_similarity (mean and full-map probes, incl. borders)`, () => {
      const expected = reference.images[name].ssim[variant];
      const result = ssim(fixtureImage(fileA), fixtureImage(fileB), { variant, dataRange: range });
      assertClose(result.mean, expected.mean, 1e-12, 'mean SSIM');
      for (const [y, x, value] of expected.probes) assertClose(result.map[y * result.width + x], value, 1e-11, `map[${y}, ${x}]`);
    });
  }
}

test('masked mean SSIM averages the cropped map inside the mask only', () => {
  const a = fixtureImage('cxr_normal.png');
  const b = fixtureImage('cxr_normal_recon.npy');
  const mask = fixtureNpy('cxr_normal_mask.npy').data;
  const result = ssim(a, b, { variant: 'wang2004', dataRange: 255, mask });
  let sum = 0;
  let n = 0;
  for (let y = 5; y < 251; y++) {
    for (let x = 5; x < 251; x++) {
      if (!mask[y * 256 + x]) continue;
      sum += result.map[y * 256 + x];
      n++;
    }
  }
  assertClose(result.maskedMean ?? Number.NaN, sum / n, 1e-12, 'masked mean');
  assert.notEqual(result.maskedMean, result.mean);
});

test('SSIM refuses an unspecified or non-positive data range', () => {
  assert.throws(() => ssim(texture, texture, { variant: 'skimage', dataRange: 0 }), /data range/);
  assert.throws(() => ssim(texture, texture, { variant: 'skimage', dataRange: Number.NaN }), /data range/);
});

for (const [name, other] of [['normal_vs_recon', 'cxr_normal_recon.npy'], ['normal_vs_pneumonia', 'cxr_pneumonia.png']] as const) {
  test(`MS-SSIM of ${name} equals an independent NumPy/SciPy implementation, scale by scale`, () => {
    const expected = reference.msssim[name];
    const result = msSsim(fixtureImage('cxr_normal.png'), fixtureImage(other), { dataRange: 255 });
    assertClose(result.value, expected.value, 1e-12, 'MS-SSIM');
    expected.scales.forEach(([cs, s], i) => {
      assertClose(result.scales[i].cs, cs, 1e-12, `cs at scale ${i + 1}`);
      assertClose(result.scales[i].ssim, s, 1e-12, `ssim at scale ${i + 1}`);
    });
  });
}

test('MS-SSIM is 1 for identical images, below 1 for a degraded one, and refuses images under 161 px', () => {
  const a = fixtureImage('cxr_normal.png');
  const b = fixtureImage('cxr_normal_recon.npy');
  assertClose(msSsim(a, a, { dataRange: 255 }).value, 1, 1e-12, 'MS-SSIM self');
  const degraded = msSsim(a, b, { dataRange: 255 });
  assert.equal(degraded.scales.length, 5);
  assert.deepEqual(degraded.scales.map((s) => s.width), [256, 128, 64, 32, 16]);
  assert.ok(degraded.value > 0.5 && degraded.value < 1, `MS-SSIM ${degraded.value}`);
  assert.equal(msSsimMinSide(), 161);
  assert.throws(() => msSsim(texture, texture, { dataRange: 255 }), /at least 161×161.*got 48×40/);
});
