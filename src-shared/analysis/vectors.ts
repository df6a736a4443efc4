// Latent matrices (rows of N × d codes) and a seeded PRNG for the latent-direction code; vector maths itself is in
// src-shared/math/vectors.ts.

/** N row vectors of dimension d, row-major. */
export interface RowMatrix {
  readonly data: ArrayLike<number>;
  readonly rows: number;
  readonly cols: number;
}

export function row(m: RowMatrix, i: number): Float64Array {
  const out = new Float64Array(m.cols);
  for (let j = 0; j < m.cols; j++) out[j] = m.data[i * m.cols + j];
  return out;
}

/** Mulberry32: tiny, seedable, good enough for shuffles that must be reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** Projections X·u of every row. */
export function project(m: RowMatrix, direction: ArrayLike<number>): Float64Array {
  if (direction.length !== m.cols) throw new RangeError(`direction has ${direction.length} dimensions, latents ${m.cols}`);
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let j = 0; j < m.cols; j++) s += m.data[i * m.cols + j] * direction[j];
    out[i] = s;
  }
  return out;
}

export function selectRows(m: RowMatrix, indices: readonly number[]): RowMatrix {
  const data = new Float64Array(indices.length * m.cols);
  indices.forEach((src, dst) => {
    for (let j = 0; j < m.cols; j++) data[dst * m.cols + j] = m.data[src * m.cols + j];
  });
  return { data, rows: indices.length, cols: m.cols };
}
