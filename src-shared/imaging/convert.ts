// Pixel conversions, one implementation each: images on the model's scale [−1, 1] to 8-bit and back, and colour to
// one grey channel (Rec. 601 luma, the weights of PIL's convert('L') that NVlabs' dataset tool applies).

/**
 * One value on the model's scale [−1, 1] as uint8, NVlabs' convention for saving images (generate.py):
 * floor(x·127.5 + 128) clamped to 0..255, which is x·127.5 + 127.5 rounded half up, the inverse of the training
 * map u/127.5 − 1. NaN becomes 0.
 */
export function modelToUint8Value(x: number): number {
  const v = Math.floor(x * 127.5 + 128);
  return v > 255 ? 255 : v >= 0 ? v : 0;
}

/** An image on the model's scale [−1, 1] as uint8 (see `modelToUint8Value`). */
export function modelToUint8(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = modelToUint8Value(values[i]);
  return out;
}

/** One stored byte on the model's scale: u/127.5 − 1, NVlabs' training map (0 → −1, 255 → 1). */
export const uint8ToModelValue = (u: number): number => u / 127.5 - 1;

/** Stored bytes (a dataset's images.npy, an 8-bit PNG) on the model's scale [−1, 1] (see `uint8ToModelValue`). */
export function uint8ToModel(bytes: ArrayLike<number>): Float32Array {
  return Float32Array.from(bytes, uint8ToModelValue);
}

/** Rec. 601 luma weights for R, G, B. */
export const rec601Luma = [0.299, 0.587, 0.114] as const;

/**
 * Interleaved pixels with `channels` samples each (1 grey, 3 RGB, 4 RGBA: alpha ignored) folded to one channel with
 * Rec. 601 luma; grey input is copied as it is. Float32 unless `out` says otherwise (analysis keeps Float64).
 */
export function luminance<T extends Float32Array | Float64Array = Float32Array>(pixels: ArrayLike<number>, count: number, channels: number, out?: T): T {
  const target = out ?? new Float32Array(count);
  if (channels < 3) {
    for (let i = 0; i < count; i++) target[i] = pixels[i * channels];
    return target as T;
  }
  const [r, g, b] = rec601Luma;
  for (let i = 0, o = 0; i < count; i++, o += channels) target[i] = r * pixels[o] + g * pixels[o + 1] + b * pixels[o + 2];
  return target as T;
}
