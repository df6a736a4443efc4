// Patient-space geometry on plain numbers: sorting slices along the normal, grid affines in LPS, slicing a voxel grid
// along an axis with a display-friendly orientation (the edge letters of an image are in src-shared/viewer/orientation.ts).
import { add, cross, dot, norm, scale, unit } from '../math/vectors.js';
import type { Vec3 } from '../math/vectors.js';

/** A voxel grid's mapping (i, j, k) → LPS mm, as columns: axes[0] = step along i, ..., plus the origin. */
export interface GridAffine {
  axes: [Vec3, Vec3, Vec3];
  origin: Vec3;
}

/** NIfTI affines map to RAS+; DICOM uses LPS: negate x and y. Input: row-major 4×4. */
export function niftiAffineToLps(affine: readonly number[]): GridAffine {
  const col = (c: number): Vec3 => [-affine[c], -affine[4 + c], affine[8 + c]];
  return { axes: [col(0), col(1), col(2)], origin: col(3) };
}

export interface SliceInput {
  key: number;
  position: readonly number[] | null;
  orientation: readonly number[] | null;
  rows: number | null;
  columns: number | null;
  pixelSpacing: readonly number[] | null;
}

export interface StackResult {
  /** Input keys in slice order along the normal (ascending normal · position). */
  order: number[];
  consistent: boolean;
  reason: string | null;
  spacing: number;
  affine: GridAffine | null;
}

/** Orders frames along the slice normal (IOP row × column cosines, dotted with IPP) and checks the grid is regular. */
export function sortSlices(slices: readonly SliceInput[]): StackResult {
  const first = slices[0];
  const fail = (reason: string, order = slices.map((s) => s.key)): StackResult => ({ order, consistent: false, reason, spacing: 1, affine: null });
  if (!first) return fail('no slices');
  if (slices.some((s) => !s.position || !s.orientation)) return fail('some frames lack Image Position/Orientation (Patient)');
  const iop = first.orientation as number[];
  if (slices.some((s) => (s.orientation as number[]).some((v, i) => Math.abs(v - iop[i]) > 1e-3))) return fail('frames have different orientations');
  if (slices.some((s) => s.rows !== first.rows || s.columns !== first.columns)) return fail('frames have different sizes');
  const normal = cross(iop.slice(0, 3), iop.slice(3, 6));
  const keyed = slices.map((s) => ({ key: s.key, d: dot(normal, s.position as number[]), p: s.position as number[] })).sort((a, b) => a.d - b.d);
  const order = keyed.map((k) => k.key);
  const ps = first.pixelSpacing ?? [1, 1];
  const rowDir = unit(iop.slice(0, 3));
  const colDir = unit(iop.slice(3, 6));
  const base = { axes: [scale(rowDir, ps[1]), scale(colDir, ps[0]), scale(unit(normal), 1)] as [Vec3, Vec3, Vec3], origin: keyed[0].p as Vec3 };
  if (keyed.length === 1) return { order, consistent: true, reason: null, spacing: 1, affine: base };
  const gaps = keyed.slice(1).map((k, i) => k.d - keyed[i].d);
  const sorted = [...gaps].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1];
  if (!(median > 1e-6)) return { order, consistent: false, reason: 'several frames share one position (multiple acquisitions or time points?)', spacing: 1, affine: null };
  // 5 %: scanners round positions to ~0.1 mm, so thick slices vary by a few percent without being a different grid.
  const irregular = gaps.some((g) => Math.abs(g - median) > Math.max(0.05 * median, 1e-3));
  const last = keyed[keyed.length - 1].p;
  const step = scale([last[0] - keyed[0].p[0], last[1] - keyed[0].p[1], last[2] - keyed[0].p[2]], 1 / (keyed.length - 1));
  return {
    order,
    consistent: !irregular,
    reason: irregular ? `uneven slice spacing (${sorted[0].toFixed(3)}–${sorted[sorted.length - 1].toFixed(3)} mm)` : null,
    spacing: median,
    affine: { axes: [base.axes[0], base.axes[1], step], origin: base.origin },
  };
}

