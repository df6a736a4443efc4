// When a Length annotation measures nothing: a click without a drag puts both handles on the same point, and a
// 0-px "0.00 mm" row in the list is noise the user never meant to create.

/** Shorter than this (world units: mm, or pixels for images without spacing) is a click, not a measurement. */
export const minLength = 0.01;

/** True when the first two handles of a length are missing or (nearly) coincide: the annotation should not exist. */
export function isAccidentalLength(points: ReadonlyArray<ReadonlyArray<number>>): boolean {
  const [a, b] = points;
  if (!a || !b) return true;
  const squared = a.reduce((sum, ai, i) => sum + (ai - (b[i] ?? 0)) ** 2, 0);
  return !(Math.sqrt(squared) >= minLength);
}
