// Volumes for slicing: the first 3D volume of a NIfTI file or a DICOM series' voxel grid, and slice extraction in
// world (RAS+) orientation.
import { ApiError } from '../../src-shared/api/errors.js';
import type { GridAffine } from '../../src-shared/catalog/geometry.js';
import { voxelAxesOf } from '../../src-shared/catalog/geometry.js';
import { readNifti } from '../io/nifti.js';

export interface Volume {
  /** Voxel counts along i, j, k. */
  dims: [number, number, number];
  /** Voxel sizes in mm along i, j, k. */
  spacing: [number, number, number];
  /** 4×4 voxel → world (RAS+, mm) affine, row-major rows. */
  affine: number[][];
  /** Scaled intensities, i fastest. */
  data: Float32Array;
}

export type WorldAxis = 'x' | 'y' | 'z';

/** Reads the first 3D volume of a NIfTI file through the shared reader (src-main/io/nifti.ts). */
export async function readNiftiVolume(path: string): Promise<Volume> {
  const v = await readNifti(path);
  const [nx, ny, nz = 1] = v.dims;
  const count = nx * ny * Math.max(1, nz);
  if (v.data.length < count) throw new ApiError('bad_input', `${path}: holds ${v.data.length} voxels, expected ${count}`);
  const affine = [0, 1, 2, 3].map((r) => v.affine.slice(r * 4, r * 4 + 4));
  const spacing: [number, number, number] = [0, 1, 2].map((i) => Math.abs(v.voxelSize[i] ?? 1) || 1) as [number, number, number];
  // Only the first volume of 4D data is used.
  return { dims: [nx, ny, Math.max(1, nz)], spacing, affine, data: v.data.subarray(0, count) };
}

/**
 * A voxel grid in DICOM patient space (LPS, as the pixel service assembles a series) as a RAS+ volume: LPS and RAS
 * differ by the sign of x and y, so those two affine rows are negated.
 */
export function volumeFromLpsGrid(grid: { data: Float32Array; dims: [number, number, number]; affine: GridAffine }): Volume {
  const { axes, origin } = grid.affine;
  const sign = [-1, -1, 1];
  const affine = [0, 1, 2].map((r) => [axes[0][r], axes[1][r], axes[2][r], origin[r]].map((v) => v * sign[r]));
  affine.push([0, 0, 0, 1]);
  const spacing = axes.map((a) => Math.hypot(...a) || 1) as [number, number, number];
  return { dims: grid.dims, spacing, affine, data: grid.data };
}

// The voxel axis of a world axis is a pure rule shared with the renderer (src-shared/catalog/geometry.ts).
export { voxelAxesOf };

export interface SliceLayout {
  /** Voxel axis the slices are taken along, and its direction (slice 0 = lowest world coordinate). */
  through: { axis: number; sign: number };
  /** Image columns (left → right) and rows (top → bottom) as voxel axes with iteration direction. */
  cols: { axis: number; sign: number };
  rows: { axis: number; sign: number };
  count: number;
  width: number;
  height: number;
  pixelWidth: number;
  pixelHeight: number;
}

/**
 * Radiological display: axial and coronal show the patient's right on the viewer's left (+x first) with anterior
 * (axial) or superior (coronal) at the top; sagittal shows anterior on the left and superior at the top.
 */
export function sliceLayout(volume: Volume, axis: WorldAxis): SliceLayout {
  const axes = voxelAxesOf(volume.affine);
  const [colWorld, rowWorld]: [WorldAxis, WorldAxis] = axis === 'z' ? ['x', 'y'] : axis === 'y' ? ['x', 'z'] : ['y', 'z'];
  // Iterating "from +world to −world" means stepping the voxel index against the axis' sign.
  const cols = { axis: axes[colWorld].axis, sign: -axes[colWorld].sign };
  const rows = { axis: axes[rowWorld].axis, sign: -axes[rowWorld].sign };
  const through = axes[axis];
  return {
    through,
    cols,
    rows,
    count: volume.dims[through.axis],
    width: volume.dims[cols.axis],
    height: volume.dims[rows.axis],
    pixelWidth: volume.spacing[cols.axis],
    pixelHeight: volume.spacing[rows.axis],
  };
}

/** Slice `index` (0 = lowest world coordinate along the axis) as a row-major height×width image. */
export function extractSlice(volume: Volume, layout: SliceLayout, index: number): Float32Array {
  const [nx, ny] = volume.dims;
  const strides = [1, nx, nx * ny];
  const out = new Float32Array(layout.width * layout.height);
  const at = (size: number, sign: number, k: number): number => (sign > 0 ? k : size - 1 - k);
  const base = at(layout.count, layout.through.sign, index) * strides[layout.through.axis];
  for (let r = 0; r < layout.height; r++) {
    const rowOffset = base + at(layout.height, layout.rows.sign, r) * strides[layout.rows.axis];
    for (let c = 0; c < layout.width; c++) out[r * layout.width + c] = volume.data[rowOffset + at(layout.width, layout.cols.sign, c) * strides[layout.cols.axis]];
  }
  return out;
}
