// Window/level, the one module for it: the CT presets radiologists expect, conversions between W/L and value ranges,
// the automatic window for images whose file states none (MR, CR, NIfTI, research PNGs), and applying a window.

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

/** Smallest and largest finite value ({0, 0} when there is none). */
export function minMax(values: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min && v > -Infinity) min = v;
    if (v > max && v < Infinity) max = v;
  }
  return min <= max ? { min, max } : { min: 0, max: 0 };
}

/**
 * The automatic window, the same for stacks (the pixel service) and volumes (the viewer): it covers the `low`–`high`
 * fractions of the finite values (default 1st–99th percentile), so a few hot or background pixels do not flatten the
 * contrast. Percentiles come from a 4096-bin histogram over every value (exact to 1/4096 of the range, O(n)).
 * A (nearly) constant image gets its full range, or width 1 around its value.
 */
export function autoWindow(values: ArrayLike<number>, range = minMax(values), low = 0.01, high = 0.99): WindowLevel {
  const { min, max } = range;
  if (!(max > min)) return { center: min, width: 1 };
  const bins = 4096;
  const hist = new Uint32Array(bins);
  const k = (bins - 1) / (max - min);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v >= min && v <= max) {
      hist[Math.floor((v - min) * k)]++;
      n++;
    }
  }
  const at = (q: number): number => {
    const target = q * n;
    let acc = 0;
    for (let b = 0; b < bins; b++) {
      acc += hist[b];
      if (acc >= target) return min + b / k;
    }
    return max;
  };
  const lower = at(low);
  const upper = at(high);
  return upper > lower ? rangeToWindow(lower, upper) : rangeToWindow(min, max);
}

/**
 * Linear VOI window as DICOM PS3.3 C.11.2.1.2 defines it, mapped to 0..outMax; `invert` flips it for MONOCHROME1.
 */
export function applyWindow(values: ArrayLike<number>, center: number, width: number, outMax: number, invert = false): Uint8Array | Uint16Array {
  const out = outMax > 255 ? new Uint16Array(values.length) : new Uint8Array(values.length);
  const lo = center - 0.5 - (width - 1) / 2;
  const span = Math.max(width - 1, 1e-9);
  for (let i = 0; i < values.length; i++) {
    let t = (values[i] - lo) / span;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    out[i] = Math.round((invert ? 1 - t : t) * outMax);
  }
  return out;
}

/** Applies a mouse drag to a window the usual way: horizontal = width, vertical = level, scaled by the range. */
export function dragWindow(w: WindowLevel, dx: number, dy: number, sensitivity: number): WindowLevel {
  return { center: w.center + dy * sensitivity, width: Math.max(1e-6, w.width + dx * sensitivity) };
}

export function formatWindow(w: WindowLevel): string {
  const round = (v: number): string => (Math.abs(v) >= 10 ? Math.round(v).toString() : v.toPrecision(3));
  return `W ${round(w.width)} L ${round(w.center)}`;
}
