// A catalog DICOM series (`series:<n>`) as the eigen analysis' ordered stack: its frames in instance order, checked
// from the catalog (at least 2, grey, one size) before a job exists, then decoded by the pixel service that serves
// pixels.frame into the job's K×1×H×W working stack, so the analysis reads the same modality units the viewer shows.
import { ApiError } from '../../src-shared/api/errors.js';
import { seriesIdSchema } from '../../src-shared/api/catalog.js';
import { frameValues } from '../../src-shared/api/pixels.js';
import { writeNpy } from '../analysis/files.js';
import { displayableInstances, getSeries, seriesProvenanceOf } from '../catalog/queries.js';
import type { Db } from '../db/database.js';
import type { PixelService } from '../pixels/service.js';

/** What the job needs to build the stack: which frames, in which order, of which size; and how to name the series. */
export interface CatalogSeriesStack {
  id: string;
  /** "MR, T1 axial, 5 frames": for the job title. */
  label: string;
  /** Every frame of every displayable instance, in instance-number order (then frame order within an instance). */
  frames: Array<{ instance: string; frame: number }>;
  height: number;
  width: number;
  /** True when any instance of the series is synthetic (Synthetic Data = YES, catalog migration 4). */
  synthetic: boolean;
}

/** The working stack's name in the result folder: the frames as analysed, K×1×H×W float32 in modality units. */
export const catalogStackFile = 'frames.npy';

export const isCatalogSeriesRef = (ref: string): boolean => seriesIdSchema.safeParse(ref).success;

/** Photometric interpretations whose frames are colour (the pixel service converts them to RGB). */
const colourPhotometric = /^(RGB|YBR|PALETTE)/i;

/** How many instances a message lists before "and N more". */
const listed = 4;

const listOf = (ids: string[]): string => `${ids.slice(0, listed).join(', ')}${ids.length > listed ? ` and ${ids.length - listed} more` : ''}`;

/** The frames of a catalog series, refused as bad_input (no voxel read) when they cannot be one ordered grey stack. */
export function catalogSeriesStack(db: Db, id: string): CatalogSeriesStack {
  let series;
  try {
    series = getSeries(db, id);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not_found') throw new ApiError('bad_input', `${id} is not in the catalog (\`latentrad ls series\` lists the catalogued series)`);
    throw error;
  }
  const rows = displayableInstances(db, id);
  const frames = rows.flatMap((r) => Array.from({ length: r.frames }, (_, frame) => ({ instance: `instance:${r.id}`, frame })));
  if (frames.length < 2) throw new ApiError('bad_input', `${id}: ${frames.length} image frame${frames.length === 1 ? '' : 's'}; an ordered stack needs at least 2`);
  const colour = rows.filter((r) => (r.samples_per_pixel ?? 1) !== 1 || colourPhotometric.test(r.photometric ?? ''));
  if (colour.length > 0) {
    throw new ApiError('bad_input', `${id}: colour frames (${colour[0].photometric ?? `${colour[0].samples_per_pixel} samples per pixel`} in ${listOf(colour.map((r) => `instance:${r.id}`))}); the analysis takes grey images only`);
  }
  const sizes = new Map<string, string[]>();
  for (const r of rows) {
    const size = `${r.columns ?? '?'}×${r.rows ?? '?'}`;
    sizes.set(size, [...(sizes.get(size) ?? []), `instance:${r.id}`]);
  }
  if (sizes.size > 1) {
    const which = [...sizes].map(([size, ids]) => `${size} in ${listOf(ids)}`).join('; ');
    throw new ApiError('bad_input', `${id}: frames of different sizes (${which}); the analysis needs every frame the same size`);
  }
  const [height, width] = [rows[0].rows ?? 0, rows[0].columns ?? 0];
  if (height < 1 || width < 1) throw new ApiError('bad_input', `${id}: the catalog records no image size for instance:${rows[0].id}`);
  const label = [series.modality, series.description, `${frames.length} frames`].filter(Boolean).join(', ');
  return { id, label, frames, height, width, synthetic: seriesProvenanceOf(db, id) === 'synthetic' };
}

/**
 * Decodes every frame of the stack (pixels.frame's path: modality LUT or rescale applied, no display inversion) and
 * writes them as one K×1×H×W .npy at `path`. `onFrame(k)` runs before frame k is read (progress, and a stop request
 * thrown from it ends the read); a frame that decodes to another size or to colour than the catalog says is refused.
 */
export async function writeCatalogStack(pixels: PixelService, stack: CatalogSeriesStack, path: string, onFrame: (index: number) => void): Promise<void> {
  const { id, frames, height, width } = stack;
  const planeSize = height * width;
  const data = new Float32Array(frames.length * planeSize);
  for (const [k, { instance, frame }] of frames.entries()) {
    onFrame(k);
    const decoded = await pixels.frame(instance, frame);
    const where = `${id}: ${instance} frame ${frame}`;
    if (decoded.samplesPerPixel !== 1) throw new ApiError('bad_input', `${where} decodes to colour (${decoded.photometricInterpretation}); the analysis takes grey images only`);
    if (decoded.geometry.rows !== height || decoded.geometry.columns !== width) {
      throw new ApiError('bad_input', `${where} decodes to ${decoded.geometry.columns}×${decoded.geometry.rows}, the other frames are ${width}×${height}`);
    }
    data.set(frameValues(decoded), k * planeSize);
  }
  writeNpy(path, data, [frames.length, 1, height, width]);
}
