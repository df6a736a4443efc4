// Supervised latent directions (the "disease direction"): SVM normal, shrinkage LDA, mean difference, edit-pair
// difference, conditioning on other directions, and the statistics reported with them.
import { trainLda } from './lda.js';
import type { Shrinkage } from './lda.js';
import { trainLinearSvm } from './linearSvm.js';
import type { LinearSvmOptions } from './linearSvm.js';
import { dot, normalize } from '../math/vectors.js';
import { project, seededRandom, selectRows, shuffle } from './vectors.js';
import type { RowMatrix } from './vectors.js';

export const directionMethods = ['svm', 'lda', 'mean'] as const;
export type DirectionMethod = (typeof directionMethods)[number];

/** ROC AUC of scores for 0/1 labels (Mann–Whitney, ties count ½), equal to sklearn's roc_auc_score. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (labels[order[k]]) {
        positives++;
        rankSum += averageRank;
      }
    }
    start = end + 1;
  }
  const negatives = scores.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface ClassProjections {
  mean: [number, number];
  /** Population standard deviation (NumPy's default ddof 0). */
  std: [number, number];
  /** |μ1 − μ0| / mean(σ0, σ1). */
  separation: number;
}

export function classProjections(projections: ArrayLike<number>, labels: ArrayLike<number>): ClassProjections {
  const sum = [0, 0];
  const sumSq = [0, 0];
  const count = [0, 0];
  for (let i = 0; i < projections.length; i++) {
    const c = labels[i] ? 1 : 0;
    sum[c] += projections[i];
    count[c]++;
  }
  const mean: [number, number] = [sum[0] / count[0], sum[1] / count[1]];
  for (let i = 0; i < projections.length; i++) {
    const c = labels[i] ? 1 : 0;
    sumSq[c] += (projections[i] - mean[c]) ** 2;
  }
  const std: [number, number] = [Math.sqrt(sumSq[0] / count[0]), Math.sqrt(sumSq[1] / count[1])];
  return { mean, std, separation: Math.abs(mean[1] - mean[0]) / ((std[0] + std[1]) / 2) };
}

/**
 * Stratified, seeded split: `validationFraction` of each class goes to validation. With `groups` (a subject id per
 * row) whole subjects are held out, so several slices of one subject never sit on both sides; a subject counts in
 * the class of its first row.
 */
export function stratifiedSplit(labels: ArrayLike<number>, validationFraction: number, seed: number, groups?: ArrayLike<string>): { train: number[]; validation: number[] } {
  if (!(validationFraction >= 0 && validationFraction < 1)) throw new RangeError(`validation fraction must be within [0, 1), got ${validationFraction}`);
  if (groups && groups.length !== labels.length) throw new RangeError(`${groups.length} subject ids for ${labels.length} labels`);
  const random = seededRandom(seed);
  const key = (i: number): string => (groups ? groups[i] : String(i));
  const rowsOf = new Map<string, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const rows = rowsOf.get(key(i));
    if (rows) rows.push(i);
    else rowsOf.set(key(i), [i]);
  }
  const train: number[] = [];
  const validation: number[] = [];
  for (const cls of [0, 1]) {
    const members = shuffle(
      [...rowsOf.keys()].filter((k) => (labels[rowsOf.get(k)![0]] ? 1 : 0) === cls),
      random,
    );
    const held = Math.round(members.length * validationFraction);
    members.forEach((k, n) => (n < held ? validation : train).push(...rowsOf.get(k)!));
  }
  return { train: train.sort((a, b) => a - b), validation: validation.sort((a, b) => a - b) };
}

/** Pooled within-group standard deviation of projections: sqrt(Σ_groups Σ (p − μ_g)² / N) (ddof 0, as classProjections). */
export function pooledSigma(projections: ArrayLike<number>, labels: ArrayLike<number>): number {
  const { mean } = classProjections(projections, labels);
  let sum = 0;
  for (let i = 0; i < projections.length; i++) sum += (projections[i] - mean[labels[i] ? 1 : 0]) ** 2;
  return Math.sqrt(sum / projections.length);
}

