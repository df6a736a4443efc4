// Display windowing on typed arrays: min/max, an automatic window from the 1st–99th percentile, and
// applying a window (with optional inversion for MONOCHROME1) to produce 8- or 16-bit display values.
export type Numeric = { readonly length: number; readonly [i: number]: number };

export function minMax(values: Numeric): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return values.length === 0 || !Number.isFinite(min) ? { min: 0, max: 0 } : { min, max };
}

/** Centre/width covering the 1st to 99th percentile (a 4096-bin histogram, so exact enough and O(n)). */
export function autoWindow(values: Numeric, range = minMax(values)): { center: number; width: number } {
  const { min, max } = range;
  if (!(max > min)) return { center: min, width: 1 };
  const bins = 4096;
  const hist = new Uint32Array(bins);
  const k = (bins - 1) / (max - min);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
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
  const lo = at(0.01);
  const hi = Math.max(at(0.99), lo + (max - min) / bins);
  return { center: (lo + hi) / 2, width: hi - lo };
}

/**
 * Linear VOI window as DICOM PS3.3 C.11.2.1.2 defines it, mapped to 0..outMax; `invert` flips it for MONOCHROME1.
 */
export function applyWindow(values: Numeric, center: number, width: number, outMax: number, invert = false): Uint8Array | Uint16Array {
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
