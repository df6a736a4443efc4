// Two-class Fisher LDA with covariance shrinkage, computed as scikit-learn's LinearDiscriminantAnalysis
// (solver 'lsqr'): Σ = Σ_k prior_k·cov_k, coef ∝ Σ⁻¹(μ1 − μ0); 'auto' shrinkage is Ledoit–Wolf on standardised
// features, rescaled, exactly as sklearn's `_cov`.
import { CholeskyDecomposition, Matrix, solve } from 'ml-matrix';
import { selectRows } from './vectors.js';
import type { RowMatrix } from './vectors.js';

/** 'auto' = Ledoit–Wolf, a number in [0, 1] = fixed shrinkage towards μ·I, 'none' = empirical covariance. */
export type Shrinkage = 'auto' | 'none' | number;

export interface LdaModel {
  /** Σ⁻¹(μ1 − μ0), not normalised (sklearn's coef_ for two classes). */
  coef: Float64Array;
  intercept: number;
  means: [Float64Array, Float64Array];
  priors: [number, number];
  /** The shrinkage used per class ('auto' reports the Ledoit–Wolf value). */
  shrinkage: [number, number];
}

function columnMeans(x: RowMatrix): Float64Array {
  const means = new Float64Array(x.cols);
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < x.cols; j++) means[j] += x.data[i * x.cols + j];
  for (let j = 0; j < x.cols; j++) means[j] /= x.rows;
  return means;
}

/** Rows minus their column means, as a Matrix. */
function centred(x: RowMatrix): Matrix {
  const means = columnMeans(x);
  const m = new Matrix(x.rows, x.cols);
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < x.cols; j++) m.set(i, j, x.data[i * x.cols + j] - means[j]);
  return m;
}

/** sklearn's `ledoit_wolf_shrinkage` for already centred X (n × p); pass XᵀX when it is already computed. */
export function ledoitWolfShrinkage(xc: Matrix, gram: Matrix = xc.transpose().mmul(xc)): number {
  const n = xc.rows;
  const p = xc.columns;
  let traceSum = 0;
  let beta = 0;
  for (let i = 0; i < n; i++) {
    let rowSquares = 0;
    for (let j = 0; j < p; j++) rowSquares += xc.get(i, j) ** 2;
    traceSum += rowSquares;
    beta += rowSquares * rowSquares;
  }
  let delta = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) delta += gram.get(i, j) ** 2;
  delta /= n * n;
  const empTrace = traceSum / n;
  const mu = empTrace / p;
  let b = (beta / n - delta) / (p * n);
  let dl = (delta - 2 * mu * empTrace + p * mu * mu) / p;
  b = Math.min(b, dl);
  dl = dl === 0 ? 1 : dl;
  return b === 0 ? 0 : b / dl;
}

/** (1 − s)·C + s·(trace C / p)·I, sklearn's `shrunk_covariance`. */
function shrink(cov: Matrix, s: number): Matrix {
  const p = cov.rows;
  const mu = cov.trace() / p;
  const out = cov.mul(1 - s);
  for (let i = 0; i < p; i++) out.set(i, i, out.get(i, i) + s * mu);
  return out;
}

/** One class's covariance with sklearn's `_cov` conventions. */
export function classCovariance(x: RowMatrix, shrinkage: Shrinkage): { cov: Matrix; used: number } {
  const xc = centred(x);
  const n = x.rows;
  if (shrinkage !== 'auto') {
    const empirical = xc.transpose().mmul(xc).div(n);
    const s = shrinkage === 'none' ? 0 : shrinkage;
    if (!(s >= 0 && s <= 1)) throw new RangeError(`shrinkage must be 'auto', 'none' or within 0..1, got ${shrinkage}`);
    return { cov: s === 0 ? empirical : shrink(empirical, s), used: s };
  }
  // Standardise (population std, zero std left as 1), shrink, then scale back.
  const scale = new Float64Array(x.cols);
  for (let j = 0; j < x.cols; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += xc.get(i, j) ** 2;
    const sd = Math.sqrt(s / n);
    scale[j] = sd > 0 ? sd : 1;
  }
  const z = xc.clone();
  for (let i = 0; i < n; i++) for (let j = 0; j < x.cols; j++) z.set(i, j, z.get(i, j) / scale[j]);
  const zz = z.transpose().mmul(z);
  const used = ledoitWolfShrinkage(z, zz);
  const cov = shrink(zz.div(n), used);
  for (let i = 0; i < x.cols; i++) for (let j = 0; j < x.cols; j++) cov.set(i, j, cov.get(i, j) * scale[i] * scale[j]);
  return { cov, used };
}

export function trainLda(x: RowMatrix, labels: ArrayLike<number>, shrinkage: Shrinkage = 'auto'): LdaModel {
  const groups: [number[], number[]] = [[], []];
  for (let i = 0; i < x.rows; i++) groups[labels[i] ? 1 : 0].push(i);
  if (groups[0].length < 2 || groups[1].length < 2) throw new RangeError(`LDA needs at least 2 samples per class, got ${groups[0].length} and ${groups[1].length}`);
  const classes = groups.map((g) => selectRows(x, g));
  const priors: [number, number] = [groups[0].length / x.rows, groups[1].length / x.rows];
  const means: [Float64Array, Float64Array] = [columnMeans(classes[0]), columnMeans(classes[1])];
  const c0 = classCovariance(classes[0], shrinkage);
  const c1 = classCovariance(classes[1], shrinkage);
  const pooled = c0.cov.mul(priors[0]).add(c1.cov.mul(priors[1]));
  // Rounding leaves the products a few ulps from symmetric; Cholesky insists on exact symmetry.
  for (let i = 0; i < pooled.rows; i++) {
    for (let j = i + 1; j < pooled.columns; j++) {
      const v = (pooled.get(i, j) + pooled.get(j, i)) / 2;
      pooled.set(i, j, v);
      pooled.set(j, i, v);
    }
  }
  const meanDiff = Matrix.columnVector(Array.from(means[1], (v, j) => v - means[0][j]));
  // Shrunk covariances are positive definite (Cholesky); the empirical one may be singular, so fall back to the
  // SVD least-squares solution, as sklearn's lstsq does.
  const cholesky = new CholeskyDecomposition(pooled);
  const coef = Float64Array.from((cholesky.isPositiveDefinite() ? cholesky.solve(meanDiff) : solve(pooled, meanDiff, true)).getColumn(0));
  // sklearn: intercept_k = −½ μ_kᵀΣ⁻¹μ_k + log prior_k; the binary intercept is their difference.
  let intercept = Math.log(priors[1]) - Math.log(priors[0]);
  for (let j = 0; j < x.cols; j++) intercept -= 0.5 * coef[j] * (means[1][j] + means[0][j]);
  return { coef, intercept, means, priors, shrinkage: [c0.used, c1.used] };
}
