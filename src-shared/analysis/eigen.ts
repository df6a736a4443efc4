// Eigencomponent analysis of an edit series (the MS-progression method): covariance of the K images over the
// foreground, its symmetric eigendecomposition (ml-matrix), component maps M·v_k, a polynomial-in-α diagnostic,
// and a comparison of component 2 with plain subtraction (α_max − α = 0).
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { assertStack, columnMoments, forEachForegroundBlock } from './gram.js';
import type { ImageStack, StackSource } from './gram.js';
import type { Mask } from './image.js';
import { referenceIndex } from './edit.js';
import { polyfit } from './polyfit.js';

export interface EigenOptions {
  /** Edit scale of each image, same order as the stack. */
  alphas: readonly number[];
  mask?: Mask;
  /** Subtract each image's foreground mean first (default); false analyses MᵀM. */
  centred?: boolean;
  /** How many component maps to build (default 5, at most K). */
  components?: number;
  /** The subtraction's reference image; default the α = 0 image (the lowest α when 0 is not on the grid). */
  referenceIndex?: number;
}

export interface PolynomialDiagnostic {
  component: number;
  degree: number;
  r2: number | null;
  r2Uncentred: number;
}

export interface EigenAnalysis {
  imageCount: number;
  voxelCount: number;
  centred: boolean;
  alphas: number[];
  means: number[];
  covariance: number[][];
  /** Descending. */
  eigenvalues: number[];
  /** Each eigenvalue over their sum. */
  explainedVariance: number[];
  /** eigenvectors[k] is component k+1 (length K), sign fixed as described in `orientEigenvector`. */
  eigenvectors: number[][];
  polynomial: PolynomialDiagnostic[];
  /** componentMaps[k][voxel]: (M − mean)·v_k on the foreground, 0 elsewhere. */
  componentMaps: Float32Array[];
  subtraction: { fromIndex: number; toIndex: number; correlationWithComponent2: number | null };
}

export function defaultAlphas(count = 15, max = 50): number[] {
  return Array.from({ length: count }, (_, i) => (count === 1 ? 0 : (max * i) / (count - 1)));
}

/** Symmetric eigendecomposition, eigenvalues descending, eigenvectors as rows. */
export function symmetricEigen(matrix: number[][]): { values: number[]; vectors: number[][] } {
  const decomposition = new EigenvalueDecomposition(new Matrix(matrix), { assumeSymmetric: true });
  const values = decomposition.realEigenvalues;
  const vectors = decomposition.eigenvectorMatrix;
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a]);
  return { values: order.map((i) => values[i]), vectors: order.map((i) => vectors.getColumn(i)) };
}

/**
 * Eigenvectors have no sign of their own; we fix one so component k points "up" the degree-(k−1) power of the
 * normalised α: Σ v_i·u_i^(k−1) ≥ 0 with u = (α − α_min)/(α_max − α_min). Component 1 then has a positive offset
 * and component 2 increases with α (so its map correlates positively with α_max − α_0 subtraction when aligned).
 */
export function orientEigenvector(vector: number[], alphas: readonly number[], componentIndex: number): number[] {
  const lo = Math.min(...alphas);
  const span = Math.max(...alphas) - lo;
  let score = 0;
  if (span > 0) vector.forEach((v, i) => (score += v * ((alphas[i] - lo) / span) ** componentIndex));
  if (Math.abs(score) < 1e-12) {
    // Fall back to making the largest-magnitude entry positive.
    score = vector.reduce((best, v) => (Math.abs(v) > Math.abs(best) ? v : best), 0);
  }
  return score < 0 ? vector.map((v) => -v) : vector;
}

