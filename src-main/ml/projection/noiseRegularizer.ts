// The noise-buffer regulariser of NVlabs' projector: squared mean auto-correlation (one-pixel circular shifts along
// x and y) over an average-pool pyramid down to 8×8, with its exact gradient, and the per-step renormalisation that
// keeps each buffer at zero mean and unit variance. Plain arrays, so any generator backend can share it.
import { projectorSchedule } from './constants.js';

/** One square noise buffer, row-major size×size. */
export interface NoiseBuffer {
  size: number;
  data: Float32Array;
}

function halve(data: Float64Array, size: number): Float64Array {
  const half = size >> 1;
  const out = new Float64Array(half * half);
  for (let y = 0; y < half; y++) {
    for (let x = 0; x < half; x++) {
      const i = 2 * y * size + 2 * x;
      out[y * half + x] = 0.25 * (data[i] + data[i + 1] + data[i + size] + data[i + size + 1]);
    }
  }
  return out;
}

/** mean(n·roll(n, 1, x)) and mean(n·roll(n, 1, y)) of one level (circular, as torch.roll). */
function autocorrelations(n: Float64Array, size: number): { x: number; y: number } {
  let sx = 0;
  let sy = 0;
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const v = n[r * size + c];
      sx += v * n[r * size + ((c + size - 1) % size)];
      sy += v * n[((r + size - 1) % size) * size + c];
    }
  }
  return { x: sx / (size * size), y: sy / (size * size) };
}

/**
 * The penalty of one buffer and its gradient. For a level with mean auto-correlation a = mean(n·roll(n)), the term
 * a² has ∂/∂n_i = 2a·(n_{i−1} + n_{i+1})/M (circular neighbours); a pyramid level's gradient flows back through
 * each 2×2 average as a quarter to each of the four pixels.
 */
export function noisePenalty(buffer: NoiseBuffer, minSize = projectorSchedule.regularizeMinSize): { value: number; gradient: Float32Array } {
  const levels: { data: Float64Array; size: number }[] = [];
  let data: Float64Array = Float64Array.from(buffer.data);
  let size = buffer.size;
  for (;;) {
    levels.push({ data, size });
    if (size <= minSize) break;
    data = halve(data, size);
    size >>= 1;
  }
  let value = 0;
  let upstream: Float64Array<ArrayBufferLike> | null = null;
  for (let k = levels.length - 1; k >= 0; k--) {
    const { data: n, size: s } = levels[k];
    const { x, y } = autocorrelations(n, s);
    value += x * x + y * y;
    const m = s * s;
    const grad = new Float64Array(m);
    for (let r = 0; r < s; r++) {
      for (let c = 0; c < s; c++) {
        const left = n[r * s + ((c + s - 1) % s)];
        const right = n[r * s + ((c + 1) % s)];
        const up = n[((r + s - 1) % s) * s + c];
        const down = n[((r + 1) % s) * s + c];
        grad[r * s + c] = (2 * x * (left + right) + 2 * y * (up + down)) / m;
      }
    }
    if (upstream) {
      // Gradient of the coarser level (size s/2) spread over its 2×2 sources.
      const half = s >> 1;
      for (let r = 0; r < s; r++) for (let c = 0; c < s; c++) grad[r * s + c] += 0.25 * upstream[(r >> 1) * half + (c >> 1)];
    }
    upstream = grad;
  }
  return { value, gradient: Float32Array.from(upstream ?? []) };
}

/** buf ← (buf − mean)/rms, in place (NVlabs renormalises every buffer after each optimiser step). */
export function renormalise(buffer: NoiseBuffer): void {
  const d = buffer.data;
  let mean = 0;
  for (const v of d) mean += v;
  mean /= d.length;
  let squares = 0;
  for (let i = 0; i < d.length; i++) {
    d[i] -= mean;
    squares += d[i] * d[i];
  }
  const scale = 1 / Math.sqrt(squares / d.length);
  for (let i = 0; i < d.length; i++) d[i] *= scale;
}
