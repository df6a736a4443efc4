// Vectors on plain numbers, one implementation for every layer: dot products, lengths, unit vectors and cosines in
// any dimension (latent codes, directions) and the 3-vector operations of patient-space geometry (cross, add, scale).

/** A 3-vector in patient space (LPS mm or direction cosines). */
export type Vec3 = [number, number, number];

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Euclidean length. */
export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

/** `a` scaled to unit length; a zero or non-finite vector is refused, naming `what` it was. */
export function normalize(a: ArrayLike<number>, what = 'direction'): Float64Array {
  const n = norm(a);
  if (!(n > 0) || !Number.isFinite(n)) throw new RangeError(`${what} has zero (or non-finite) length and cannot be normalised`);
  return Float64Array.from(a, (v) => v / n);
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return dot(a, b) / (norm(a) * norm(b));
}

export const cross = (a: ArrayLike<number>, b: ArrayLike<number>): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
export const add = (a: ArrayLike<number>, b: ArrayLike<number>): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const subtract = (a: ArrayLike<number>, b: ArrayLike<number>): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const scale = (a: ArrayLike<number>, s: number): Vec3 => [a[0] * s, a[1] * s, a[2] * s];
export const negate = (a: ArrayLike<number>): Vec3 => scale(a, -1);

/** A 3-vector scaled to unit length; a zero vector stays zero (geometry code checks for degenerate input itself). */
export function unit(a: ArrayLike<number>): Vec3 {
  const n = norm([a[0], a[1], a[2]]) || 1;
  return [a[0] / n, a[1] / n, a[2] / n];
}

/** Distance between two points. */
export const distance = (a: ArrayLike<number>, b: ArrayLike<number>): number => norm(subtract(a, b));
