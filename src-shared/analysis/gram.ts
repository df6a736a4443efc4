// One streaming pass over a K-image stack that accumulates the K×K covariance of its foreground columns,
// without ever forming the N×K matrix (N up to 256³): voxels are gathered in blocks and shifted by a pilot
// mean so the centred covariance has no catastrophic cancellation.
import type { Mask, Pixels } from './image.js';

/** K images of `planeSize` voxels each, stored back to back (a C-order K×H×W or K×D×H×W array). */
export interface ImageStack {
  readonly data: Pixels;
  readonly imageCount: number;
  readonly planeSize: number;
}

/**
 * The same stack behind a reader, so a file far larger than memory (100 × 256³ float32 is 6.7 GB) can be streamed:
 * `readRange` copies voxels [start, start + count) of image `image` into `out` from `outOffset`.
 */
export interface StackSource {
  readonly imageCount: number;
  readonly planeSize: number;
  readRange(image: number, start: number, count: number, out: Float64Array, outOffset: number): void;
}

export interface ColumnMoments {
  /** Foreground voxels used. */
  count: number;
  /** Per-image mean over the foreground. */
  means: Float64Array;
  /** K×K covariance, row-major: centred (÷(N−1), as np.cov) or uncentred MᵀM/(N−1). */
  covariance: Float64Array;
}

/** Voxels per block: K rows of 4096 float64 stay in L2 for the K(K+1)/2 row dot products. */
export const blockSize = 4096;

export function isStackSource(stack: ImageStack | StackSource): stack is StackSource {
  return 'readRange' in stack;
}

/** An in-memory stack as a source (typed arrays are copied with the engine's bulk set()). */
export function memorySource(stack: ImageStack): StackSource {
  const { data, imageCount, planeSize } = stack;
  if (data.length !== imageCount * planeSize) throw new RangeError(`stack holds ${data.length} values, expected ${imageCount} × ${planeSize}`);
  return {
    imageCount,
    planeSize,
    readRange(image, start, count, out, outOffset) {
      const from = image * planeSize + start;
      if (isTypedArray(data)) out.set(data.subarray(from, from + count), outOffset);
      else for (let b = 0; b < count; b++) out[outOffset + b] = data[from + b];
    },
  };
}

export function toSource(stack: ImageStack | StackSource): StackSource {
  return isStackSource(stack) ? stack : memorySource(stack);
}

export function assertStack(stack: ImageStack | StackSource): void {
  const { imageCount } = stack;
  if (!Number.isInteger(imageCount) || imageCount < 2) throw new RangeError(`an edit series needs at least 2 images, got ${imageCount}`);
  if (!isStackSource(stack) && stack.data.length !== imageCount * stack.planeSize) {
    throw new RangeError(`stack holds ${stack.data.length} values, expected ${imageCount} × ${stack.planeSize}`);
  }
}

/**
 * Calls `visit(buffer, filled, voxelIndices)` for each run of up to `blockSize` voxels that holds foreground:
 * buffer[k·blockSize + b] = image k at voxel voxelIndices[b], for b < filled. The buffer may be modified.
 */
export function forEachForegroundBlock(
  stack: ImageStack | StackSource,
  mask: Mask | undefined,
  visit: (buffer: Float64Array, filled: number, voxelIndices: Int32Array) => void,
): void {
  const source = toSource(stack);
  const { imageCount: k, planeSize } = source;
  const staging = new Float64Array(k * blockSize);
  const compacted = mask ? new Float64Array(k * blockSize) : staging;
  const indices = new Int32Array(blockSize);
  for (let start = 0; start < planeSize; start += blockSize) {
    const span = Math.min(blockSize, planeSize - start);
    let filled = 0;
    if (mask) {
      for (let b = 0; b < span; b++) if (mask[start + b]) indices[filled++] = start + b;
      if (filled === 0) continue;
    } else {
      for (let b = 0; b < span; b++) indices[b] = start + b;
      filled = span;
    }
    for (let img = 0; img < k; img++) source.readRange(img, start, span, staging, img * blockSize);
    if (filled === span) {
      visit(staging, filled, indices);
      continue;
    }
    for (let img = 0; img < k; img++) {
      const row = img * blockSize;
      for (let f = 0; f < filled; f++) compacted[row + f] = staging[row + indices[f] - start];
    }
    visit(compacted, filled, indices);
  }
}

type NumericTypedArray = Float32Array | Float64Array | Uint8Array | Uint16Array | Int16Array | Int32Array | Uint32Array | Int8Array;

function isTypedArray(data: Pixels): data is NumericTypedArray {
  return ArrayBuffer.isView(data) && !(data instanceof DataView);
}

/** Dot product of two rows of the block buffer; four accumulators break the add dependency chain. */
function rowDot(buffer: Float64Array, ri: number, rj: number, n: number): number {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let b = 0;
  for (; b + 3 < n; b += 4) {
    a0 += buffer[ri + b] * buffer[rj + b];
    a1 += buffer[ri + b + 1] * buffer[rj + b + 1];
    a2 += buffer[ri + b + 2] * buffer[rj + b + 2];
    a3 += buffer[ri + b + 3] * buffer[rj + b + 3];
  }
  for (; b < n; b++) a0 += buffer[ri + b] * buffer[rj + b];
  return a0 + a1 + a2 + a3;
}

export function columnMoments(stack: ImageStack | StackSource, options: { mask?: Mask; centred: boolean }): ColumnMoments {
  assertStack(stack);
  const k = stack.imageCount;
  const shift = new Float64Array(k);
  const sums = new Float64Array(k);
  const gram = new Float64Array(k * k);
  let count = 0;
  let shiftChosen = false;
  forEachForegroundBlock(stack, options.mask, (buffer, filled) => {
    if (!shiftChosen) {
      // The first block's means are close to the true means: subtracting them keeps the sums small.
      for (let i = 0; i < k; i++) {
        let s = 0;
        for (let b = 0; b < filled; b++) s += buffer[i * blockSize + b];
        shift[i] = s / filled;
      }
      shiftChosen = true;
    }
    for (let i = 0; i < k; i++) {
      const row = i * blockSize;
      const c = shift[i];
      let s = 0;
      for (let b = 0; b < filled; b++) {
        const v = buffer[row + b] - c;
        buffer[row + b] = v;
        s += v;
      }
      sums[i] += s;
    }
    for (let i = 0; i < k; i++) {
      const ri = i * blockSize;
      for (let j = i; j < k; j++) gram[i * k + j] += rowDot(buffer, ri, j * blockSize, filled);
    }
    count += filled;
  });
  if (count < 2) throw new RangeError(`the foreground mask selects ${count} voxel(s); at least 2 are needed`);
  if (!sums.every(Number.isFinite) || !gram.every(Number.isFinite)) throw new RangeError('the stack holds NaN or infinite values inside the foreground');
  const means = new Float64Array(k);
  for (let i = 0; i < k; i++) means[i] = shift[i] + sums[i] / count;
  const covariance = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      // Σ(x−c)(y−d) = G'; centred: G' − s'_x s'_y / N; raw: G' + d s'_x + c s'_y + N c d.
      const g = gram[i * k + j];
      const value = options.centred
        ? g - (sums[i] * sums[j]) / count
        : g + shift[j] * sums[i] + shift[i] * sums[j] + count * shift[i] * shift[j];
      covariance[i * k + j] = covariance[j * k + i] = value / (count - 1);
    }
  }
  return { count, means, covariance };
}