export function eigenAnalysis(stack: ImageStack | StackSource, options: EigenOptions): EigenAnalysis {
  assertStack(stack);
  if (options.mask && options.mask.length !== stack.planeSize) throw new RangeError(`mask holds ${options.mask.length} values, one image ${stack.planeSize}`);
  const k = stack.imageCount;
  if (options.alphas.length !== k) throw new RangeError(`${options.alphas.length} α values for ${k} images`);
  const centred = options.centred ?? true;
  const componentCount = Math.min(options.components ?? 5, k);
  if (!Number.isInteger(componentCount) || componentCount < 1) throw new RangeError(`components must be a whole number ≥ 1, got ${options.components}`);
  const moments = columnMoments(stack, { mask: options.mask, centred });
  const covariance = Array.from({ length: k }, (_, i) => Array.from(moments.covariance.subarray(i * k, (i + 1) * k)));
  const { values, vectors } = symmetricEigen(covariance);
  const eigenvectors = vectors.map((v, i) => orientEigenvector(v, options.alphas, i));
  const total = values.reduce((a, b) => a + b, 0);
  const polynomial = eigenvectors.map((v, i) => {
    const fit = polyfit(options.alphas, v, i);
    return { component: i + 1, degree: i, r2: fit.r2, r2Uncentred: fit.r2Uncentred };
  });

  const fromIndex = options.referenceIndex ?? referenceIndex(options.alphas);
  const toIndex = options.alphas.indexOf(Math.max(...options.alphas));
  const offsets = centred ? moments.means : new Float64Array(k);
  const componentMaps = Array.from({ length: componentCount }, () => new Float32Array(stack.planeSize));
  const weights = eigenvectors.slice(0, componentCount);
  // Second streaming pass: project each voxel's K values onto the kept components, and correlate
  // component 2 with the subtraction image at the same time.
  const corr = { n: 0, sx: 0, sy: 0, sxx: 0, syy: 0, sxy: 0 };
  let projected = new Float64Array(0);
  let second = new Float64Array(0);
  forEachForegroundBlock(stack, options.mask, (buffer, filled, indices) => {
    const blockSize = buffer.length / k;
    if (projected.length !== blockSize) {
      projected = new Float64Array(blockSize);
      second = new Float64Array(blockSize);
    }
    for (let c = 0; c < componentCount; c++) {
      // Image-by-image over contiguous rows of the block (cache friendly), accumulating Σ_i (x_i − μ_i)·v_i.
      projected.fill(0, 0, filled);
      const v = weights[c];
      for (let i = 0; i < k; i++) {
        const w = v[i];
        const o = offsets[i];
        const row = i * blockSize;
        for (let b = 0; b < filled; b++) projected[b] += (buffer[row + b] - o) * w;
      }
      const map = componentMaps[c];
      for (let b = 0; b < filled; b++) map[indices[b]] = projected[b];
      if (c === 1) second.set(projected.subarray(0, filled));
    }
    if (componentCount > 1) {
      const toRow = toIndex * blockSize;
      const fromRow = fromIndex * blockSize;
      for (let b = 0; b < filled; b++) {
        const diff = buffer[toRow + b] - buffer[fromRow + b];
        const s = second[b];
        corr.sx += s;
        corr.sy += diff;
        corr.sxx += s * s;
        corr.syy += diff * diff;
        corr.sxy += s * diff;
      }
      corr.n += filled;
    }
  });
  return {
    imageCount: k,
    voxelCount: moments.count,
    centred,
    alphas: [...options.alphas],
    means: Array.from(moments.means),
    covariance,
    eigenvalues: values,
    explainedVariance: values.map((v) => (total > 0 ? v / total : 0)),
    eigenvectors,
    polynomial,
    componentMaps,
    subtraction: { fromIndex, toIndex, correlationWithComponent2: componentCount > 1 ? pearsonFromSums(corr) : null },
  };
}

function pearsonFromSums(s: { n: number; sx: number; sy: number; sxx: number; syy: number; sxy: number }): number | null {
  const cov = s.sxy - (s.sx * s.sy) / s.n;
  const vx = s.sxx - (s.sx * s.sx) / s.n;
  const vy = s.syy - (s.sy * s.sy) / s.n;
  return vx > 0 && vy > 0 ? cov / Math.sqrt(vx * vy) : null;
}
