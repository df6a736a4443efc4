// The original beside an edit series: the image its code was fitted to, as the viewer shows it (no Cornerstone
// imports here, so the rule is testable outside a browser).
import { resultIdSchema } from '../../../src-shared/api/results.js';
import { toImageId } from '../../../src-shared/viewer/imageIds.js';
import { rangeToWindow } from '../../../src-shared/viewer/windowing.js';
import type { WindowLevel } from '../../../src-shared/viewer/windowing.js';

/** The viewer's StackDisplay as this module fills it (declared here: the viewer store pulls React and DOM types in). */
export interface OriginalStack {
  kind: 'stack';
  key: string;
  title: string;
  patient: string;
  study: string;
  modality: string;
  provenance: 'acquired';
  imageIds: string[];
}

/**
 * The image a code was fitted to, as a one-image stack: row `projection_row` of the projection result's
 * targets.npy (the cohort's index.csv names both). It is the slice exactly as it was projected — same slice,
 * the model's orientation and resolution, on the model's [−1, 1] scale — so it lines up with the series' α = 0
 * image and shares its W/L. Null for a seed or a code whose projection is not known.
 */
export function originalDisplay(position: Readonly<Record<string, string>>): OriginalStack | null {
  const projection = position.projection ?? '';
  const row = Number(position.projection_row);
  if (!resultIdSchema.safeParse(projection).success || position.projection_row === '' || !Number.isInteger(row) || row < 0) return null;
  const item = position.item ?? '';
  const where = position.axis && position.slice ? `, world axis ${position.axis} slice ${position.slice}` : '';
  return {
    kind: 'stack',
    key: `original:${projection}:${row}`,
    title: 'Original (as projected)',
    patient: position.subject || item || 'original',
    study: `${item}${where}`,
    // The same scale as the series (model scale), so the W/L sync between the two panes copies meaningful windows.
    modality: 'OT',
    provenance: 'acquired',
    imageIds: [toImageId({ kind: 'result', resultId: projection, file: 'targets.npy', index: row, channel: 0 })],
  };
}

/**
 * The W/L both panes start with: the model's scale [−1, 1], widened to the series' range (generator outputs are
 * never clamped), so equal grey levels mean equal values in the original and in every α.
 */
export function seriesWindow(range: readonly [number, number]): WindowLevel {
  return rangeToWindow(Math.min(range[0], -1), Math.max(range[1], 1));
}
