// Least-squares polynomial fits and their R², for the "eigenvectors look like a polynomial series" diagnostic.
import { Matrix, QrDecomposition } from 'ml-matrix';

export interface PolynomialFit {
  degree: number;
  /** Coefficients in powers of the raw x, lowest first (c0 + c1·x + ...). */
  coefficients: number[];
  fitted: number[];
  /** 1 − SS_res/SS_tot with SS_tot about the mean; null when y is constant (undefined, e.g. any degree-0 fit). */
  r2: number | null;
  /** 1 − SS_res/Σy² (about zero); meaningful for the degree-0 "offset" component too. */
  r2Uncentred: number;
}

export function polyfit(x: readonly number[], y: readonly number[], degree: number): PolynomialFit {
  if (x.length !== y.length) throw new RangeError(`polyfit: ${x.length} x values but ${y.length} y values`);
  if (!Number.isInteger(degree) || degree < 0) throw new RangeError(`polyfit: degree must be a whole number ≥ 0, got ${degree}`);
  const n = x.length;
  const terms = Math.min(degree + 1, n);
  // Fit in x scaled to [−1, 1]: same least-squares solution, far better conditioned Vandermonde matrix.
  const lo = Math.min(...x);
  const hi = Math.max(...x);
  const mid = (lo + hi) / 2;
  const half = (hi - lo) / 2 || 1;
  const design = new Matrix(n, terms);
  for (let i = 0; i < n; i++) for (let j = 0; j < terms; j++) design.set(i, j, ((x[i] - mid) / half) ** j);
  const scaled = new QrDecomposition(design).solve(Matrix.columnVector([...y])).getColumn(0);
  const fitted = x.map((_, i) => scaled.reduce((acc, c, j) => acc + c * design.get(i, j), 0));
  const meanY = y.reduce((a, b) => a + b, 0) / n;
  let ssRes = 0;
  let ssTot = 0;
  let ssZero = 0;
  for (let i = 0; i < n; i++) {
    ssRes += (y[i] - fitted[i]) ** 2;
    ssTot += (y[i] - meanY) ** 2;
    ssZero += y[i] ** 2;
  }
  return {
    degree,
    coefficients: unscale(scaled, mid, half),
    fitted,
    r2: ssTot > 0 && degree > 0 ? 1 - ssRes / ssTot : null,
    r2Uncentred: ssZero > 0 ? 1 - ssRes / ssZero : 1,
  };
}

/** Expands Σ c_j ((x − mid)/half)^j into powers of x. */
function unscale(scaled: number[], mid: number, half: number): number[] {
  const out = new Array<number>(scaled.length).fill(0);
  scaled.forEach((c, j) => {
    // ((x − mid)/half)^j = half^−j Σ_m binom(j, m) x^m (−mid)^(j−m)
    let binom = 1;
    for (let m = 0; m <= j; m++) {
      out[m] += (c * binom * (-mid) ** (j - m)) / half ** j;
      binom = (binom * (j - m)) / (m + 1);
    }
  });
  return out;
}
