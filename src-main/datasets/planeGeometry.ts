// Where a model image made from a volume slice sits in the source volume: the inverse of planeToModel's
// square-pixel stretch, pad/crop to a square and resample (pixel centres aligned), as patient-space geometry and
// as a voxel lookup — so maps computed on model images are shown and exported at the right voxels.
import type { DatasetCreateInput } from '../../src-shared/api/datasets.js';
import { sliceLayout } from './volume.js';
import type { Volume, WorldAxis } from './volume.js';

type Grid = Pick<Volume, 'dims' | 'spacing' | 'affine'>;

export interface ModelPlane {
  /** LPS mm (DICOM convention) of model pixel (row 0, column 0)'s centre. */
  imagePositionPatient: [number, number, number];
  /** Row direction cosines then column direction cosines, LPS. */
  imageOrientationPatient: [number, number, number, number, number, number];
  /** [row spacing, column spacing] mm of the model's pixels. */
  pixelSpacing: [number, number];
  /** Source slice pixel (fractional) of model column u: x = x0 + u·sx; of model row v: y = y0 + v·sy. */
  x0: number;
  sx: number;
  y0: number;
  sy: number;
}

/** One axis of planeToModel run backwards: model pixel u → source pixel x = x0 + u·s (pixel-centre convention). */
function axisMap(length: number, stretched: number, size: number, offset: number, resolution: number): { x0: number; s: number } {
  // model u → square q = (u + ½)·size/res − ½ → stretched t = q + offset → source x = (t + ½)·length/stretched − ½.
  const at = (u: number): number => ((u + 0.5) * (size / resolution) - 0.5 + offset + 0.5) * (length / stretched) - 0.5;
  return { x0: at(0), s: at(1) - at(0) };
}

/** The geometry of model image `resolution`² made from slice `slice` along `axis` (as the dataset builder makes it). */
export function modelPlaneOfSlice(volume: Grid, axis: WorldAxis, slice: number, resolution: number, fit: DatasetCreateInput['fit']): ModelPlane {
  const layout = sliceLayout({ ...volume, data: new Float32Array(0) }, axis);
  if (!(Number.isInteger(slice) && slice >= 0 && slice < layout.count)) throw new RangeError(`slice ${slice} is outside the ${layout.count} slices along ${axis}`);
  const { width, height, pixelWidth, pixelHeight } = layout;
  const finest = Math.min(pixelWidth, pixelHeight);
  const anisotropic = Math.abs(pixelWidth - pixelHeight) > 1e-6;
  const w = anisotropic ? Math.round((width * pixelWidth) / finest) : width;
  const h = anisotropic ? Math.round((height * pixelHeight) / finest) : height;
  const size = fit === 'crop' ? Math.min(w, h) : Math.max(w, h);
  // Padding puts the image `left` pixels into the square (square → image: subtract); cropping starts `left` in.
  const sign = fit === 'crop' ? 1 : -1;
  const xs = axisMap(width, w, size, sign * Math.floor(Math.abs(size - w) / 2), resolution);
  const ys = axisMap(height, h, size, sign * Math.floor(Math.abs(size - h) / 2), resolution);
  // Source pixel (r, c) → voxel: index k along an axis of sign −1 runs from the far end.
  const voxel = (r: number, c: number): number[] => {
    const v = [0, 0, 0];
    const at = (size: number, sign: number, k: number): number => (sign > 0 ? k : size - 1 - k);
    v[layout.through.axis] = at(layout.count, layout.through.sign, slice);
    v[layout.rows.axis] = at(height, layout.rows.sign, r);
    v[layout.cols.axis] = at(width, layout.cols.sign, c);
    return v;
  };
  const lps = (v: number[]): [number, number, number] => {
    const ras = [0, 1, 2].map((i) => volume.affine[i][0] * v[0] + volume.affine[i][1] * v[1] + volume.affine[i][2] * v[2] + volume.affine[i][3]);
    return [-ras[0], -ras[1], ras[2]];
  };
  const origin = lps(voxel(ys.x0, xs.x0));
  const alongRow = lps(voxel(ys.x0, xs.x0 + xs.s)).map((p, i) => p - origin[i]);
  const downColumn = lps(voxel(ys.x0 + ys.s, xs.x0)).map((p, i) => p - origin[i]);
  const columnSpacing = Math.hypot(...alongRow);
  const rowSpacing = Math.hypot(...downColumn);
  return {
    imagePositionPatient: origin,
    imageOrientationPatient: [...alongRow.map((d) => d / columnSpacing), ...downColumn.map((d) => d / rowSpacing)] as ModelPlane['imageOrientationPatient'],
    pixelSpacing: [rowSpacing, columnSpacing],
    x0: xs.x0,
    sx: xs.s,
    y0: ys.x0,
    sy: ys.s,
  };
}

/**
 * Writes model-grid planes back into the source grid (nearest model pixel per voxel of the slice; voxels outside
 * the model's field stay 0). `planes[s]` is a resolution² map for slice `slices[s]`; returns x-fastest voxels.
 */
export function planesToVolume(volume: Grid, axis: WorldAxis, slices: readonly number[], planes: readonly ArrayLike<number>[], resolution: number, fit: DatasetCreateInput['fit']): Float32Array {
  const [nx, ny, nz] = volume.dims;
  const out = new Float32Array(nx * ny * nz);
  const layout = sliceLayout({ ...volume, data: new Float32Array(0) }, axis);
  const strides = [1, nx, nx * ny];
  const at = (size: number, sign: number, k: number): number => (sign > 0 ? k : size - 1 - k);
  slices.forEach((slice, s) => {
    const m = modelPlaneOfSlice(volume, axis, slice, resolution, fit);
    const base = at(layout.count, layout.through.sign, slice) * strides[layout.through.axis];
    for (let r = 0; r < layout.height; r++) {
      const v = Math.round((r - m.y0) / m.sy);
      if (v < 0 || v >= resolution) continue;
      const rowOffset = base + at(layout.height, layout.rows.sign, r) * strides[layout.rows.axis];
      for (let c = 0; c < layout.width; c++) {
        const u = Math.round((c - m.x0) / m.sx);
        if (u < 0 || u >= resolution) continue;
        out[rowOffset + at(layout.width, layout.cols.sign, c) * strides[layout.cols.axis]] = planes[s][v * resolution + u];
      }
    }
  });
  return out;
}
