// A seeded random subset of an N×C×H×W array as an ImageStack on the model's scale, for quality metrics (SWD):
// a dataset's uint8 images.npy (NVlabs' x = u/127.5 − 1) or a generator's raw float output (clamped, as an image).
import type { NpyArray } from '../io/npy.js';
import { uint8ToModelValue } from '../imaging/convert.js';
import type { ImageStack } from './swd.js';
import { seededRandom, shuffle } from './vectors.js';

/** Up to `n` images of `array` (N×C×H×W) in a seeded random order, on [−1, 1]; `what` names the source in errors. */
export function sampleImageStack(array: NpyArray, n: number, seed: number, what: string): ImageStack {
  if (array.shape.length !== 4) throw new Error(`${what}: expected N×C×H×W images, found shape [${array.shape.join(', ')}]`);
  const [count, c, h, w] = array.shape;
  if (count === 0) throw new Error(`${what}: holds no images`);
  const take = Math.min(n, count);
  const order = shuffle(Array.from({ length: count }, (_, i) => i), seededRandom(seed)).slice(0, take);
  const per = c * h * w;
  const data = new Float32Array(take * per);
  const uint8 = array.dtype === 'uint8';
  order.forEach((src, i) => {
    for (let k = 0; k < per; k++) {
      const v = Number(array.data[src * per + k]);
      if (!Number.isFinite(v)) throw new Error(`${what}: image ${src} holds NaN or Inf`);
      data[i * per + k] = uint8 ? uint8ToModelValue(v) : Math.max(-1, Math.min(1, v));
    }
  });
  return { data, n: take, c, h, w };
}

/** The first `n` images of a stack (both sides of an SWD comparison must hold as many). */
export function firstImages(stack: ImageStack, n: number): ImageStack {
  const count = Math.min(n, stack.n);
  return { ...stack, n: count, data: stack.data.subarray(0, count * stack.c * stack.h * stack.w) };
}