export interface DirectionOptions {
  method: DirectionMethod;
  validationFraction?: number;
  seed?: number;
  svm?: LinearSvmOptions;
  shrinkage?: Shrinkage;
  /** Directions to project out (conditional direction), each of length d. */
  conditions?: ArrayLike<number>[];
  /** Subject id per row: the held-out part is whole subjects. */
  groups?: ArrayLike<string>;
}

export interface SplitStats {
  count: number;
  accuracy: number;
  auc: number;
  projections: ClassProjections;
}

export interface DirectionResult {
  method: DirectionMethod;
  /** Unit vector pointing from class 0 to class 1. */
  direction: Float64Array;
  /** Signed offset b so that u·x + b > 0 predicts class 1 (SVM's own, or the midpoint of the training means). */
  offset: number;
  train: SplitStats;
  validation: SplitStats | null;
  /** Cosine between the raw and the conditioned direction (1 without conditions). */
  conditionedCosine: number;
  /** The direction before conditioning (equal to `direction` without conditions). */
  unconditioned: Float64Array;
  trainRows: number[];
  validationRows: number[];
  /** u·x of every row, in row order. */
  projections: Float64Array;
  /** Pooled within-group standard deviation of all rows along the direction: the unit of α = 1 σ. */
  sigma: number;
  details: Record<string, number | boolean | string>;
}

/** polarity −1: class 1 lies on the negative side (possible after conditioning removed the informative part). */
function splitStats(x: RowMatrix, labels: number[], direction: Float64Array, offset: number, polarity: number): SplitStats {
  const p = project(x, direction);
  let correct = 0;
  for (let i = 0; i < p.length; i++) if ((polarity * (p[i] + offset) > 0 ? 1 : 0) === labels[i]) correct++;
  return { count: p.length, accuracy: correct / p.length, auc: rocAuc(p, labels), projections: classProjections(p, labels) };
}

export function computeDirection(latents: RowMatrix, labels: ArrayLike<number>, options: DirectionOptions): DirectionResult {
  if (labels.length !== latents.rows) throw new RangeError(`${labels.length} labels for ${latents.rows} latent codes`);
  const binary = Array.from(labels, (v) => (v ? 1 : 0));
  const { train, validation } = stratifiedSplit(binary, options.validationFraction ?? 0.3, options.seed ?? 0, options.groups);
  const xTrain = selectRows(latents, train);
  const yTrain = train.map((i) => binary[i]);
  if (!yTrain.includes(0) || !yTrain.includes(1)) throw new RangeError('the training split must hold both classes');
  let raw: Float64Array;
  const details: DirectionResult['details'] = {};
  if (options.method === 'svm') {
    const model = trainLinearSvm(xTrain, yTrain, options.svm);
    raw = model.weights;
    details.iterations = model.iterations;
    details.converged = model.converged;
    details.svmIntercept = model.intercept;
  } else if (options.method === 'lda') {
    const model = trainLda(xTrain, yTrain, options.shrinkage ?? 'auto');
    raw = model.coef;
    details.shrinkageClass0 = model.shrinkage[0];
    details.shrinkageClass1 = model.shrinkage[1];
  } else {
    raw = meanDifference(xTrain, yTrain);
  }
  const unconditioned = normalize(raw, `${options.method} direction`);
  const direction = options.conditions?.length ? conditionDirection(unconditioned, options.conditions) : unconditioned;
  // The decision offset: for the SVM its own hyperplane (only when unconditioned), else the midpoint of class means.
  const trainProjections = classProjections(project(xTrain, direction), yTrain);
  const midpoint = -(trainProjections.mean[0] + trainProjections.mean[1]) / 2;
  const offset = options.method === 'svm' && !options.conditions?.length ? Number(details.svmIntercept) / Math.sqrt(dot(raw, raw)) : midpoint;
  const polarity = trainProjections.mean[1] >= trainProjections.mean[0] ? 1 : -1;
  const projections = project(latents, direction);
  return {
    method: options.method,
    direction,
    offset,
    train: splitStats(xTrain, yTrain, direction, offset, polarity),
    validation: validation.length ? splitStats(selectRows(latents, validation), validation.map((i) => binary[i]), direction, offset, polarity) : null,
    conditionedCosine: dot(direction, unconditioned),
    unconditioned,
    trainRows: train,
    validationRows: validation,
    projections,
    sigma: pooledSigma(projections, binary),
    details,
  };
}

