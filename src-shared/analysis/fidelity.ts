// The numbers of a fidelity report for one projection: SSIM (both variants), MSE, PSNR and NRMSE against a reference,
// on images mapped from the model's [−1, 1] to [0, 1] (data range 1, as the published figures), plus MSE on the
// model's scale; lesion-aware numbers inside vs outside a mask; and the share of a painted lesion's contrast that the
// projection reproduces.
import { mse, nrmse, psnr } from './errorMetrics.js';
import type { GreyImage, ImageSize } from './image.js';
import { croppedMean, ssim } from './ssim.js';

export interface Comparison {
  /** Gaussian window σ 1.5 (Wang et al. 2004), data range 1 on [0, 1]. */
  ssim: number;
  /** 7×7 uniform window, sample covariance (scikit-image's default), data range 1. */
  ssimSkimage: number;
  /** On [0, 1]. */
  mse: number;
  /** On the model's [−1, 1] scale (4 × the [0, 1] value). */
  mseModel: number;
  /** dB, data range 1; null for identical images. */
  psnr: number | null;
  /** RMSE / √mean(reference²), on [0, 1]. */
  nrmse: number;
}

export const unit = (data: ArrayLike<number>, size: ImageSize): GreyImage => ({ ...size, data: Float64Array.from(data, (v) => (v + 1) / 2) });

export function compare(reference: ArrayLike<number>, test: ArrayLike<number>, size: ImageSize): Comparison {
  const a = unit(reference, size);
  const b = unit(test, size);
  const m = mse(a, b);
  const p = psnr(a, b, 1);
  return {
    ssim: ssim(a, b, { variant: 'wang2004', dataRange: 1 }).mean,
    ssimSkimage: ssim(a, b, { variant: 'skimage', dataRange: 1 }).mean,
    mse: m,
    mseModel: 4 * m,
    psnr: Number.isFinite(p) ? p : null,
    nrmse: nrmse(a, b),
  };
}

export interface LesionNumbers {
  pixelsInside: number;
  ssimInside: number;
  ssimOutside: number;
  mseInside: number;
  mseOutside: number;
  /** mseInside / mseOutside: > 1 means the region is reproduced worse than the rest. */
  mseRatio: number;
  /** Mean signed difference (test − reference) inside and outside, on [0, 1]. */
  differenceInside: number;
  differenceOutside: number;
}

/** SSIM (wang2004 map, border-cropped as the mean) and MSE inside vs outside `mask`. */
export function lesionNumbers(reference: ArrayLike<number>, test: ArrayLike<number>, size: ImageSize, mask: ArrayLike<number>): LesionNumbers {
  const a = unit(reference, size);
  const b = unit(test, size);
  const outside = Uint8Array.from(mask, (v) => (v ? 0 : 1));
  const map = ssim(a, b, { variant: 'wang2004', dataRange: 1 });
  const mean = (values: Float64Array, m: ArrayLike<number>): number => {
    let s = 0;
    let n = 0;
    for (let i = 0; i < values.length; i++) {
      if (!m[i]) continue;
      s += values[i];
      n++;
    }
    return s / n;
  };
  const signed = Float64Array.from(a.data, (v, i) => b.data[i] - v);
  const inside = Array.from(mask).filter((v) => v).length;
  if (inside === 0 || inside === mask.length) throw new RangeError(`the lesion mask must select some pixels and leave some out (it selects ${inside} of ${mask.length})`);
  const mseInside = mse(a, b, mask);
  const mseOutside = mse(a, b, outside);
  // The SSIM map is averaged without the window radius at the borders (as its mean is); a mask entirely in the
  // border falls back to the uncropped map.
  const cropped = croppedMean(map.map, size, map.cropPx, mask);
  return {
    pixelsInside: inside,
    ssimInside: Number.isNaN(cropped) ? mean(map.map, mask) : cropped,
    ssimOutside: croppedMean(map.map, size, map.cropPx, outside),
    mseInside,
    mseOutside,
    mseRatio: mseInside / mseOutside,
    differenceInside: mean(signed, mask),
    differenceOutside: mean(signed, outside),
  };
}

/**
 * How much of a painted lesion the projection reproduces: mean over the mask of (projection of the lesioned image −
 * projection of the healthy image) over the mean painted signal, in %. 0 % = reconstructed as normal, 100 % = kept.
 */
export function lesionContrastRecovered(projLesioned: ArrayLike<number>, projHealthy: ArrayLike<number>, signal: ArrayLike<number>, mask: ArrayLike<number>): number {
  let recovered = 0;
  let painted = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    recovered += projLesioned[i] - projHealthy[i];
    painted += signal[i];
  }
  return (100 * recovered) / painted;
}
