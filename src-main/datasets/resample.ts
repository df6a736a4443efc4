// Resampling 2D single-channel images to the model resolution: exact area averaging or Lanczos-3, separable.
// Area averaging is the default for downsampling medical slices: it is a true box filter (no ringing, no overshoot).

export type ResampleMethod = 'area' | 'lanczos';

/** One output sample's contributing source indices and weights (weights sum to 1). */
interface Taps {
  index: Int32Array;
  weight: Float64Array;
}

/**
 * Area weights: output pixel i covers source interval [i·s, (i+1)·s) with s = inSize/outSize; each source
 * pixel contributes its overlap length. Works for up- and downsampling and fractional factors.
 */
export function areaTaps(inSize: number, outSize: number): Taps[] {
  const scale = inSize / outSize;
  const taps: Taps[] = [];
  for (let i = 0; i < outSize; i++) {
    const start = i * scale;
    const end = (i + 1) * scale;
    const index: number[] = [];
    const weight: number[] = [];
    for (let j = Math.floor(start); j < Math.ceil(end - 1e-12) && j < inSize; j++) {
      const overlap = Math.min(end, j + 1) - Math.max(start, j);
      if (overlap > 1e-12) {
        index.push(j);
        weight.push(overlap);
      }
    }
    taps.push(normalised(index, weight));
  }
  return taps;
}

function lanczos3(x: number): number {
  if (x === 0) return 1;
  if (Math.abs(x) >= 3) return 0;
  const px = Math.PI * x;
  return (3 * Math.sin(px) * Math.sin(px / 3)) / (px * px);
}

/** Lanczos-3 weights; when downsampling the kernel is stretched by the scale so it also low-passes. */
export function lanczosTaps(inSize: number, outSize: number): Taps[] {
  const scale = inSize / outSize;
  const stretch = Math.max(1, scale);
  const support = 3 * stretch;
  const taps: Taps[] = [];
  for (let i = 0; i < outSize; i++) {
    const centre = (i + 0.5) * scale - 0.5;
    const index: number[] = [];
    const weight: number[] = [];
    for (let j = Math.ceil(centre - support); j <= Math.floor(centre + support); j++) {
      const w = lanczos3((j - centre) / stretch);
      if (w === 0) continue;
      // Edge samples are clamped (replicate border) so the borders are not darkened.
      index.push(Math.min(inSize - 1, Math.max(0, j)));
      weight.push(w);
    }
    taps.push(normalised(index, weight));
  }
  return taps;
}

function normalised(index: number[], weight: number[]): Taps {
  const sum = weight.reduce((a, b) => a + b, 0);
  return { index: Int32Array.from(index), weight: Float64Array.from(weight.map((w) => w / sum)) };
}

/** Resamples a row-major `height×width` image to `outHeight×outWidth`. */
export function resample2d(src: Float32Array, width: number, height: number, outWidth: number, outHeight: number, method: ResampleMethod): Float32Array {
  if (src.length !== width * height) throw new Error(`image holds ${src.length} values, expected ${width}×${height}`);
  const tapsOf = method === 'area' ? areaTaps : lanczosTaps;
  const xTaps = tapsOf(width, outWidth);
  const yTaps = tapsOf(height, outHeight);
  // Horizontal pass first (height × outWidth), then vertical.
  const mid = new Float64Array(height * outWidth);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < outWidth; x++) {
      const t = xTaps[x];
      let acc = 0;
      for (let k = 0; k < t.index.length; k++) acc += t.weight[k] * src[y * width + t.index[k]];
      mid[y * outWidth + x] = acc;
    }
  }
  const out = new Float32Array(outHeight * outWidth);
  for (let y = 0; y < outHeight; y++) {
    const t = yTaps[y];
    for (let x = 0; x < outWidth; x++) {
      let acc = 0;
      for (let k = 0; k < t.index.length; k++) acc += t.weight[k] * mid[t.index[k] * outWidth + x];
      out[y * outWidth + x] = acc;
    }
  }
  return out;
}

/** Pads a `height×width` image to a centred square (odd remainders go to the bottom/right) with `fill`. */
export function padToSquare(src: Float32Array, width: number, height: number, fill: number): { data: Float32Array; size: number } {
  const size = Math.max(width, height);
  if (size === width && size === height) return { data: src, size };
  const out = new Float32Array(size * size).fill(fill);
  const top = Math.floor((size - height) / 2);
  const left = Math.floor((size - width) / 2);
  for (let y = 0; y < height; y++) out.set(src.subarray(y * width, (y + 1) * width), (y + top) * size + left);
  return { data: out, size };
}