/** Mean of class 1 minus mean of class 0 (not normalised). */
export function meanDifference(x: RowMatrix, labels: ArrayLike<number>): Float64Array {
  const sums = [new Float64Array(x.cols), new Float64Array(x.cols)];
  const counts = [0, 0];
  for (let i = 0; i < x.rows; i++) {
    const c = labels[i] ? 1 : 0;
    counts[c]++;
    for (let j = 0; j < x.cols; j++) sums[c][j] += x.data[i * x.cols + j];
  }
  if (counts[0] === 0 || counts[1] === 0) throw new RangeError('mean difference needs both classes');
  return Float64Array.from(sums[1], (v, j) => v / counts[1] - sums[0][j] / counts[0]);
}

/** normalize(mean over pairs of E(I*) − E(I)): the direction one known edit moves the code. */
export function editPairDirection(original: RowMatrix, edited: RowMatrix): Float64Array {
  if (original.rows !== edited.rows || original.cols !== edited.cols) {
    throw new RangeError(`edit pairs differ in shape: ${original.rows}×${original.cols} vs ${edited.rows}×${edited.cols}`);
  }
  const diff = new Float64Array(original.cols);
  for (let i = 0; i < original.rows; i++) for (let j = 0; j < original.cols; j++) diff[j] += edited.data[i * original.cols + j] - original.data[i * original.cols + j];
  return normalize(diff, 'edit-pair difference');
}

/**
 * The direction along which codes vary with a confounder value (sex as 0/1, age, mean intensity…): the normalised
 * covariance Σ (x_i − x̄)(c_i − c̄). For a 0/1 confounder it is the mean difference of the two groups.
 */
export function confounderDirection(x: RowMatrix, values: ArrayLike<number>, name = 'confounder'): Float64Array {
  if (values.length !== x.rows) throw new RangeError(`${name}: ${values.length} values for ${x.rows} codes`);
  if (Array.prototype.every.call(values, (v: number) => v === values[0])) throw new RangeError(`${name} direction: the value does not vary`);
  let mean = 0;
  for (let i = 0; i < x.rows; i++) mean += values[i] / x.rows;
  const out = new Float64Array(x.cols);
  for (let i = 0; i < x.rows; i++) {
    const c = values[i] - mean;
    for (let j = 0; j < x.cols; j++) out[j] += c * x.data[i * x.cols + j];
  }
  return normalize(out, `${name} direction`);
}

/** Removes the span of `conditions` from `direction` (Gram–Schmidt) and renormalises (InterFaceGAN's conditioning). */
export function conditionDirection(direction: ArrayLike<number>, conditions: ArrayLike<number>[]): Float64Array {
  const basis: Float64Array[] = [];
  for (const [index, condition] of conditions.entries()) {
    if (condition.length !== direction.length) throw new RangeError(`condition ${index + 1} has ${condition.length} dimensions, the direction ${direction.length}`);
    const v = Float64Array.from(condition);
    for (const b of basis) {
      const c = dot(v, b);
      for (let j = 0; j < v.length; j++) v[j] -= c * b[j];
    }
    const length = Math.sqrt(dot(v, v));
    // A condition that repeats earlier ones adds nothing to the span.
    if (length > 1e-10 * Math.sqrt(dot(condition, condition))) basis.push(v.map((x) => x / length));
  }
  const out = Float64Array.from(direction);
  for (const b of basis) {
    const c = dot(out, b);
    for (let j = 0; j < out.length; j++) out[j] -= c * b[j];
  }
  return normalize(out, 'conditioned direction (it lies in the span of the conditions)');
}
