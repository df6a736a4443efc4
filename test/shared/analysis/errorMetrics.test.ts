// MSE/RMSE/PSNR/NRMSE and Otsu against scikit-image, with masks and clear refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mse, nrmse, psnr, rmse } from '../../../src-shared/analysis/errorMetrics.js';
import { otsuMask, otsuThreshold } from '../../../src-shared/analysis/otsu.js';
import { assertClose, fixtureImage, fixtureNpy, reference } from './referenceData.js';

const pairs = [
  ['normal_vs_recon', 'cxr_normal.png', 'cxr_normal_recon.npy', 255],
  ['normal_vs_pneumonia', 'cxr_normal.png', 'cxr_pneumonia.png', 255],
  ['small', 'small_a.npy', 'small_b.npy', 1],
] as const;

for (const [name, fileA, fileB, range] of pairs) {
  test(`${name}: MSE, RMSE, PSNR and the three NRMSE normalisations match scikit-image`, () => {
    const expected = reference.images[name].errors;
    const a = fixtureImage(fileA);
    const b = fixtureImage(fileB);
    assertClose(mse(a, b), expected.mse, 1e-12, 'MSE');
    assertClose(rmse(a, b), Math.sqrt(expected.mse), 1e-12, 'RMSE');
    assertClose(psnr(a, b, range), expected.psnr, 1e-12, 'PSNR');
    assertClose(nrmse(a, b, 'euclidean'), expected.nrmse_euclidean, 1e-12, 'NRMSE euclidean');
    assertClose(nrmse(a, b, 'min-max'), expected.nrmse_minmax, 1e-12, 'NRMSE min-max');
    assertClose(nrmse(a, b, 'mean'), expected.nrmse_mean, 1e-12, 'NRMSE mean');
  });
}

test('masked error metrics equal scikit-image on the masked pixels (a[mask], b[mask])', () => {
  const expected = reference.images.normal_vs_recon.errors_masked;
  assert.ok(expected);
  const a = fixtureImage('cxr_normal.png');
  const b = fixtureImage('cxr_normal_recon.npy');
  const mask = fixtureNpy('cxr_normal_mask.npy').data;
  assertClose(mse(a, b, mask), expected.mse, 1e-12, 'masked MSE');
  assertClose(psnr(a, b, 255, mask), expected.psnr, 1e-12, 'masked PSNR');
  assertClose(nrmse(a, b, 'euclidean', mask), expected.nrmse_euclidean, 1e-12, 'masked NRMSE');
});

test('PSNR of identical images is +Infinity and a constant offset c gives 20·log10(R/c)', () => {
  const a = { width: 4, height: 2, data: [1, 2, 3, 4, 5, 6, 7, 8] };
  const b = { width: 4, height: 2, data: a.data.map((v) => v + 2) };
  assert.equal(psnr(a, a, 255), Infinity);
  assertClose(psnr(a, b, 255), 20 * Math.log10(255 / 2), 1e-12, 'offset PSNR');
  assert.equal(mse(a, b), 4);
});

test('error metrics reject mismatched sizes and empty masks with a clear message', () => {
  const a = { width: 2, height: 2, data: [1, 2, 3, 4] };
  const b = { width: 4, height: 1, data: [1, 2, 3, 4] };
  assert.throws(() => mse(a, b), /differ in size: 2×2 vs 4×1/);
  assert.throws(() => mse(a, a, [0, 0, 0, 0]), /mask selects no pixels/);
  assert.throws(() => psnr(a, a, -1), /data range/);
});

test('Otsu threshold matches scikit-image threshold_otsu on a uint8 X-ray and a float reconstruction', () => {
  assertClose(otsuThreshold(fixtureImage('cxr_normal.png').data), reference.otsu.normal, 1e-12, 'Otsu (normal)');
  assertClose(otsuThreshold(fixtureImage('cxr_normal_recon.npy').data), reference.otsu.recon, 1e-12, 'Otsu (recon)');
  const { mask } = otsuMask(fixtureImage('cxr_normal.png').data);
  assert.equal(mask.reduce((a, b) => a + b, 0), reference.otsu.mask_count);
});
