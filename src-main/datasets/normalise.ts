// Per-image intensity normalisation: clip at two percentiles, map linearly to [−1, 1] (the generator's range).
// Percentiles per image (not per volume) make slices comparable despite MR's arbitrary intensity scale.
import { percentileOfSorted } from '../../src-shared/math/stats.js';

export interface NormalisationSpec {
  /** Lower clip percentile (0–100). */
  lowPercentile: number;
  /** Upper clip percentile (0–100). */
  highPercentile: number;
}

/**
 * Defaults per modality, documented in the README. MR has no absolute scale, so 0.5/99.5 per image; CT is in HU
 * but slices still vary in content, so the same rule; FA maps and other parametric maps are already in [0, 1]
 * and use 0/100 (min/max) so their scale is kept; 2D images (X-ray, PNG) as MR.
 */
export const modalityNormalisation: Readonly<Record<string, NormalisationSpec>> = {
  MR: { lowPercentile: 0.5, highPercentile: 99.5 },
  CT: { lowPercentile: 0.5, highPercentile: 99.5 },
  FA: { lowPercentile: 0, highPercentile: 100 },
  image: { lowPercentile: 0.5, highPercentile: 99.5 },
};

/** Returns a new image in [−1, 1]; a constant image (hi == lo) maps to −1 everywhere. */
export function normalisePercentile(image: Float32Array, spec: NormalisationSpec): Float32Array {
  const sorted = Float32Array.from(image).sort();
  const lo = percentileOfSorted(sorted, spec.lowPercentile);
  const hi = percentileOfSorted(sorted, spec.highPercentile);
  const out = new Float32Array(image.length);
  if (!(hi > lo)) return out.fill(-1);
  const scale = 2 / (hi - lo);
  for (let i = 0; i < image.length; i++) {
    const v = (image[i] - lo) * scale - 1;
    out[i] = v < -1 ? -1 : v > 1 ? 1 : v;
  }
  return out;
}
