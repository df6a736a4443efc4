// Separable 2D filters that reproduce scipy.ndimage (mode 'reflect', odd windows, origin 0), because SSIM must
// give the numbers scikit-image users see, including the border pixels of the full map.
import type { ImageSize } from './image.js';

/** scipy's `gaussian_filter1d` kernel: radius int(truncate·σ + 0.5), weights exp(−x²/2σ²) normalised to sum 1. */
export function gaussianKernel(sigma: number, truncate = 3.5): Float64Array {
  if (!(sigma > 0)) throw new RangeError(`gaussian sigma must be positive, got ${sigma}`);
  const radius = Math.trunc(truncate * sigma + 0.5);
  const weights = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let x = -radius; x <= radius; x++) {
    const w = Math.exp((-0.5 * x * x) / (sigma * sigma));
    weights[x + radius] = w;
    sum += w;
  }
  for (let i = 0; i < weights.length; i++) weights[i] /= sum;
  return weights;
}

/** scipy's `uniform_filter` kernel of an odd size: every tap 1/size. */
export function uniformKernel(size: number): Float64Array {
  if (!Number.isInteger(size) || size < 1 || size % 2 === 0) throw new RangeError(`uniform window size must be an odd positive integer, got ${size}`);
  return new Float64Array(size).fill(1 / size);
}

/** scipy 'reflect' (half-sample symmetric, d c b a | a b c d | d c b a) index into [0, n). */
export function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * n;
  let j = i % period;
  if (j < 0) j += period;
  return j < n ? j : period - j - 1;
}

function correlateLine(src: Float64Array, srcOffset: number, stride: number, n: number, kernel: Float64Array, line: Float64Array, dst: Float64Array): void {
  const radius = (kernel.length - 1) >> 1;
  // Copy the line with its reflected margins once, so the inner loop has no branches.
  for (let i = -radius; i < n + radius; i++) line[i + radius] = src[srcOffset + reflectIndex(i, n) * stride];
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let t = 0; t < kernel.length; t++) acc += kernel[t] * line[i + t];
    dst[srcOffset + i * stride] = acc;
  }
}

/** Correlates a row-major image with `kernel` along rows then columns (the same order as scipy's axis loop). */
export function separableFilter(image: Float64Array, size: ImageSize, kernel: Float64Array): Float64Array {
  const { width, height } = size;
  const radius = (kernel.length - 1) >> 1;
  const tmp = new Float64Array(image.length);
  const out = new Float64Array(image.length);
  // scipy filters axis 0 (rows index, i.e. along columns) first, then axis 1.
  const colLine = new Float64Array(height + 2 * radius);
  for (let x = 0; x < width; x++) correlateLine(image, x, width, height, kernel, colLine, tmp);
  const rowLine = new Float64Array(width + 2 * radius);
  for (let y = 0; y < height; y++) correlateLine(tmp, y * width, 1, width, kernel, rowLine, out);
  return out;
}
