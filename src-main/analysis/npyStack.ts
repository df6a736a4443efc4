// An edit-series .npy read block by block from disk (a StackSource), so the eigen analysis needs memory for
// one block of every image rather than the whole K × N array (100 × 256³ float32 is 6.7 GB).
import { closeSync, fstatSync, readSync } from 'node:fs';
import { ApiError } from '../../src-shared/api/errors.js';
import type { StackSource } from '../../src-shared/analysis/gram.js';
import { parseNpyHeader, viewOfBytes } from '../../src-shared/io/npy.js';
import type { NpyHeader } from '../../src-shared/io/npy.js';
import { readNpy } from './files.js';
import { openRegularFileSync } from '../io/readFile.js';

export interface OpenStack {
  /** K followed by the image shape. */
  shape: number[];
  source: StackSource;
  /** One whole image as float64 (for the Otsu mask). */
  readImage(index: number): Float64Array;
  close(): void;
}

function readHeader(fd: number, path: string): NpyHeader {
  // Headers are small; 64 KiB covers any that NumPy writes for arrays of a few dimensions.
  const head = Buffer.alloc(65536);
  const got = readSync(fd, head, 0, head.length, 0);
  try {
    return parseNpyHeader(head.subarray(0, got));
  } catch (error) {
    throw new ApiError('bad_input', `${path}: ${(error as Error).message}`);
  }
}

/** Streams C-order little-endian numeric files; anything else (Fortran order, big endian, int64) is read whole. */
export function openNpyStack(path: string): OpenStack {
  // Streamed block by block, so no whole-file cap: only the regular-file check.
  const { fd } = openRegularFileSync(path, Number.POSITIVE_INFINITY);
  const header = readHeader(fd, path);
  const [imageCount = 0, ...imageShape] = header.shape;
  const planeSize = imageShape.reduce((a, b) => a * b, 1);
  const streamable = !header.fortranOrder && header.littleEndian && viewOfBytes(header.descr, new ArrayBuffer(0)) !== null;
  if (!streamable) {
    closeSync(fd);
    const array = readNpy(path);
    const data = array.data;
    return {
      shape: array.shape,
      source: {
        imageCount,
        planeSize,
        readRange: (image, start, count, out, offset) => out.set(data.subarray(image * planeSize + start, image * planeSize + start + count), offset),
      },
      readImage: (index) => Float64Array.from(data.subarray(index * planeSize, (index + 1) * planeSize)),
      close: () => undefined,
    };
  }
  const needed = header.dataStart + imageCount * planeSize * header.itemSize;
  const size = fstatSync(fd).size;
  if (size < needed) {
    closeSync(fd);
    throw new ApiError('bad_input', `${path}: truncated data: shape (${header.shape.join(', ')}) needs ${needed} bytes, file has ${size}`);
  }
  let scratch = new ArrayBuffer(0);
  const readInto = (image: number, start: number, count: number, out: Float64Array, offset: number): void => {
    const bytes = count * header.itemSize;
    if (scratch.byteLength < bytes) scratch = new ArrayBuffer(bytes);
    const target = new Uint8Array(scratch, 0, bytes);
    let done = 0;
    const position = header.dataStart + (image * planeSize + start) * header.itemSize;
    while (done < bytes) {
      const n = readSync(fd, target, done, bytes - done, position + done);
      if (n === 0) throw new ApiError('bad_input', `${path}: file ended early while reading image ${image}`);
      done += n;
    }
    const values = viewOfBytes(header.descr, scratch);
    if (!values) throw new ApiError('internal', `${path}: no view for ${header.descr}`);
    out.set(values.subarray(0, count), offset);
  };
  return {
    shape: header.shape,
    source: { imageCount, planeSize, readRange: readInto },
    readImage(index) {
      const image = new Float64Array(planeSize);
      // Read in slices so the scratch buffer stays small even for 256³ images.
      for (let start = 0; start < planeSize; start += 1 << 20) {
        const count = Math.min(1 << 20, planeSize - start);
        readInto(index, start, count, image, start);
      }
      return image;
    },
    close: () => closeSync(fd),
  };
}
