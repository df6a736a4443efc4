// Measurement maths in patient millimetres: lengths, angles, ROI statistics and the scale bar length.
// Cornerstone's tools compute their own numbers on screen; these functions are the reference the tests check
// them against, and what the viewer uses for the scale bar.
import { cosine, distance, subtract } from '../math/vectors.js';
import type { Vec3 } from '../math/vectors.js';

export function distanceMm(a: Vec3, b: Vec3): number {
  return distance(a, b);
}

/** Length of a segment between two pixel positions (column, row) given [row spacing, column spacing] in mm. */
export function pixelLengthMm(from: readonly [number, number], to: readonly [number, number], pixelSpacing: readonly [number, number]): number {
  const [rowSpacing, columnSpacing] = pixelSpacing;
  return Math.hypot((to[0] - from[0]) * columnSpacing, (to[1] - from[1]) * rowSpacing);
}

/** Angle at `vertex` between the rays to `a` and `b`, in degrees (0–180). */
export function angleDegrees(a: Vec3, vertex: Vec3, b: Vec3): number {
  const u = subtract(a, vertex);
  const v = subtract(b, vertex);
  if (u.every((x) => x === 0) || v.every((x) => x === 0)) return NaN;
  const cos = cosine(u, v);
  return (Math.acos(Math.min(1, Math.max(-1, cos))) * 180) / Math.PI;
}

export interface RoiStats {
  mean: number;
  /** Population standard deviation, as DICOM viewers report it. */
  stdDev: number;
  min: number;
  max: number;
  count: number;
  /** mm² of the geometric shape (not of the pixel count), the number radiologists expect. */
  areaMm2: number;
}

export interface Grid {
  values: ArrayLike<number>;
  rows: number;
  columns: number;
  /** [row spacing, column spacing] mm. */
  pixelSpacing: readonly [number, number];
}

function statsOf(grid: Grid, inside: (col: number, row: number) => boolean, areaMm2: number, box: [number, number, number, number]): RoiStats {
  let sum = 0;
  let sumSq = 0;
  let min = Infinity;
  let max = -Infinity;
  let count = 0;
  const [c0, r0, c1, r1] = box;
  for (let r = Math.max(0, Math.floor(r0)); r <= Math.min(grid.rows - 1, Math.ceil(r1)); r++) {
    for (let c = Math.max(0, Math.floor(c0)); c <= Math.min(grid.columns - 1, Math.ceil(c1)); c++) {
      if (!inside(c, r)) continue;
      const v = grid.values[r * grid.columns + c];
      sum += v;
      sumSq += v * v;
      if (v < min) min = v;
      if (v > max) max = v;
      count++;
    }
  }
  const mean = count ? sum / count : NaN;
  const variance = count ? Math.max(0, sumSq / count - mean * mean) : NaN;
  return { mean, stdDev: Math.sqrt(variance), min, max, count, areaMm2 };
}

/** Stats of pixels whose centres lie inside the axis-aligned rectangle between two pixel corners (col, row). */
export function rectangleStats(grid: Grid, a: readonly [number, number], b: readonly [number, number]): RoiStats {
  const c0 = Math.min(a[0], b[0]);
  const c1 = Math.max(a[0], b[0]);
  const r0 = Math.min(a[1], b[1]);
  const r1 = Math.max(a[1], b[1]);
  const area = (c1 - c0) * grid.pixelSpacing[1] * (r1 - r0) * grid.pixelSpacing[0];
  return statsOf(grid, (c, r) => c >= c0 && c <= c1 && r >= r0 && r <= r1, area, [c0, r0, c1, r1]);
}

/** Stats of pixels whose centres lie inside the axis-aligned ellipse inscribed in the box from `a` to `b`. */
export function ellipseStats(grid: Grid, a: readonly [number, number], b: readonly [number, number]): RoiStats {
  const cc = (a[0] + b[0]) / 2;
  const cr = (a[1] + b[1]) / 2;
  const rc = Math.abs(b[0] - a[0]) / 2;
  const rr = Math.abs(b[1] - a[1]) / 2;
  const area = Math.PI * rc * grid.pixelSpacing[1] * rr * grid.pixelSpacing[0];
  const inside = (c: number, r: number): boolean => rc > 0 && rr > 0 && ((c - cc) / rc) ** 2 + ((r - cr) / rr) ** 2 <= 1;
  return statsOf(grid, inside, area, [cc - rc, cr - rr, cc + rc, cr + rr]);
}

/**
 * A "nice" scale bar (1, 2 or 5 × 10ⁿ mm) no longer than `maxPixels` on screen, given mm per screen pixel.
 * Returns its length in mm and in screen pixels; null when the scale is unknown.
 */
export function scaleBar(mmPerPixel: number, maxPixels = 120): { mm: number; pixels: number; label: string } | null {
  if (!(mmPerPixel > 0) || !Number.isFinite(mmPerPixel)) return null;
  const maxMm = mmPerPixel * maxPixels;
  const exponent = Math.floor(Math.log10(maxMm));
  let best = 0;
  for (let e = exponent; e >= exponent - 1 && best === 0; e--) {
    for (const m of [5, 2, 1]) {
      const mm = m * 10 ** e;
      if (mm <= maxMm) {
        best = mm;
        break;
      }
    }
  }
  if (best === 0) return null;
  const label = best >= 10 ? `${best / 10} cm` : `${Number(best.toPrecision(3))} mm`;
  return { mm: best, pixels: best / mmPerPixel, label };
}