export type Axis = 'x' | 'y' | 'z';

export interface SlicePlan {
  rows: number;
  columns: number;
  /** Voxel index of output pixel (r, c): base + r * rowStride + c * colStride (strides in voxels, may be negative). */
  base: number;
  rowStride: number;
  colStride: number;
  imagePositionPatient: Vec3;
  imageOrientationPatient: [number, number, number, number, number, number];
  pixelSpacing: [number, number];
  sliceThickness: number;
}

/**
 * How to cut slice `index` across voxel axis `axis` of a [ni, nj, nk] grid (i fastest). Columns run along the lower
 * remaining axis, rows along the higher; each is flipped so that the picture reads like a radiology viewer's:
 * rightward toward patient left/posterior, downward toward posterior (axial) or feet (coronal, sagittal).
 */
export function planSlice(dims: readonly [number, number, number], affine: GridAffine, axis: Axis, index: number): SlicePlan {
  const through = axis === 'x' ? 0 : axis === 'y' ? 1 : 2;
  const [colAxis, rowAxis] = [0, 1, 2].filter((a) => a !== through);
  const strides = [1, dims[0], dims[0] * dims[1]];
  const dominant = (v: Vec3): number => [0, 1, 2].reduce((best, a) => (Math.abs(v[a]) > Math.abs(v[best]) ? a : best), 0);
  const colVec = affine.axes[colAxis];
  const rowVec = affine.axes[rowAxis];
  const flipC = colVec[dominant(colVec)] < 0;
  const rd = dominant(rowVec);
  const flipR = rd === 2 ? rowVec[2] > 0 : rowVec[rd] < 0;
  const start = [0, 0, 0];
  start[through] = index;
  if (flipC) start[colAxis] = dims[colAxis] - 1;
  if (flipR) start[rowAxis] = dims[rowAxis] - 1;
  const position = add(add(add(affine.origin, scale(affine.axes[0], start[0])), scale(affine.axes[1], start[1])), scale(affine.axes[2], start[2]));
  const rowDir = unit(scale(colVec, flipC ? -1 : 1));
  const colDir = unit(scale(rowVec, flipR ? -1 : 1));
  return {
    rows: dims[rowAxis],
    columns: dims[colAxis],
    base: start[0] * strides[0] + start[1] * strides[1] + start[2] * strides[2],
    rowStride: strides[rowAxis] * (flipR ? -1 : 1),
    colStride: strides[colAxis] * (flipC ? -1 : 1),
    imagePositionPatient: position,
    imageOrientationPatient: [...rowDir, ...colDir] as [number, number, number, number, number, number],
    pixelSpacing: [norm(rowVec), norm(colVec)],
    sliceThickness: norm(affine.axes[through]),
  };
}

export function extractSlice<T extends { length: number; [i: number]: number }>(src: T, plan: SlicePlan, out: T): T {
  let o = 0;
  for (let r = 0; r < plan.rows; r++) {
    let v = plan.base + r * plan.rowStride;
    for (let c = 0; c < plan.columns; c++, v += plan.colStride) out[o++] = src[v];
  }
  return out;
}

const worldIndex: Record<Axis, number> = { x: 0, y: 1, z: 2 };

/** For each world axis, the voxel axis most aligned with it and its direction sign. */
export function voxelAxesOf(affine: number[][]): Record<Axis, { axis: number; sign: number }> {
  const used = new Set<number>();
  const result = {} as Record<Axis, { axis: number; sign: number }>;
  // Greedy by strongest alignment so oblique acquisitions still get three distinct axes.
  const pairs: { world: Axis; axis: number; value: number }[] = [];
  for (const world of ['x', 'y', 'z'] as const) for (let axis = 0; axis < 3; axis++) pairs.push({ world, axis, value: affine[worldIndex[world]][axis] });
  pairs.sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  for (const p of pairs) {
    if (result[p.world] || used.has(p.axis)) continue;
    result[p.world] = { axis: p.axis, sign: p.value < 0 ? -1 : 1 };
    used.add(p.axis);
  }
  return result;
}
