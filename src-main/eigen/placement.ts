// Slice positions of a volume source: where each position's model image sits in the source volume (from the
// series' SERIES.json rows: item, axis, slice), written as the result's geometry.json for the viewer, and maps
// written back into the source grid as NIfTI with the source affine.
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ApiError } from '../../src-shared/api/errors.js';
import type { DatasetCreateInput } from '../../src-shared/api/datasets.js';
import type { ResultGeometry } from '../../src-shared/api/results.js';
import type { AppContext } from '../base/context.js';
import { catalogOf } from '../catalog/service.js';
import { getVolume } from '../catalog/queries.js';
import { modelPlaneOfSlice, planesToVolume } from '../datasets/planeGeometry.js';
import { readNiftiVolume } from '../datasets/volume.js';
import type { Volume, WorldAxis } from '../datasets/volume.js';
import { writeNifti } from '../io/niftiWrite.js';
import { checkUserPath } from '../security/userPaths.js';

/** Everything the analysis worker needs to place maps: the source grid (no voxels), axis, slices, builder settings. */
export interface Placement {
  source: string;
  grid: Pick<Volume, 'dims' | 'spacing' | 'affine'>;
  axis: WorldAxis;
  slices: number[];
  fit: DatasetCreateInput['fit'];
}

/** SERIES.json's per-position rows (index.csv columns); a placement when they name one volume, an axis and slices. */
export async function placementOf(ctx: AppContext, positions: unknown, fit: DatasetCreateInput['fit']): Promise<Placement | null> {
  if (!Array.isArray(positions) || positions.length === 0) return null;
  const rows = positions as Array<Record<string, unknown>>;
  const items = new Set(rows.map((r) => r.item));
  const axis = rows[0].axis;
  const slices = rows.map((r) => Number(r.slice));
  if (items.size !== 1 || !['x', 'y', 'z'].includes(String(axis)) || rows.some((r) => r.axis !== axis) || slices.some((s) => !Number.isInteger(s) || s < 0)) return null;
  const item = String([...items][0]);
  let path: string;
  if (/^volume:\d+$/.test(item)) path = getVolume(catalogOf(ctx).db, item).path;
  else if (isAbsolute(item) && /\.nii(\.gz)?$/i.test(item)) path = checkUserPath(ctx, item, 'series source volume');
  else return null;
  if (!existsSync(path)) throw new ApiError('not_found', `${path}: the series' source volume (${item}) is gone`);
  const volume = await readNiftiVolume(path);
  return { source: item, grid: { dims: volume.dims, spacing: volume.spacing, affine: volume.affine }, axis: axis as WorldAxis, slices, fit };
}

/**
 * placementOf for callers that can do without one (an edit series, an eigen analysis without NIfTI output): a source
 * volume that is not in this catalog or gone from disk gives null instead of an error.
 */
export async function optionalPlacement(ctx: AppContext, positions: unknown, fit: DatasetCreateInput['fit']): Promise<Placement | null> {
  try {
    return await placementOf(ctx, positions, fit);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not_found') return null;
    throw error;
  }
}

/** The arrays of an eigen result whose planes are slice positions (see resultGeometrySchema). */
export const positionFiles = ['reference.npy', 'subtraction.npy', 'mask.npy', 'joint/components.npy'];

export function resultGeometry(placement: Placement, resolution: number): ResultGeometry {
  return {
    source: placement.source,
    frameOfReferenceUid: `latentrad-${placement.source}`,
    positions: placement.slices.map((slice) => {
      const g = modelPlaneOfSlice(placement.grid, placement.axis, slice, resolution, placement.fit);
      return { imagePositionPatient: g.imagePositionPatient, imageOrientationPatient: g.imageOrientationPatient, pixelSpacing: g.pixelSpacing };
    }),
    positionFiles,
  };
}

/**
 * Writes `maps` (count × S × res², one map per slice position) into the source grid as one NIfTI (x, y, z[, count])
 * with the source affine; the description says SYNTHETIC when derived from generated images.
 */
export function writeMapsNifti(dir: string, name: string, placement: Placement, maps: Float32Array[][], resolution: number, synthetic: boolean, what: string): string {
  const volumes = maps.map((perPosition) => planesToVolume(placement.grid, placement.axis, placement.slices, perPosition, resolution, placement.fit));
  const size = volumes[0].length;
  const data = new Float32Array(size * volumes.length);
  volumes.forEach((v, k) => data.set(v, k * size));
  const a = placement.grid.affine;
  writeNifti(join(dir, name), {
    dims: volumes.length > 1 ? [...placement.grid.dims, volumes.length] : [...placement.grid.dims],
    data,
    affine: [...a[0], ...a[1], ...a[2]],
    description: `${synthetic ? 'SYNTHETIC-derived ' : ''}LatentRad ${what}`,
  });
  return name;
}
