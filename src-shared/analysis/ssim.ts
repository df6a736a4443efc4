// SSIM (two named variants matching scikit-image's `structural_similarity`) and 5-scale MS-SSIM.
// The map is full size (scipy 'reflect' borders); the mean is taken over the map cropped by the window radius,
// exactly as scikit-image does, so `mean` equals skimage's returned mssim.
import { gaussianKernel, reflectIndex, uniformKernel } from './filters.js';
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
  const c1 = ((options.k1 ?? 0.01) * options.dataRange) ** 2;
  const c2 = ((options.k2 ?? 0.03) * options.dataRange) ** 2;
  const map = new Float64Array(width * height);
  const csMap = new Float64Array(width * height);
  ssimMaps(a.data, b.data, { width, height }, kernel, { covNorm, c1, c2 }, map, csMap);
  return {
    variant: options.variant,
    width,
    height,
    mean: croppedMean(map, { width, height }, cropPx),
    maskedMean: options.mask ? croppedMean(map, { width, height }, cropPx, options.mask) : null,
    map,
    csMap,
    cropPx,
  };
}

// Scratch lines reused across calls (grown when an image is wider than any before): SSIM runs per image in
// batches, and five full-size temporaries per call were most of its time.
let scratch = new Float64Array(0);

/**
 * The SSIM and contrast·structure maps in one sweep over the rows: for each output row, the five moments
 * (x, y, x², y², xy) are filtered along the columns (scipy's axis 0, reflect borders) into five row buffers with
 * reflected margins, then along the row (axis 1), and combined at once. Float64 sums in scipy's order for a
 * symmetric window (centre tap, then pairs at ±t), so the values equal scikit-image's; no full-size temporaries.
 */
function ssimMaps(
  xs: GreyImage['data'],
  ys: GreyImage['data'],
  size: ImageSize,
  kernel: Float64Array,
  k: { covNorm: number; c1: number; c2: number },
  map: Float64Array,
  csMap: Float64Array,
): void {
  const { width, height } = size;
  const taps = kernel.length;
  const radius = (taps - 1) >> 1;
  const stride = width + 2 * radius;
  if (scratch.length < 5 * stride) scratch = new Float64Array(5 * stride);
  const lines = scratch;
  const { covNorm, c1, c2 } = k;
  for (let y = 0; y < height; y++) {
    // Symmetric windows: the centre tap, then each pair of rows at ±t times its weight (scipy's order too).
    const centre = y * width;
    const wc = kernel[radius];
    for (let x = 0; x < width; x++) {
      const a = xs[centre + x];
      const b = ys[centre + x];
      const o = x + radius;
      lines[o] = wc * a;
      lines[stride + o] = wc * b;
      lines[2 * stride + o] = wc * (a * a);
      lines[3 * stride + o] = wc * (b * b);
      lines[4 * stride + o] = wc * (a * b);
    }
    for (let t = 1; t <= radius; t++) {
      const up = reflectIndex(y - t, height) * width;
      const down = reflectIndex(y + t, height) * width;
      const w = kernel[radius + t];
      for (let x = 0; x < width; x++) {
        const a1 = xs[up + x];
        const b1 = ys[up + x];
        const a2 = xs[down + x];
        const b2 = ys[down + x];
        const o = x + radius;
        lines[o] += w * (a1 + a2);
        lines[stride + o] += w * (b1 + b2);
        lines[2 * stride + o] += w * (a1 * a1 + a2 * a2);
        lines[3 * stride + o] += w * (b1 * b1 + b2 * b2);
        lines[4 * stride + o] += w * (a1 * b1 + a2 * b2);
      }
    }
    for (let m = 0; m < 5; m++) {
      const base = m * stride;
      for (let i = 0; i < radius; i++) {
        lines[base + radius - 1 - i] = lines[base + radius + reflectIndex(-1 - i, width)];
        lines[base + radius + width + i] = lines[base + radius + reflectIndex(width + i, width)];
      }
    }
    const out = y * width;
    for (let x = 0; x < width; x++) {
      const c = x + radius;
      let ux = wc * lines[c];
      let uy = wc * lines[stride + c];
      let uxx = wc * lines[2 * stride + c];
      let uyy = wc * lines[3 * stride + c];
      let uxy = wc * lines[4 * stride + c];
      for (let t = 1; t <= radius; t++) {
        const w = kernel[radius + t];
        const l = c - t;
        const r = c + t;
        ux += w * (lines[l] + lines[r]);
        uy += w * (lines[stride + l] + lines[stride + r]);
        uxx += w * (lines[2 * stride + l] + lines[2 * stride + r]);
        uyy += w * (lines[3 * stride + l] + lines[3 * stride + r]);
        uxy += w * (lines[4 * stride + l] + lines[4 * stride + r]);
      }
      const vx = covNorm * (uxx - ux * ux);
      const vy = covNorm * (uyy - uy * uy);
      const vxy = covNorm * (uxy - ux * uy);
      const cs = (2 * vxy + c2) / (vx + vy + c2);
      csMap[out + x] = cs;
      map[out + x] = ((2 * ux * uy + c1) / (ux * ux + uy * uy + c1)) * cs;
    }
  }
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
