// A generated image on the model's [−1, 1] scale as canvas RGBA, with the same bytes as its PNG export: the one
// [−1, 1] → uint8 conversion (src-shared/imaging/convert.ts, NVlabs' generate.py convention).
import { modelToUint8Value } from '../../../src-shared/imaging/convert.js';

/** Grey RGBA (−1 black, +1 white, opaque) of `width × height` values on the model's scale, row by row. */
export function generatedRgba(values: ArrayLike<number>, width: number, height: number): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    rgba.fill(modelToUint8Value(values[p]), p * 4, p * 4 + 3);
    rgba[p * 4 + 3] = 255;
  }
  return rgba;
}
