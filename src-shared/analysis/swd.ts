// Sliced Wasserstein distance on Laplacian-pyramid patches, as ProGAN (Karras et al. 2018) defined it for GAN quality.
// Hand-written: no maintained JS package computes it; it needs no downloaded network (unlike FID), so it runs offline.
import { seededRandom } from './vectors.js';

/** A stack of N images, C channels, H×W, C-order (NCHW), float32. */
export interface ImageStack {
  data: Float32Array;
  n: number;
  c: number;
  h: number;
  w: number;
}

export interface SwdOptions {
  /** Patch side (ProGAN: 7). */
  patch: number;
  /** Patches drawn per image per level (ProGAN: 128). */
  perImage: number;
  /** Coarsest pyramid level in pixels (ProGAN stops at 16; the models issue asks for 64→8). */
  minResolution: number;
  /** Repeats of random directions (ProGAN: 4) and directions per repeat (ProGAN: 128): 512 projections in all. */
  repeats: number;
  directionsPerRepeat: number;
  seed: number;
}

export const defaultSwdOptions: SwdOptions = { patch: 7, perImage: 128, minResolution: 8, repeats: 4, directionsPerRepeat: 128, seed: 0 };

export interface SwdResult {
  /** One entry per pyramid level, finest first: resolution and SWD ×10³ (ProGAN's reporting scale). */
  levels: Array<{ resolution: number; swd: number }>;
  /** Mean over levels, ×10³. */
  mean: number;
  options: SwdOptions;
}

// The 5-tap binomial filter of cv2.pyrDown, separable: [1 4 6 4 1]/16 in each direction.
const taps = [1 / 16, 4 / 16, 6 / 16, 4 / 16, 1 / 16];

/** scipy.ndimage 'mirror' boundary: d c b | a b c d | c b a (the edge sample is not repeated). */
function mirror(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let k = i % period;
  if (k < 0) k += period;
  return k < n ? k : period - k;
}

/** 2D convolution of every H×W plane with the binomial filter times `gain`, mirror borders (scipy.ndimage.convolve). */
function blurPlanes(src: Float32Array, planes: number, h: number, w: number, gain: number): Float32Array {
  const tmp = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  for (let p = 0; p < planes; p++) {
    const o = p * h * w;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let s = 0;
        for (let t = 0; t < 5; t++) s += taps[t] * src[o + y * w + mirror(x + t - 2, w)];
        tmp[o + y * w + x] = s;
      }
    }
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let s = 0;
        for (let t = 0; t < 5; t++) s += taps[t] * tmp[o + mirror(y + t - 2, h) * w + x];
        out[o + y * w + x] = s * gain;
      }
    }
  }
  return out;
}

function pyrDown(s: ImageStack): ImageStack {
  const blurred = blurPlanes(s.data, s.n * s.c, s.h, s.w, 1);
  const h = Math.ceil(s.h / 2);
  const w = Math.ceil(s.w / 2);
  const data = new Float32Array(s.n * s.c * h * w);
  for (let p = 0; p < s.n * s.c; p++) {
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[(p * h + y) * w + x] = blurred[(p * s.h + 2 * y) * s.w + 2 * x];
  }
  return { ...s, data, h, w };
}

function pyrUp(s: ImageStack): ImageStack {
  const h = s.h * 2;
  const w = s.w * 2;
  const zeros = new Float32Array(s.n * s.c * h * w);
  for (let p = 0; p < s.n * s.c; p++) {
    for (let y = 0; y < s.h; y++) for (let x = 0; x < s.w; x++) zeros[(p * h + 2 * y) * w + 2 * x] = s.data[(p * s.h + y) * s.w + x];
  }
  return { ...s, data: blurPlanes(zeros, s.n * s.c, h, w, 4), h, w };
}

/** Laplacian pyramid, finest level first; the last level is the Gaussian residual (ProGAN's generate_laplacian_pyramid). */
export function laplacianPyramid(images: ImageStack, levels: number): ImageStack[] {
  const pyramid: ImageStack[] = [{ ...images, data: Float32Array.from(images.data) }];
  for (let i = 1; i < levels; i++) {
    const down = pyrDown(pyramid[pyramid.length - 1]);
    const up = pyrUp(down);
    const fine = pyramid[pyramid.length - 1];
    for (let k = 0; k < fine.data.length; k++) fine.data[k] -= up.data[k];
    pyramid.push(down);
  }
  return pyramid;
}

/**
 * Patch descriptors: for patch j of image i (j < perImage), the patch centred at (ys[i·perImage+j], xs[…]),
 * all channels, as a row of C·patch² values. Returns N·perImage rows.
 */
export function patchDescriptors(level: ImageStack, patch: number, perImage: number, ys: Int32Array, xs: Int32Array): Float32Array {
  const half = Math.floor(patch / 2);
  const dim = level.c * patch * patch;
  const rows = level.n * perImage;
  const out = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    const img = Math.floor(r / perImage);
    let k = r * dim;
    for (let ch = 0; ch < level.c; ch++) {
      const plane = (img * level.c + ch) * level.h * level.w;
      for (let dy = -half; dy <= half; dy++) {
        for (let dx = -half; dx <= half; dx++) out[k++] = level.data[plane + (ys[r] + dy) * level.w + xs[r] + dx];
      }
    }
  }
  return out;
}

