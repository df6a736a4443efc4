// Order statistics, one implementation for every layer: NumPy's default percentile (linear interpolation between the
// two nearest order statistics), on values already sorted or not.

/** The `p`th percentile (0–100) of values sorted ascending; refuses an empty list or a p outside 0–100. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const n = sorted.length;
  if (n === 0) throw new RangeError('percentile of no values');
  const position = (p / 100) * (n - 1);
  const lo = Math.floor(position);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
}

/** The `p`th percentile (0–100) of values in any order (sorted on a copy; the input is left as it is). */
export function percentile(values: ArrayLike<number>, p: number): number {
  return percentileOfSorted(Float64Array.from(values).sort(), p);
}
