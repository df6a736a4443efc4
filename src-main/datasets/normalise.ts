// Per-image intensity normalisation: clip at two percentiles, map linearly to [−1, 1] (the generator's range).
// Percentiles per image (not per volume) make slices comparable despite MR's arbitrary intensity scale.

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

/** NumPy's default percentile: linear interpolation between the two nearest order statistics. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new Error('percentile of an empty image');
  const pos = (Math.min(100, Math.max(0, p)) / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Returns a new image in [−1, 1]; a constant image (hi == lo) maps to −1 everywhere. */
export function normalisePercentile(image: Float32Array, spec: NormalisationSpec): Float32Array {
  const sorted = Float32Array.from(image).sort();
  const lo = percentile(sorted, spec.lowPercentile);
  const hi = percentile(sorted, spec.highPercentile);
  const out = new Float32Array(image.length);
  if (!(hi > lo)) return out.fill(-1);
  const scale = 2 / (hi - lo);
  for (let i = 0; i < image.length; i++) {
    const v = (image[i] - lo) * scale - 1;
    out[i] = v < -1 ? -1 : v > 1 ? 1 : v;
  }
  return out;
}

/** [−1, 1] → uint8 as NVlabs stores images (x·127.5 + 127.5, rounded and clipped; training maps back with u/127.5 − 1): the on-disk dataset format. */
export function toUint8(image: Float32Array): Uint8Array {
  const out = new Uint8Array(image.length);
  for (let i = 0; i < image.length; i++) out[i] = Math.min(255, Math.max(0, Math.round(image[i] * 127.5 + 127.5)));
  return out;
}

/** Colour (interleaved, 3 or 4 channels) folded to luminance (Rec. 601): the models are single-channel. */
export function toLuminance(pixels: ArrayLike<number>, count: number, channels: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    out[i] = channels === 1 ? pixels[i] : 0.299 * pixels[i * channels] + 0.587 * pixels[i * channels + 1] + 0.114 * pixels[i * channels + 2];
  }
  return out;
}