/** Per channel, subtract the mean and divide by the (population) std over all rows and patch pixels, in place. */
export function normaliseDescriptors(desc: Float32Array, rows: number, channels: number, patch: number): Float32Array {
  const per = patch * patch;
  const dim = channels * per;
  for (let ch = 0; ch < channels; ch++) {
    let sum = 0;
    for (let r = 0; r < rows; r++) for (let k = 0; k < per; k++) sum += desc[r * dim + ch * per + k];
    const mean = sum / (rows * per);
    let sq = 0;
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < per; k++) {
        const d = desc[r * dim + ch * per + k] - mean;
        sq += d * d;
      }
    }
    const std = Math.sqrt(sq / (rows * per)) || 1;
    for (let r = 0; r < rows; r++) for (let k = 0; k < per; k++) desc[r * dim + ch * per + k] = (desc[r * dim + ch * per + k] - mean) / std;
  }
  return desc;
}

/**
 * Mean over directions and rows of |sort(A·d) − sort(B·d)| for the given unit directions (dim × count, C-order),
 * i.e. one repeat of ProGAN's sliced_wasserstein.
 */
export function slicedWasserstein(a: Float32Array, b: Float32Array, rows: number, dim: number, dirs: Float64Array, count: number): number {
  const pa = new Float64Array(rows);
  const pb = new Float64Array(rows);
  let total = 0;
  for (let d = 0; d < count; d++) {
    for (let r = 0; r < rows; r++) {
      let sa = 0;
      let sb = 0;
      for (let k = 0; k < dim; k++) {
        const v = dirs[k * count + d];
        sa += a[r * dim + k] * v;
        sb += b[r * dim + k] * v;
      }
      pa[r] = sa;
      pb[r] = sb;
    }
    pa.sort();
    pb.sort();
    for (let r = 0; r < rows; r++) total += Math.abs(pa[r] - pb[r]);
  }
  return total / (rows * count);
}

/** Standard normal draws from a uniform source (Box–Muller). */
function gaussian(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Unit random directions, dim × count, each column normalised (ProGAN draws them afresh per repeat). */
export function randomDirections(dim: number, count: number, random: () => number): Float64Array {
  const dirs = new Float64Array(dim * count);
  for (let i = 0; i < dirs.length; i++) dirs[i] = gaussian(random);
  for (let d = 0; d < count; d++) {
    let n = 0;
    for (let k = 0; k < dim; k++) n += dirs[k * count + d] ** 2;
    n = Math.sqrt(n);
    for (let k = 0; k < dim; k++) dirs[k * count + d] /= n;
  }
  return dirs;
}

function randomPositions(n: number, perImage: number, h: number, w: number, half: number, random: () => number): { ys: Int32Array; xs: Int32Array } {
  const ys = new Int32Array(n * perImage);
  const xs = new Int32Array(n * perImage);
  for (let i = 0; i < ys.length; i++) {
    xs[i] = half + Math.floor(random() * (w - 2 * half));
    ys[i] = half + Math.floor(random() * (h - 2 * half));
  }
  return { ys, xs };
}

/** SWD between two equally sized stacks (real vs generated), per pyramid level and averaged, ×10³. */
export function swdReport(real: ImageStack, fake: ImageStack, options: Partial<SwdOptions> = {}): SwdResult {
  const o: SwdOptions = { ...defaultSwdOptions, ...options };
  if (real.n !== fake.n || real.c !== fake.c || real.h !== fake.h || real.w !== fake.w) {
    throw new Error(`SWD needs stacks of one shape: ${real.n}×${real.c}×${real.h}×${real.w} vs ${fake.n}×${fake.c}×${fake.h}×${fake.w}`);
  }
  if (real.h !== real.w) throw new Error(`SWD needs square images, got ${real.h}×${real.w}`);
  const resolutions: number[] = [];
  for (let r = real.h; r >= o.minResolution && r >= o.patch; r = Math.floor(r / 2)) resolutions.push(r);
  if (resolutions.length === 0) throw new Error(`images of ${real.h} px are smaller than the ${o.patch} px patch`);
  const random = seededRandom(o.seed);
  const pr = laplacianPyramid(real, resolutions.length);
  const pf = laplacianPyramid(fake, resolutions.length);
  const half = Math.floor(o.patch / 2);
  const levels = resolutions.map((resolution, l) => {
    const rows = real.n * o.perImage;
    const dim = real.c * o.patch * o.patch;
    const pos = () => randomPositions(real.n, o.perImage, pr[l].h, pr[l].w, half, random);
    const p1 = pos();
    const p2 = pos();
    const a = normaliseDescriptors(patchDescriptors(pr[l], o.patch, o.perImage, p1.ys, p1.xs), rows, real.c, o.patch);
    const b = normaliseDescriptors(patchDescriptors(pf[l], o.patch, o.perImage, p2.ys, p2.xs), rows, real.c, o.patch);
    let sum = 0;
    for (let k = 0; k < o.repeats; k++) sum += slicedWasserstein(a, b, rows, dim, randomDirections(dim, o.directionsPerRepeat, random), o.directionsPerRepeat);
    return { resolution, swd: (sum / o.repeats) * 1e3 };
  });
  return { levels, mean: levels.reduce((s, l) => s + l.swd, 0) / levels.length, options: o };
}
