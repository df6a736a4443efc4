// How the cohort builder turns "split by this label" into the two groups' filter terms: a categorical label gives
// key=value for each group; a numeric one gives thresholds (key<lo vs key>hi) or quantiles of the values present.
import { percentileOfSorted } from '../math/stats.js';

export type CohortSplit =
  | { kind: 'category'; key: string; a: string; b: string }
  | { kind: 'threshold'; key: string; below: number; above: number }
  | { kind: 'quantile'; key: string; fraction: number };

/** A label's values over the catalog entries: numeric when every non-empty value is a number. */
export interface LabelValues {
  key: string;
  values: string[];
  numeric: boolean;
}

/** Every label key with its non-empty values (sorted keys; numeric labels flagged). */
export function labelValues(entries: ReadonlyArray<{ labels: Readonly<Record<string, string>> }>): LabelValues[] {
  const byKey = new Map<string, string[]>();
  for (const e of entries) {
    for (const [key, value] of Object.entries(e.labels)) {
      if (value.trim() === '') continue;
      const list = byKey.get(key) ?? [];
      list.push(value);
      byKey.set(key, list);
    }
  }
  return [...byKey.keys()].sort().map((key) => {
    const values = byKey.get(key)!;
    return { key, values, numeric: values.every((v) => Number.isFinite(Number(v))) };
  });
}

/** The value at quantile q (0..1) of sorted numbers, linearly interpolated (NumPy's default): the one percentile. */
export function quantileOf(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('no values to take a quantile of');
  return percentileOfSorted(sorted, q * 100);
}

/**
 * The two groups' terms. A quantile split takes the lowest and the highest `fraction` of the numeric values given
 * (key<=q vs key>=1−q); thresholds and categories are taken as they are. Throws a RangeError saying what is wrong.
 */
export function groupTerms(split: CohortSplit, values: readonly string[] = []): { groupA: string[]; groupB: string[] } {
  if (split.key.trim() === '') throw new RangeError('choose the label that splits the cohort');
  if (split.kind === 'category') {
    if (split.a === split.b) throw new RangeError(`both groups are ${split.key}=${split.a}; choose two different values`);
    return { groupA: [`${split.key}=${split.a}`], groupB: [`${split.key}=${split.b}`] };
  }
  if (split.kind === 'threshold') {
    if (!(split.below <= split.above)) throw new RangeError(`group a (${split.key}<${split.below}) must lie below group b (${split.key}>${split.above})`);
    return { groupA: [`${split.key}<${split.below}`], groupB: [`${split.key}>${split.above}`] };
  }
  if (!(split.fraction > 0 && split.fraction <= 0.5)) throw new RangeError(`a quantile split takes a fraction in (0, 0.5], got ${split.fraction}`);
  const numbers = values.map(Number).filter(Number.isFinite).sort((x, y) => x - y);
  if (numbers.length < 2) throw new RangeError(`${split.key}: a quantile split needs at least two numeric values, found ${numbers.length}`);
  const lo = quantileOf(numbers, split.fraction);
  const hi = quantileOf(numbers, 1 - split.fraction);
  // Equal cut points (e.g. halves of an even list) would put the median in both groups.
  if (split.fraction === 0.5 || lo >= hi) return { groupA: [`${split.key}<${lo}`], groupB: [`${split.key}>=${lo}`] };
  return { groupA: [`${split.key}<=${round(lo)}`], groupB: [`${split.key}>=${round(hi)}`] };
}

const round = (v: number): number => Number(v.toPrecision(6));
