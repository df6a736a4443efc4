// The words of the study browser's rows: counts that agree with what opens (frames, not files; documents are not
// images), names that tell same-named files apart, and a short reason for a preview that cannot be drawn.
import type { ImageRow, SeriesRow } from '../../src-shared/api/catalog.js';

/** "1 image", "16 images". */
export function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** What a series row claims: its frames when it can be shown, else what it is (an SR claims no images). */
export function seriesCountText(series: Pick<SeriesRow, 'displayable' | 'frameCount' | 'instanceCount' | 'modality'>): string {
  if (series.displayable) return countOf(series.frameCount, 'image');
  return `${countOf(series.instanceCount, 'object')}, not images${series.modality ? ` (${series.modality})` : ''}`;
}

/** A study line's count: the frames of its viewable series, so it agrees with the series rows below it. */
export function studyCountText(series: readonly Pick<SeriesRow, 'displayable' | 'frameCount'>[]): string {
  const frames = series.filter((s) => s.displayable).reduce((sum, s) => sum + s.frameCount, 0);
  return `${series.length} series · ${countOf(frames, 'image')}`;
}

const segments = (path: string): string[] => path.split(/[\\/]/).filter(Boolean);

/**
 * A display name per path: the file name, or as many trailing folders as it takes to tell files with the same
 * name apart (`a/T1.nii.gz`, `b/T1.nii.gz`).
 */
export function distinctNames(paths: readonly string[]): string[] {
  const parts = paths.map(segments);
  return parts.map((mine, index) => {
    for (let n = 1; n <= mine.length; n++) {
      const tail = mine.slice(-n).join('/');
      const clash = parts.some((other, j) => j !== index && other.slice(-n).join('/') === tail);
      if (!clash) return tail;
    }
    return mine.join('/');
  });
}

/** The overlay caption of one image of a 2D set: its file name and its labels (`IM-0001.png · class=PNEUMONIA`). */
export function imageCaption(image: Pick<ImageRow, 'path' | 'labels'>): string {
  const name = segments(image.path).pop() ?? image.path;
  const labels = Object.entries(image.labels).map(([k, v]) => `${k}=${v}`);
  return [name, ...labels].join(' · ');
}

/** A few words for a preview that failed, in place of an empty black square (the full reason goes in the tooltip). */
export function thumbFailure(reason: string): string {
  if (/ENOENT|no such file|not found|missing|does not exist/i.test(reason)) return 'file missing';
  if (/EACCES|permission/i.test(reason)) return 'no access';
  if (/no displayable/i.test(reason)) return 'no image';
  return 'cannot read';
}
