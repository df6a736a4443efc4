// Loading and saving the arrays the analysis commands work on (.npy, PNG), with errors that name the file.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { ApiError } from '../../src-shared/api/errors.js';
import type { GreyImage } from '../../src-shared/analysis/image.js';
import { luminance } from '../../src-shared/imaging/convert.js';
import { decodePng, encodePng, isSyntheticPng, syntheticPngText } from '../io/png.js';
import { burnSyntheticLabel } from '../../src-shared/viewer/syntheticLabel.js';
import { readNpySync } from '../io/npyFile.js';
import { readBytesSync, readTextSync } from '../io/readFile.js';

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

export { readNpySync as readNpy, writeNpySync as writeNpy } from '../io/npyFile.js';

/**
 * A 2D grey image from .npy (2D, or 3D with a single plane) or PNG. PNG values are kept as stored (8- or 16-bit,
 * no rescaling); colour PNGs become luminance (Rec. 601 luma, as everywhere in LatentRad).
 */
export function readGreyImage(path: string): GreyImage {
  const ext = extname(path).toLowerCase();
  if (ext === '.npy') {
    const array = readNpySync(path);
    const shape = array.shape.filter((s, i) => !(s === 1 && i < array.shape.length - 2));
    if (shape.length !== 2) throw new ApiError('bad_input', `${path}: expected a 2D image array, got shape (${array.shape.join(', ')})`);
    return { height: shape[0], width: shape[1], data: array.data };
  }
  if (ext === '.png') {
    const png = decodePng(readBytesSync(path), path);
    const count = png.width * png.height;
    // Grey stored as RGB keeps its exact values (the weights' float sum is not exactly 1).
    const colour = png.channels === 3 && !isGreyRgb(png.data);
    const grey = luminance(png.data, count, colour ? 3 : png.channels, new Float64Array(count));
    return { width: png.width, height: png.height, data: grey };
  }
  throw new ApiError('bad_input', `${path}: unsupported image type "${ext || '(none)'}" (use .npy or .png)`);
}

function isGreyRgb(rgb: ArrayLike<number>): boolean {
  for (let i = 0; i < rgb.length; i += 3) if (rgb[i] !== rgb[i + 1] || rgb[i] !== rgb[i + 2]) return false;
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

/** A PNG map; one computed from a generated image carries the synthetic tEXt of every generated image and the burned-in label. */
export function writeRgbaPng(path: string, width: number, height: number, rgba: Uint8ClampedArray, synthetic = false): void {
  mkdirSync(dirname(path), { recursive: true });
  if (synthetic) burnSyntheticLabel(rgba, width, height, 4);
  writeFileSync(path, encodePng({ width, height, channels: 4, bitDepth: 8, data: rgba, ...(synthetic ? { text: { ...syntheticPngText } } : {}) }));
}

function saysSynthetic(jsonPath: string): boolean {
  if (!existsSync(jsonPath)) return false;
  try {
    // Through readTextSync: a sidecar that is a FIFO or a device would otherwise block the worker or fill memory.
    return (JSON.parse(readTextSync(jsonPath)) as { synthetic?: unknown }).synthetic === true;
  } catch {
    return false;
  }
}

/**
 * Whether an input image was generated: a PNG with the Synthetic tEXt, or an array whose sidecar (`<stem>.json`)
 * or result folder (result.json) says synthetic — anything computed from it inherits the flag (ARTEFACTS.md).
 */
export function isSyntheticInput(path: string): boolean {
  const ext = extname(path).toLowerCase();
  if (ext === '.png') return isSyntheticPng(decodePng(readBytesSync(path), path));
  if (ext !== '.npy') return false;
  return saysSynthetic(path.slice(0, -ext.length) + '.json') || saysSynthetic(join(dirname(path), 'result.json'));
}
