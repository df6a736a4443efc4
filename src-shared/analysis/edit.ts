// Edit-series arithmetic: w + α·s·v for every α of a grid, per layer of W+ and optionally only on a layer range.

/** K evenly spaced values from start to stop (np.linspace). */
export function alphaGrid(start: number, stop: number, count: number): number[] {
  if (!Number.isInteger(count) || count < 2) throw new RangeError(`an α grid needs at least 2 steps, got ${count}`);
  return Array.from({ length: count }, (_, i) => start + ((stop - start) * i) / (count - 1));
}

/** The α = 0 image's index, or the lowest α's when 0 is not on the grid (the reference for masks and subtraction). */
export function referenceIndex(alphas: readonly number[]): number {
  const zero = alphas.indexOf(0);
  return zero >= 0 ? zero : alphas.indexOf(Math.min(...alphas));
}

export interface EditSpec {
  /** One code per layer: numWs × wDim (a W code broadcast to every layer). */
  base: ArrayLike<number>;
  /** wDim values (a W direction, added to every edited layer) or numWs × wDim (a W+ direction). */
  direction: ArrayLike<number>;
  alphas: readonly number[];
  /** Length of α = 1 along the direction: σ for α in sigma units, 1 for raw. */
  scale: number;
  numWs: number;
  wDim: number;
  /** First and last layer edited (inclusive, 0-based); default every layer. */
  layers?: readonly [number, number];
}

/** K × numWs × wDim codes, row k = base + alphas[k]·scale·direction on the chosen layers. */
export function editCodes(spec: EditSpec): Float32Array {
  const { numWs, wDim, alphas, scale } = spec;
  const size = numWs * wDim;
  if (spec.base.length !== size) throw new RangeError(`the source code holds ${spec.base.length} values, expected ${numWs}×${wDim}`);
  const perLayer = spec.direction.length === size;
  if (!perLayer && spec.direction.length !== wDim) throw new RangeError(`the direction holds ${spec.direction.length} values, expected ${wDim} (W) or ${numWs}×${wDim} (W+)`);
  const [first, last] = spec.layers ?? [0, numWs - 1];
  if (!(Number.isInteger(first) && Number.isInteger(last) && first >= 0 && first <= last && last < numWs)) {
    throw new RangeError(`layer range ${first}-${last} is outside 0-${numWs - 1}`);
  }
  const out = new Float32Array(alphas.length * size);
  alphas.forEach((alpha, k) => {
    for (let layer = 0; layer < numWs; layer++) {
      const edited = layer >= first && layer <= last;
      for (let j = 0; j < wDim; j++) {
        const v = perLayer ? spec.direction[layer * wDim + j] : spec.direction[j];
        out[k * size + layer * wDim + j] = spec.base[layer * wDim + j] + (edited ? alpha * scale * v : 0);
      }
    }
  });
  return out;
}
