// Loading and saving the arrays the analysis commands work on (.npy, PNG), with errors that name the file.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { PNG } from 'pngjs';
import { ApiError } from '../../src-shared/api/errors.js';
import type { GreyImage } from '../../src-shared/analysis/image.js';
import { encodeNpy, parseNpy } from './npy.js';
import type { NpyArray, NpyData } from './npy.js';

/** Refuses arrays with NaN or ±∞: every metric here would silently turn them into NaN results. */
export function assertFiniteValues(values: ArrayLike<number>, path: string): void {
  let bad = 0;
  let first = -1;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      bad++;
      if (first < 0) first = i;
    }
  }
  if (bad > 0) throw new ApiError('bad_input', `${path}: ${bad} NaN or infinite value(s) (first at flat index ${first}); replace them before comparing`);
}

function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ApiError('not_found', `${path}: no such file`);
    throw new ApiError('bad_input', `${path}: cannot read (${code ?? (error as Error).message})`);
  }
}

export function readNpy(path: string): NpyArray {
  try {
    return parseNpy(readBytes(path));
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError('bad_input', `${path}: ${(error as Error).message}`);
  }
}

export function writeNpy(path: string, data: NpyData, shape: number[]): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, encodeNpy(data, shape));
}

/**
 * A 2D grey image from .npy (2D, or 3D with a single plane) or PNG. PNG values are kept as stored (8- or 16-bit,
 * no rescaling); colour PNGs become luminance with scikit-image's rgb2gray weights.
 */
export function readGreyImage(path: string): GreyImage {
  const ext = extname(path).toLowerCase();
  if (ext === '.npy') {
    const array = readNpy(path);
    const shape = array.shape.filter((s, i) => !(s === 1 && i < array.shape.length - 2));
    if (shape.length !== 2) throw new ApiError('bad_input', `${path}: expected a 2D image array, got shape (${array.shape.join(', ')})`);
    return { height: shape[0], width: shape[1], data: array.data };
  }
  if (ext === '.png') {
    let png: PNG;
    try {
      png = PNG.sync.read(readBytes(path), { skipRescale: true });
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new ApiError('bad_input', `${path}: not a readable PNG (${(error as Error).message})`);
    }
    // With skipRescale pngjs keeps 16-bit samples in a Uint16Array; its typings say Buffer.
    const rgba = png.data as unknown as ArrayLike<number>;
    const grey = new Float64Array(png.width * png.height);
    const colour = !isGreyRgba(rgba);
    for (let i = 0; i < grey.length; i++) {
      grey[i] = colour ? 0.2125 * rgba[4 * i] + 0.7154 * rgba[4 * i + 1] + 0.0721 * rgba[4 * i + 2] : rgba[4 * i];
    }
    return { width: png.width, height: png.height, data: grey };
  }
  throw new ApiError('bad_input', `${path}: unsupported image type "${ext || '(none)'}" (use .npy or .png)`);
}

function isGreyRgba(rgba: ArrayLike<number>): boolean {
  for (let i = 0; i < rgba.length; i += 4) if (rgba[i] !== rgba[i + 1] || rgba[i] !== rgba[i + 2]) return false;
  return true;
}

/** A mask the same size as an image: any non-zero value (or true) is foreground. */
export function readMask(path: string, width: number, height: number): Uint8Array {
  const image = readGreyImage(path);
  if (image.width !== width || image.height !== height) {
    throw new ApiError('bad_input', `${path}: mask is ${image.width}×${image.height}, the images ${width}×${height}`);
  }
  return Uint8Array.from(image.data, (v) => (v ? 1 : 0));
}

export function writeRgbaPng(path: string, width: number, height: number, rgba: Uint8ClampedArray): void {
  const png = new PNG({ width, height });
  png.data = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, PNG.sync.write(png));
}
