// Window/level: the CT presets radiologists expect, conversions between W/L and value ranges, and an automatic
// window from the pixel histogram for images whose file states none (MR, CR, NIfTI, research PNGs).

export interface WindowLevel {
  /** Window centre (level) in modality units. */
  center: number;
  /** Window width in modality units, > 0. */
  width: number;
}

export interface WindowPreset extends WindowLevel {
  id: string;
  label: string;
  /** Keyboard shortcut (digit) that applies it. */
  key: string;
}

/** The CT presets from the issue, in Hounsfield units; keys 1–4 as in most PACS viewers. */
export const ctPresets: readonly WindowPreset[] = [
  { id: 'brain', label: 'CT brain', width: 80, center: 40, key: '1' },
  { id: 'soft', label: 'Soft tissue', width: 400, center: 40, key: '2' },
  { id: 'lung', label: 'Lung', width: 1500, center: -600, key: '3' },
  { id: 'bone', label: 'Bone', width: 2500, center: 480, key: '4' },
];

/** The value range a window displays, DICOM PS3.3 C.11.2.1.2 linear function simplified to [c − w/2, c + w/2]. */
export function windowToRange(w: WindowLevel): { lower: number; upper: number } {
  return { lower: w.center - w.width / 2, upper: w.center + w.width / 2 };
}

export function rangeToWindow(lower: number, upper: number): WindowLevel {
  const width = Math.max(upper - lower, Number.EPSILON);
  return { center: lower + width / 2, width };
}

/**
 * Window covering the `low`–`high` percentiles of the finite values (default 1st–99th), so a few hot or
 * background pixels do not flatten the contrast. Percentiles come from an evenly strided sample of at most
 * 65 536 values, sorted: exact for small images, O(n) to gather and cheap to sort for whole volumes.
 */
export function autoWindow(values: ArrayLike<number>, low = 0.01, high = 0.99): WindowLevel {
  const maxSamples = 65_536;
  const stride = Math.max(1, Math.floor(values.length / maxSamples));
  const sample: number[] = [];
  for (let i = 0; i < values.length; i += stride) {
    const v = values[i];
    if (Number.isFinite(v)) sample.push(v);
  }
  if (sample.length === 0) return { center: 0, width: 1 };
  const sorted = Float64Array.from(sample).sort();
  const at = (fraction: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(fraction * (sorted.length - 1))))];
  const lower = at(low);
  const upper = at(high);
  if (upper <= lower) {
    // A (nearly) constant image: centre on the value; widen to the full range if there is one.
    const min = sorted[0];
    const max = sorted[sorted.length - 1];
    return max > min ? rangeToWindow(min, max) : { center: lower, width: 1 };
  }
  return rangeToWindow(lower, upper);
}

/** Applies a mouse drag to a window the usual way: horizontal = width, vertical = level, scaled by the range. */
export function dragWindow(w: WindowLevel, dx: number, dy: number, sensitivity: number): WindowLevel {
  return { center: w.center + dy * sensitivity, width: Math.max(1e-6, w.width + dx * sensitivity) };
}

export function formatWindow(w: WindowLevel): string {
  const round = (v: number): string => (Math.abs(v) >= 10 ? Math.round(v).toString() : v.toPrecision(3));
  return `W ${round(w.width)} L ${round(w.center)}`;
}
