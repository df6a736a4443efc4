// Linear SVM trained by dual coordinate descent (Hsieh et al. 2008), the LIBLINEAR solver behind scikit-learn's
// LinearSVC: L2-regularised hinge or squared-hinge loss, intercept as an extra constant feature (regularised,
// as LIBLINEAR does). The primal optimum is unique, so w matches LinearSVC up to the solvers' tolerance.
import { seededRandom, shuffle } from './vectors.js';
import type { RowMatrix } from './vectors.js';

export interface LinearSvmOptions {
  /** Inverse regularisation strength (LinearSVC's C, default 1). */
  c?: number;
  /** 'squared_hinge' is LinearSVC's default; 'hinge' the classic SVM. */
  loss?: 'hinge' | 'squared_hinge';
  /** LinearSVC's intercept_scaling (value of the constant feature); 0 fits no intercept. */
  interceptScaling?: number;
  /** Stop when the projected-gradient spread is below this (LIBLINEAR's eps). */
  tolerance?: number;
  maxIterations?: number;
  seed?: number;
}

export interface LinearSvmModel {
  weights: Float64Array;
  intercept: number;
  iterations: number;
  converged: boolean;
}

/** labels: 0/1 per row; class 1 is the positive side of the hyperplane. */
export function trainLinearSvm(x: RowMatrix, labels: ArrayLike<number>, options: LinearSvmOptions = {}): LinearSvmModel {
  const { rows: n, cols: d } = x;
  const c = options.c ?? 1;
  if (!(c > 0)) throw new RangeError(`SVM C must be positive, got ${c}`);
  const hinge = (options.loss ?? 'squared_hinge') === 'hinge';
  const bias = options.interceptScaling ?? 1;
  const upper = hinge ? c : Infinity;
  const diagonal = hinge ? 0 : 1 / (2 * c);
  const tolerance = options.tolerance ?? 1e-4;
  const maxIterations = options.maxIterations ?? 100000;
  const y = Float64Array.from({ length: n }, (_, i) => (labels[i] ? 1 : -1));
  const w = new Float64Array(d);
  let b = 0;
  const alpha = new Float64Array(n);
  const qii = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = bias * bias + diagonal;
    for (let j = 0; j < d; j++) s += x.data[i * d + j] ** 2;
    qii[i] = s;
  }
  const order = Array.from({ length: n }, (_, i) => i);
  const random = seededRandom(options.seed ?? 1);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    shuffle(order, random);
    let maxPg = -Infinity;
    let minPg = Infinity;
    for (const i of order) {
      const offset = i * d;
      let margin = b * bias;
      for (let j = 0; j < d; j++) margin += w[j] * x.data[offset + j];
      const gradient = y[i] * margin - 1 + diagonal * alpha[i];
      let projected = gradient;
      if (alpha[i] === 0) projected = Math.min(gradient, 0);
      else if (alpha[i] === upper) projected = Math.max(gradient, 0);
      if (projected > maxPg) maxPg = projected;
      if (projected < minPg) minPg = projected;
      if (Math.abs(projected) > 1e-12) {
        const old = alpha[i];
        alpha[i] = Math.min(Math.max(old - gradient / qii[i], 0), upper);
        const step = (alpha[i] - old) * y[i];
        for (let j = 0; j < d; j++) w[j] += step * x.data[offset + j];
        b += step * bias;
      }
    }
    if (maxPg - minPg <= tolerance) {
      converged = true;
      break;
    }
  }
  return { weights: w, intercept: b * bias, iterations, converged };
}

export function svmDecision(model: LinearSvmModel, x: RowMatrix): Float64Array {
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let s = model.intercept;
    for (let j = 0; j < x.cols; j++) s += model.weights[j] * x.data[i * x.cols + j];
    out[i] = s;
  }
  return out;
}
