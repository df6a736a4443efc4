// SSIM (two named variants matching scikit-image's `structural_similarity`) and 5-scale MS-SSIM.
// The map is full size (scipy 'reflect' borders); the mean is taken over the map cropped by the window radius,
// exactly as scikit-image does, so `mean` equals skimage's returned mssim.
import { gaussianKernel, separableFilter, uniformKernel } from './filters.js';
import { assertMaskFits, assertSameSize, toFloat64 } from './image.js';
import type { GreyImage, ImageSize, Mask } from './image.js';

export const ssimVariants = ['wang2004', 'skimage'] as const;
export type SsimVariant = (typeof ssimVariants)[number];

export interface SsimOptions {
  variant: SsimVariant;
  /** Max minus min of the possible values (e.g. 1 for [0, 1], 255 for 8-bit). Never guessed. */
  dataRange: number;
  k1?: number;
  k2?: number;
  /** Foreground mask: adds `maskedMean`, the mean of the cropped map inside it. */
  mask?: Mask;
}

export interface SsimResult extends ImageSize {
  variant: SsimVariant;
  mean: number;
  /** Mean over the mask inside the cropped region; null without a mask or when the mask misses it. */
  maskedMean: number | null;
  /** Full-size SSIM map, row-major. */
  map: Float64Array;
  /** Contrast·structure map (the MS-SSIM ingredient), same layout as `map`. */
  csMap: Float64Array;
  /** Pixels dropped at each border before averaging (window radius). */
  cropPx: number;
}

interface WindowSpec {
  kernel: Float64Array;
  /** scikit-image's `cov_norm`: NP/(NP−1) for sample covariance, 1 for population covariance. */
  covNorm: number;
}

/** The window each variant uses: Gaussian σ 1.5 (11 taps, population) or 7×7 uniform (sample covariance). */
export function ssimWindow(variant: SsimVariant): WindowSpec {
  if (variant === 'wang2004') return { kernel: gaussianKernel(1.5, 3.5), covNorm: 1 };
  const size = 7;
  const np = size * size;
  return { kernel: uniformKernel(size), covNorm: np / (np - 1) };
}

export function ssim(a: GreyImage, b: GreyImage, options: SsimOptions): SsimResult {
  assertSameSize(a, b);
  const { width, height } = a;
  const { kernel, covNorm } = ssimWindow(options.variant);
  const cropPx = (kernel.length - 1) >> 1;
  if (width < kernel.length || height < kernel.length) {
    throw new RangeError(`SSIM (${options.variant}) needs images at least ${kernel.length}×${kernel.length}; got ${width}×${height}`);
  }
  if (!(options.dataRange > 0) || !Number.isFinite(options.dataRange)) throw new RangeError(`data range must be a positive number, got ${options.dataRange}`);
  assertMaskFits(options.mask, width * height);
  const x = toFloat64(a.data);
  const y = toFloat64(b.data);
  const n = x.length;
  const xx = new Float64Array(n);
  const yy = new Float64Array(n);
  const xy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xx[i] = x[i] * x[i];
    yy[i] = y[i] * y[i];
    xy[i] = x[i] * y[i];
  }
  const size = { width, height };
  const ux = separableFilter(x, size, kernel);
  const uy = separableFilter(y, size, kernel);
  const uxx = separableFilter(xx, size, kernel);
  const uyy = separableFilter(yy, size, kernel);
  const uxy = separableFilter(xy, size, kernel);
  const c1 = ((options.k1 ?? 0.01) * options.dataRange) ** 2;
  const c2 = ((options.k2 ?? 0.03) * options.dataRange) ** 2;
  const map = new Float64Array(n);
  const csMap = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const vx = covNorm * (uxx[i] - ux[i] * ux[i]);
    const vy = covNorm * (uyy[i] - uy[i] * uy[i]);
    const vxy = covNorm * (uxy[i] - ux[i] * uy[i]);
    const cs = (2 * vxy + c2) / (vx + vy + c2);
    csMap[i] = cs;
    map[i] = ((2 * ux[i] * uy[i] + c1) / (ux[i] * ux[i] + uy[i] * uy[i] + c1)) * cs;
  }
  return {
    variant: options.variant,
    width,
    height,
    mean: croppedMean(map, size, cropPx),
    maskedMean: options.mask ? croppedMean(map, size, cropPx, options.mask) : null,
    map,
    csMap,
    cropPx,
  };
}

/** Mean of `values` without `crop` pixels at each border (and only inside `mask` when given); NaN if empty. */
export function croppedMean(values: Float64Array, size: ImageSize, crop: number, mask?: Mask): number {
  let sum = 0;
  let count = 0;
  for (let y = crop; y < size.height - crop; y++) {
    for (let x = crop; x < size.width - crop; x++) {
      const i = y * size.width + x;
      if (mask && !mask[i]) continue;
      sum += values[i];
      count++;
    }
  }
  return count === 0 ? Number.NaN : sum / count;
}

/** The standard MS-SSIM scale weights (Wang, Simoncelli & Bovik 2003). */
export const msSsimWeights = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333] as const;

/** Smallest image side MS-SSIM accepts: the 11-tap window must still fit after four 2× reductions. */
export function msSsimMinSide(scales = msSsimWeights.length, windowTaps = 11): number {
  return (windowTaps - 1) * 2 ** (scales - 1) + 1;
}

export interface MsSsimResult {
  value: number;
  /** Per scale, finest first: mean contrast·structure, and the full SSIM at the coarsest scale. */
  scales: Array<{ width: number; height: number; cs: number; ssim: number }>;
}

/**
 * MS-SSIM with the wang2004 window at each scale, 2×2 average pooling between scales (odd last rows/columns
 * dropped), and negative per-scale values clamped to 0 before the weighted product (as pytorch-msssim does,
 * so fractional powers stay real).
 */
export function msSsim(a: GreyImage, b: GreyImage, options: { dataRange: number }): MsSsimResult {
  assertSameSize(a, b);
  const minSide = msSsimMinSide();
  if (Math.min(a.width, a.height) < minSide) {
    throw new RangeError(
      `MS-SSIM needs images at least ${minSide}×${minSide} (an 11-tap window over ${msSsimWeights.length} scales); got ${a.width}×${a.height}`,
    );
  }
  let x: GreyImage = { width: a.width, height: a.height, data: toFloat64(a.data) };
  let y: GreyImage = { width: b.width, height: b.height, data: toFloat64(b.data) };
  const scales: MsSsimResult['scales'] = [];
  let value = 1;
  msSsimWeights.forEach((weight, level) => {
    const result = ssim(x, y, { variant: 'wang2004', dataRange: options.dataRange });
    const cs = croppedMean(result.csMap, result, result.cropPx);
    scales.push({ width: x.width, height: x.height, cs, ssim: result.mean });
    const last = level === msSsimWeights.length - 1;
    value *= Math.max(last ? result.mean : cs, 0) ** weight;
    if (!last) {
      x = halve(x);
      y = halve(y);
    }
  });
  return { value, scales };
}

/** 2×2 average pooling; an odd last row or column is dropped. */
export function halve(image: GreyImage): GreyImage {
  const width = image.width >> 1;
  const height = image.height >> 1;
  const out = new Float64Array(width * height);
  const src = image.data;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = 2 * y * image.width + 2 * x;
      out[y * width + x] = 0.25 * (src[i] + src[i + 1] + src[i + image.width] + src[i + image.width + 1]);
    }
  }
  return { width, height, data: out };
}
