// Catalogued DICOM as projection input: an instance's frame, or a series (a regular stack becomes a volume sliced
// like NIfTI; anything else gives its frames). Frames come from the pixel service the viewer reads, and are turned
// into grey planes by the dataset builder's series reader, so orientation, rescale and MONOCHROME1 inversion are the
// viewer's and the builder's.
import { ApiError } from '../../src-shared/api/errors.js';
import type { AppContext } from '../base/context.js';
import { displayableInstances, entityByPath, entityByUid, getInstance, getSeries, patientIdOf } from '../catalog/queries.js';
import { catalogOf } from '../catalog/service.js';
import { planeOf, readSeries } from '../datasets/seriesSource.js';
import type { Plane } from '../datasets/sources.js';
import type { Volume } from '../datasets/volume.js';
import { pixelsOf } from '../pixels/service.js';

export type DicomContent =
  | { kind: 'volume'; id: string; volume: Volume; subject: string }
  | { kind: 'plane'; id: string; entity: 'instance' | 'series'; plane: Plane; frame: number; subject: string };

/**
 * The catalog id (`series:N`, `instance:N`) an item names: the id itself, a SOP Instance or Series UID, or the path of
 * a catalogued DICOM file; null when the item is none of these (a NIfTI/PNG path, a volume or image id).
 */
export function dicomIdOf(ctx: AppContext, item: string, resolvedPath: () => string): string | null {
  if (/^(series|instance):\d+$/.test(item)) return item;
  if (/^(volume|image):\d+$/.test(item)) return null;
  if (/^[a-z]+:\d+$/.test(item)) throw new ApiError('bad_input', `${item}: a ${item.split(':')[0]} holds many images; give one of its series or instances (or a volume or image)`);
  const db = catalogOf(ctx).db;
  if (/^\d+(\.\d+)+$/.test(item)) {
    const ref = entityByUid(db, item);
    if (!ref) throw new ApiError('not_found', `${item}: no catalogued DICOM instance or series has this UID`);
    if (ref.kind !== 'instance' && ref.kind !== 'series') throw new ApiError('bad_input', `${item}: the UID of a ${ref.kind}; give a series or instance UID`);
    return `${ref.kind}:${ref.id}`;
  }
  const lower = item.toLowerCase();
  if (lower.endsWith('.nii') || lower.endsWith('.nii.gz') || /\.(png|jpe?g)$/.test(lower)) return null;
  const ref = entityByPath(db, resolvedPath());
  return ref?.kind === 'instance' ? `instance:${ref.id}` : null;
}

/** Reads frame `frame` (default 0) of an instance, or a series as a volume (or its frame `frame`). */
export async function readDicomItem(ctx: AppContext, id: string, frame: number | undefined): Promise<DicomContent> {
  const db = catalogOf(ctx).db;
  const pixels = pixelsOf(ctx);
  const subject = patientIdOf(db, id);
  if (id.startsWith('instance:')) {
    const frames = getInstance(db, id).frames;
    const f = frame ?? 0;
    if (f >= frames) throw new ApiError('bad_input', `${id}: frame ${f} is outside its ${frames} frame${frames === 1 ? '' : 's'} (0–${frames - 1})`);
    return { kind: 'plane', id, entity: 'instance', plane: planeOf(await pixels.frame(id, f)), frame: f, subject };
  }
  const series = getSeries(db, id);
  const content = await readSeries(pixels, { id, modality: series.modality, displayable: displayableInstances(db, id).length > 0 });
  if (content.kind === 'volume') {
    if (frame !== undefined) {
      // A frame of a stack is its slice along the stack normal as the viewer orders it: project that instance frame.
      const info = await pixels.volumeInfo(id);
      const s = info.slices[frame];
      if (!s) throw new ApiError('bad_input', `${id}: frame ${frame} is outside its ${info.slices.length} frames (0–${info.slices.length - 1})`);
      return { kind: 'plane', id, entity: 'series', plane: planeOf(await pixels.frame(s.instanceId, s.frame)), frame, subject };
    }
    return { kind: 'volume', id, volume: content.volume, subject };
  }
  const f = frame ?? 0;
  const picked = content.planes[f];
  if (!picked) {
    const why = content.skipped.length > 0 ? `; frames that did not decode: ${content.skipped.map((s) => `${s.path} (${s.reason})`).join('; ')}` : '';
    throw new ApiError('bad_input', `${id}: frame ${f} is outside its ${content.planes.length} decodable frame${content.planes.length === 1 ? '' : 's'}${why}`);
  }
  return { kind: 'plane', id, entity: 'series', plane: picked.plane, frame: f, subject };
}
