// Acquisition properties of every cohort code, written as index.csv columns beside the labels so a direction can be
// audited against them and conditioned on them: the site (IXI names it in the file name), the original image's
// in-plane size and field of view (where pixel spacing exists), and the intensity of the image as it was projected.
import { basename } from 'node:path';
import type { ImageRow, VolumeRow } from '../../src-shared/api/catalog.js';
import { voxelAxesOf } from '../datasets/volume.js';

/** index.csv columns for acquisition confounders, in the order they are written. */
export const acquisitionColumns = ['site', 'original_width', 'original_height', 'fov_width_mm', 'fov_height_mm', 'mean_intensity', 'intensity_sd'] as const;

type Acquisition = Record<(typeof acquisitionColumns)[number], string>;

/** The IXI site ("IXI012-HH-1211_T1.nii.gz" → HH; Guys, IOP): scanners differ between the three hospitals. */
export function ixiSite(path: string): string {
  return /^IXI\d+-([A-Za-z]+)-\d+/.exec(basename(path))?.[1] ?? '';
}

/** Size of the original slice (pixels) and its field of view (mm, volumes only): the in-plane axes of `axis`. */
function geometry(row: VolumeRow | ImageRow, axis: 'x' | 'y' | 'z'): Pick<Acquisition, 'original_width' | 'original_height' | 'fov_width_mm' | 'fov_height_mm'> {
  if (!('affine' in row)) return { original_width: String(row.columns), original_height: String(row.rows), fov_width_mm: '', fov_height_mm: '' };
  const a = row.affine;
  const axes = voxelAxesOf([a.slice(0, 4), a.slice(4, 8), a.slice(8, 12), a.slice(12, 16)]);
  // The dataset builder's display layout: axial x×y, coronal x×z, sagittal y×z.
  const [col, rowAxis] = axis === 'z' ? (['x', 'y'] as const) : axis === 'y' ? (['x', 'z'] as const) : (['y', 'z'] as const);
  const [w, h] = [row.dims[axes[col].axis], row.dims[axes[rowAxis].axis]];
  const mm = (n: number, voxel: number | undefined): string => (voxel && voxel > 0 ? String(Number((n * voxel).toFixed(3))) : '');
  return { original_width: String(w), original_height: String(h), fov_width_mm: mm(w, row.voxelSize[axes[col].axis]), fov_height_mm: mm(h, row.voxelSize[axes[rowAxis].axis]) };
}

/** Mean and standard deviation of the projected image (model scale [−1, 1]). */
function intensity(image: ArrayLike<number>): Pick<Acquisition, 'mean_intensity' | 'intensity_sd'> {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < image.length; i++) {
    sum += image[i];
    squares += image[i] * image[i];
  }
  const mean = sum / image.length;
  const sd = Math.sqrt(Math.max(0, squares / image.length - mean * mean));
  return { mean_intensity: mean.toPrecision(6), intensity_sd: sd.toPrecision(6) };
}

/** The acquisition columns of one code: its catalog row, the world axis it was sliced along, its projected image. */
export function acquisitionOf(row: VolumeRow | ImageRow, axis: 'x' | 'y' | 'z', image: ArrayLike<number>): Acquisition {
  return { site: ixiSite(row.path), ...geometry(row, axis), ...intensity(image) };
}

/** Columns that can be confounders: at least two distinct, non-empty values over the cohort. */
export function varyingColumns(names: readonly string[], column: (name: string) => readonly string[]): string[] {
  return names.filter((name) => {
    const values = column(name);
    return values.every((v) => v !== '') && new Set(values).size >= 2;
  });
}
