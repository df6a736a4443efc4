// Otsu's threshold as scikit-image's `threshold_otsu` computes it for float images (a 256-bin np.histogram over
// [min, max], threshold = the centre of the bin that maximises the between-class variance).
import type { Pixels } from './image.js';

/** NumPy's `np.histogram(values, bins, range=None)` counts and bin centres, including its edge corrections. */
export function histogram(values: Pixels, bins: number): { counts: Float64Array; centers: Float64Array } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) throw new RangeError('histogram: values are empty or not finite');
  if (min === max) {
    // NumPy widens an empty range by ±0.5.
    min -= 0.5;
    max += 0.5;
  }
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i <= bins; i++) edges[i] = min + ((max - min) * i) / bins;
  edges[bins] = max;
  const counts = new Float64Array(bins);
  const norm = bins / (max - min);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    let bin = Math.trunc((v - min) * norm);
    if (bin === bins) bin = bins - 1;
    // Rounding can put a value one bin off its edges; NumPy moves it back, and so do we.
    if (v < edges[bin]) bin--;
    else if (bin !== bins - 1 && v >= edges[bin + 1]) bin++;
    counts[bin]++;
  }
  const centers = new Float64Array(bins);
  for (let i = 0; i < bins; i++) centers[i] = (edges[i] + edges[i + 1]) / 2;
  return { counts, centers };
}

export function otsuThreshold(values: Pixels, bins = 256): number {
  if (values.length === 0) throw new RangeError('Otsu threshold of an empty image');
  const first = values[0];
  let constant = true;
  for (let i = 1; i < values.length && constant; i++) constant = values[i] === first;
  if (constant) return first;
  const { counts, centers } = histogram(values, bins);
  const weight1 = new Float64Array(bins);
  const mean1 = new Float64Array(bins);
  let w = 0;
  let m = 0;
  for (let i = 0; i < bins; i++) {
    w += counts[i];
    m += counts[i] * centers[i];
    weight1[i] = w;
    mean1[i] = m / w;
  }
  const weight2 = new Float64Array(bins);
  const mean2 = new Float64Array(bins);
  w = 0;
  m = 0;
  for (let i = bins - 1; i >= 0; i--) {
    w += counts[i];
    m += counts[i] * centers[i];
    weight2[i] = w;
    mean2[i] = m / w;
  }
  let best = -Infinity;
  let bestIndex = 0;
  for (let i = 0; i < bins - 1; i++) {
    const variance = weight1[i] * weight2[i + 1] * (mean1[i] - mean2[i + 1]) ** 2;
    if (variance > best) {
      best = variance;
      bestIndex = i;
    }
  }
  return centers[bestIndex];
}

/** Foreground = strictly above the Otsu threshold (the usual `image > threshold_otsu(image)`). */
export function otsuMask(values: Pixels, bins = 256): { threshold: number; mask: Uint8Array } {
  const threshold = otsuThreshold(values, bins);
  const mask = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) mask[i] = values[i] > threshold ? 1 : 0;
  return { threshold, mask };
}
