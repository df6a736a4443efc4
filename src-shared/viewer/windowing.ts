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
 * background pixels do not flatten the contrast. Uses a 4096-bin histogram: O(n), no sort of the whole image.
 */
export function autoWindow(values: ArrayLike<number>, low = 0.01, high = 0.99): WindowLevel {
  let min = Infinity;
  let max = -Infinity;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    count++;
  }
  if (count === 0) return { center: 0, width: 1 };
  if (max === min) return { center: min, width: 1 };
  const bins = 4096;
  const histogram = new Uint32Array(bins);
  const scale = (bins - 1) / (max - min);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) histogram[Math.floor((v - min) * scale)]++;
  }
  const at = (fraction: number): number => {
    const target = fraction * count;
    let seen = 0;
    for (let b = 0; b < bins; b++) {
      seen += histogram[b];
      if (seen >= target) return min + b / scale;
    }
    return max;
  };
  const lower = at(low);
  let upper = at(high) + 1 / scale;
  if (upper <= lower) upper = lower + (max - min) / bins;
  return rangeToWindow(lower, Math.min(upper, max));
}

/** Applies a mouse drag to a window the usual way: horizontal = width, vertical = level, scaled by the range. */
export function dragWindow(w: WindowLevel, dx: number, dy: number, sensitivity: number): WindowLevel {
  return { center: w.center + dy * sensitivity, width: Math.max(1e-6, w.width + dx * sensitivity) };
}

export function formatWindow(w: WindowLevel): string {
  const round = (v: number): string => (Math.abs(v) >= 10 ? Math.round(v).toString() : v.toPrecision(3));
  return `W ${round(w.width)} L ${round(w.center)}`;
}
