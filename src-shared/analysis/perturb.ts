// Perturbations of an image on the model's [−1, 1] scale for the fidelity report (Gaussian noise, salt-and-pepper,
// Gaussian blur, inpainting) and the controlled lesion experiment (a smooth disc painted in). Pure functions with the
// random source passed in, so a report is reproducible from its seed.
import { gaussianKernel, separableFilter } from './filters.js';
import type { ImageSize } from './image.js';

export interface RandomSource {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
}

/** image + N(0, σ²) per pixel (values are not clipped: the model's range is where the noise is defined). */
export function addGaussianNoise(image: Float32Array, sigma: number, random: RandomSource): Float32Array {
  return Float32Array.from(image, (v) => v + sigma * random.normal());
}

/**
 * Exactly round(fraction·n) distinct pixels flipped, half of them (rounded down) to +1 (salt), the rest to −1 (pepper);
 * returns the image and which pixels were hit (1 salt, −1 pepper, 0 untouched).
 */
export function saltAndPepper(image: Float32Array, fraction: number, random: RandomSource): { image: Float32Array; hits: Int8Array } {
  const n = image.length;
  const count = Math.round(fraction * n);
  // Partial Fisher–Yates: the first `count` entries of a shuffled index list.
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random.uniform() * (n - i));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const out = Float32Array.from(image);
  const hits = new Int8Array(n);
  const salt = Math.floor(count / 2);
  for (let i = 0; i < count; i++) {
    const p = order[i];
    out[p] = i < salt ? 1 : -1;
    hits[p] = i < salt ? 1 : -1;
  }
  return { image: out, hits };
}

/** Gaussian blur of σ pixels (kernel truncated at 4σ, scipy.ndimage.gaussian_filter's default, 'reflect' borders). */
export function gaussianBlur(image: Float32Array, size: ImageSize, sigma: number): Float32Array {
  return Float32Array.from(separableFilter(Float64Array.from(image), size, gaussianKernel(sigma, 4)));
}

/** Pixels inside `mask` replaced by the mean of the whole image (the fill the fidelity report states). */
export function inpaint(image: Float32Array, mask: ArrayLike<number>): Float32Array {
  if (mask.length !== image.length) throw new RangeError(`inpaint mask has ${mask.length} pixels, the image ${image.length}`);
  let mean = 0;
  for (const v of image) mean += v / image.length;
  return Float32Array.from(image, (v, i) => (mask[i] ? mean : v));
}

/** A rectangle x, y, w, h (pixels, clipped to the image) as a 0/1 mask. */
export function rectangleMask(size: ImageSize, rect: readonly [number, number, number, number]): Uint8Array {
  const [x0, y0, w, h] = rect;
  const mask = new Uint8Array(size.width * size.height);
  for (let y = Math.max(0, y0); y < Math.min(size.height, y0 + h); y++) for (let x = Math.max(0, x0); x < Math.min(size.width, x0 + w); x++) mask[y * size.width + x] = 1;
  if (!mask.some((v) => v)) throw new RangeError(`rectangle ${rect.join(',')} lies outside the ${size.width}×${size.height} image`);
  return mask;
}

/**
 * A smooth disc of `contrast` (on the [−1, 1] scale) centred at (x, y) with radius r: full contrast inside, a logistic
 * edge one pixel wide. Returns the lesioned image, the added signal and the mask (pixels within r).
 */
export function paintLesion(image: Float32Array, size: ImageSize, lesion: { x: number; y: number; r: number; contrast: number }): { image: Float32Array; signal: Float32Array; mask: Uint8Array } {
  const signal = new Float32Array(image.length);
  const mask = new Uint8Array(image.length);
  for (let y = 0; y < size.height; y++) {
    for (let x = 0; x < size.width; x++) {
      const d = Math.hypot(x - lesion.x, y - lesion.y);
      const i = y * size.width + x;
      signal[i] = lesion.contrast / (1 + Math.exp((d - lesion.r) / 0.5));
      mask[i] = d <= lesion.r ? 1 : 0;
    }
  }
  if (!mask.some((v) => v)) throw new RangeError(`lesion at (${lesion.x}, ${lesion.y}) r ${lesion.r} lies outside the ${size.width}×${size.height} image`);
  return { image: Float32Array.from(image, (v, i) => v + signal[i]), signal, mask };
}
