// The separability report's histogram: the codes' projections onto the direction binned on one shared axis, one
// count series per group (and split), so the two groups' overlap is seen at a glance.

export interface ProjectionPoint {
  value: number;
  label: number;
  heldOut: boolean;
}

export interface ProjectionHistogram {
  /** Bin centres. */
  centres: number[];
  /** Counts per series, in the order of `names`. */
  counts: number[][];
  names: string[];
}

/** `bins` equal bins over [min, max] of every value; series per class (0, 1) and, when `splitHeldOut`, per split. */
export function projectionHistogram(points: readonly ProjectionPoint[], classes: readonly string[], bins = 20, splitHeldOut = true): ProjectionHistogram {
  if (!(Number.isInteger(bins) && bins >= 1)) throw new RangeError(`a histogram needs a whole number of bins ≥ 1, got ${bins}`);
  const series = [0, 1].flatMap((label): Array<{ label: number; heldOut: boolean | null }> => (splitHeldOut ? [{ label, heldOut: false }, { label, heldOut: true }] : [{ label, heldOut: null }]));
  const names = series.map((s) => `${classes[s.label] ?? `class ${s.label}`}${s.heldOut === null ? '' : s.heldOut ? ' (held-out)' : ' (train)'}`);
  if (points.length === 0) return { centres: [], counts: series.map(() => []), names };
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of points) {
    lo = Math.min(lo, p.value);
    hi = Math.max(hi, p.value);
  }
  // Every value equal: one bin of width 1 around it rather than a zero width.
  const width = hi > lo ? (hi - lo) / bins : 1;
  const start = hi > lo ? lo : lo - 0.5;
  const counts = series.map(() => new Array<number>(bins).fill(0));
  for (const p of points) {
    const bin = Math.min(bins - 1, Math.floor((p.value - start) / width));
    const s = series.findIndex((x) => x.label === p.label && (x.heldOut === null || x.heldOut === p.heldOut));
    if (s >= 0) counts[s][bin]++;
  }
  return { centres: Array.from({ length: bins }, (_, i) => start + (i + 0.5) * width), counts, names };
}
