// Signed/absolute difference maps and their diverging blue–white–red rendering over the grey image.
// Convention: difference = test − reference, so red = brighter than the reference, blue = darker.
import { assertMaskFits, assertSameSize } from './image.js';
import { percentile } from '../math/stats.js';
import type { GreyImage, Mask } from './image.js';

export interface DifferenceMap {
  width: number;
  height: number;
  signed: Float64Array;
  absolute: Float64Array;
  /** Symmetric colour scale: ±scale maps to full blue/red. */
  scale: number;
  /** How the scale was chosen, reported next to the image. */
  scaleSource: 'max' | 'percentile' | 'given';
  minSigned: number;
  maxSigned: number;
}

export interface DifferenceOptions {
  /** A fixed symmetric scale, or a percentile (0..100] of |difference| inside the mask; default: the max. */
  scale?: number;
  percentile?: number;
  mask?: Mask;
}

export function differenceMap(reference: GreyImage, test: GreyImage, options: DifferenceOptions = {}): DifferenceMap {
  assertSameSize(reference, test);
  assertMaskFits(options.mask, reference.data.length);
  const n = reference.data.length;
  const signed = new Float64Array(n);
  const absolute = new Float64Array(n);
  let minSigned = Infinity;
  let maxSigned = -Infinity;
  const inMask: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = test.data[i] - reference.data[i];
    signed[i] = d;
    absolute[i] = Math.abs(d);
    if (options.mask && !options.mask[i]) continue;
    if (d < minSigned) minSigned = d;
    if (d > maxSigned) maxSigned = d;
    inMask.push(absolute[i]);
  }
  let scale: number;
  let scaleSource: DifferenceMap['scaleSource'];
  if (options.scale !== undefined) {
    if (!(options.scale > 0)) throw new RangeError(`difference scale must be positive, got ${options.scale}`);
    scale = options.scale;
    scaleSource = 'given';
  } else if (options.percentile !== undefined) {
    scale = inMask.length ? percentile(inMask, options.percentile) : 0;
    scaleSource = 'percentile';
  } else {
    scale = inMask.length ? Math.max(-minSigned, maxSigned) : 0;
    scaleSource = 'max';
  }
  // A zero scale (identical images) would divide by zero when colouring; any positive value renders white.
  if (!(scale > 0)) scale = Number.MIN_VALUE;
  return { width: reference.width, height: reference.height, signed, absolute, scale, scaleSource, minSigned, maxSigned };
}

const blue = [33, 102, 172] as const;
const white = [247, 247, 247] as const;
const red = [178, 24, 43] as const;

/** Diverging colour of t in [−1, 1]: blue at −1, white at 0, red at +1 (values outside are clamped). */
export function divergingColor(t: number): [number, number, number] {
  const c = Math.max(-1, Math.min(1, Number.isNaN(t) ? 0 : t));
  const end = c < 0 ? blue : red;
  const f = Math.abs(c);
  return [0, 1, 2].map((k) => Math.round(white[k] + (end[k] - white[k]) * f)) as [number, number, number];
}

/** RGBA rendering of a signed map with its symmetric scale. */
export function renderDiverging(values: Float64Array, scale: number): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const [r, g, b] = divergingColor(values[i] / scale);
    rgba.set([r, g, b, 255], i * 4);
  }
  return rgba;
}

/**
 * The grey image (windowed to [low, high]) with the diverging colour blended on top; opacity grows with
 * |difference|/scale up to `maxOpacity`, so unchanged pixels show the anatomy untouched.
 */
export function overlayDifference(grey: GreyImage, map: DifferenceMap, window: { low: number; high: number }, maxOpacity = 0.8): Uint8ClampedArray {
  if (grey.width !== map.width || grey.height !== map.height) throw new RangeError('overlay: grey image and difference map differ in size');
  const span = window.high - window.low || 1;
  const rgba = new Uint8ClampedArray(grey.data.length * 4);
  for (let i = 0; i < grey.data.length; i++) {
    const g = 255 * Math.max(0, Math.min(1, (grey.data[i] - window.low) / span));
    const t = map.signed[i] / map.scale;
    const alpha = maxOpacity * Math.min(1, Math.abs(t));
    const color = divergingColor(t);
    rgba[i * 4] = g + (color[0] - g) * alpha;
    rgba[i * 4 + 1] = g + (color[1] - g) * alpha;
    rgba[i * 4 + 2] = g + (color[2] - g) * alpha;
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}
