// Viewer layouts (1×1, 1×2, 2×2) and the rules that keep panes in step: synchronised scroll maps a slice
// position from one pane's stack to another's, synchronised W/L copies the window to panes of the same kind.

export const layouts = {
  '1x1': { rows: 1, columns: 1 },
  '1x2': { rows: 1, columns: 2 },
  '2x2': { rows: 2, columns: 2 },
} as const;
export type LayoutId = keyof typeof layouts;
export const layoutIds = Object.keys(layouts) as LayoutId[];

export function paneCount(layout: LayoutId): number {
  return layouts[layout].rows * layouts[layout].columns;
}

/** The most panes any layout shows. */
export const maxPanes = Math.max(...layoutIds.map(paneCount));

/**
 * The slice another pane should show when the source pane moves to `index` of `count` slices.
 * With positions along the normal (mm) on both sides, the nearest position wins (same anatomy in registered
 * series); otherwise the relative position is kept (k/n → k'/n'), which suits real-vs-synthetic comparisons.
 */
export function syncSliceIndex(
  index: number,
  count: number,
  targetCount: number,
  positions?: { source: readonly number[]; target: readonly number[] },
): number {
  if (targetCount <= 1 || count <= 0) return 0;
  if (positions && positions.source.length === count && positions.target.length === targetCount) {
    const want = positions.source[Math.min(Math.max(index, 0), count - 1)];
    let best = 0;
    for (let i = 1; i < targetCount; i++) if (Math.abs(positions.target[i] - want) < Math.abs(positions.target[best] - want)) best = i;
    return best;
  }
  if (count === 1) return 0;
  const fraction = Math.min(Math.max(index, 0), count - 1) / (count - 1);
  return Math.round(fraction * (targetCount - 1));
}

/** W/L is copied only between panes showing comparable values (same modality), never CT onto MR. */
export function shouldSyncWindow(sourceModality: string | null, targetModality: string | null): boolean {
  return (sourceModality ?? '') === (targetModality ?? '');
}

/** Next slice index after a scroll by `delta`, clamped (no wrap: radiologists expect the ends to stop). */
export function stepSlice(index: number, delta: number, count: number): number {
  return Math.min(Math.max(index + delta, 0), Math.max(count - 1, 0));
}

/** Cine: next index, wrapping to the start. */
export function cineNext(index: number, count: number): number {
  return count <= 0 ? 0 : (index + 1) % count;
}

/** Cine frame rates offered (frames/s), as in common PACS viewers; 12 is the default. */
export const cineFrameRates = [2, 5, 8, 12, 15, 20, 25, 30] as const;
export const defaultCineFps = 12;

/** The next offered rate above (`step` +1) or below (−1) `fps`, staying at the ends. */
export function stepCineFps(fps: number, step: 1 | -1): number {
  const rates: readonly number[] = cineFrameRates;
  if (step > 0) return rates.find((r) => r > fps) ?? rates[rates.length - 1];
  return [...rates].reverse().find((r) => r < fps) ?? rates[0];
}

/**
 * Wait before the next cine frame, so frames start 1/fps apart. A frame that took longer than that (slow decode or
 * draw) is followed at once rather than queued up behind others: cine slows down instead of piling up requests.
 */
export function cineDelayMs(fps: number, frameMs: number): number {
  return Math.max(0, 1000 / fps - frameMs);
}

export interface SyncPane {
  kind: 'stack' | 'volume';
  /** Volume panes: which volume and which plane. */
  sourceId?: string;
  orientation?: string;
  count: number;
}

/**
 * Whether scrolling `source` should move `target`: stacks follow stacks; volume panes follow volume panes of
 * the same plane showing another volume (real vs synthesised); orthogonal planes of one volume never follow
 * each other, and a single image has nothing to scroll.
 */
export function shouldSyncScroll(source: SyncPane, target: SyncPane): boolean {
  if (source.count <= 1 || target.count <= 1) return false;
  if (source.kind !== target.kind) return false;
  if (source.kind === 'stack') return true;
  return source.orientation === target.orientation && source.sourceId !== target.sourceId;
}
