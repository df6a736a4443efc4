// Pixel error metrics with scikit-image's definitions (mean_squared_error, peak_signal_noise_ratio,
// normalized_root_mse), optionally restricted to a foreground mask. `reference` is skimage's image_true.
import { assertMaskFits, assertSameSize } from './image.js';
import type { GreyImage, Mask } from './image.js';

export const nrmseNormalizations = ['euclidean', 'min-max', 'mean'] as const;
export type NrmseNormalization = (typeof nrmseNormalizations)[number];

interface PixelStats {
  count: number;
  sumSquaredError: number;
  refSum: number;
  refSumSquares: number;
  refMin: number;
  refMax: number;
}

function pixelStats(reference: GreyImage, test: GreyImage, mask?: Mask): PixelStats {
  assertSameSize(reference, test);
  assertMaskFits(mask, reference.data.length);
  const stats: PixelStats = { count: 0, sumSquaredError: 0, refSum: 0, refSumSquares: 0, refMin: Infinity, refMax: -Infinity };
  const r = reference.data;
  const t = test.data;
  for (let i = 0; i < r.length; i++) {
    if (mask && !mask[i]) continue;
    const d = r[i] - t[i];
    stats.count++;
    stats.sumSquaredError += d * d;
    stats.refSum += r[i];
    stats.refSumSquares += r[i] * r[i];
    if (r[i] < stats.refMin) stats.refMin = r[i];
    if (r[i] > stats.refMax) stats.refMax = r[i];
  }
  if (stats.count === 0) throw new RangeError('the mask selects no pixels');
  return stats;
}

export function mse(reference: GreyImage, test: GreyImage, mask?: Mask): number {
  const s = pixelStats(reference, test, mask);
  return s.sumSquaredError / s.count;
}

export function rmse(reference: GreyImage, test: GreyImage, mask?: Mask): number {
  return Math.sqrt(mse(reference, test, mask));
}

/** 10·log10(R²/MSE) in dB; Infinity for identical images. */
export function psnr(reference: GreyImage, test: GreyImage, dataRange: number, mask?: Mask): number {
  if (!(dataRange > 0) || !Number.isFinite(dataRange)) throw new RangeError(`data range must be a positive number, got ${dataRange}`);
  const error = mse(reference, test, mask);
  return error === 0 ? Infinity : 10 * Math.log10((dataRange * dataRange) / error);
}

/** RMSE divided by √mean(ref²) ('euclidean', skimage's default), ref max − min, or ref mean. */
export function nrmse(reference: GreyImage, test: GreyImage, normalization: NrmseNormalization = 'euclidean', mask?: Mask): number {
  const s = pixelStats(reference, test, mask);
  const root = Math.sqrt(s.sumSquaredError / s.count);
  const denominator =
    normalization === 'euclidean' ? Math.sqrt(s.refSumSquares / s.count) : normalization === 'min-max' ? s.refMax - s.refMin : s.refSum / s.count;
  return root / denominator;
}
