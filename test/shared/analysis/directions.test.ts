// Latent directions (SVM, LDA, mean difference, conditional): known directions recovered, AUC and separation as scikit-learn.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classProjections, computeDirection, conditionDirection, confounderDirection, editPairDirection, pooledSigma, rocAuc, stratifiedSplit } from '../../../src-shared/analysis/directions.js';
import { trainLda } from '../../../src-shared/analysis/lda.js';
import { trainLinearSvm } from '../../../src-shared/analysis/linearSvm.js';
import { seededRandom } from '../../../src-shared/analysis/vectors.js';
import { cosine, dot, normalize } from '../../../src-shared/math/vectors.js';
import type { RowMatrix } from '../../../src-shared/analysis/vectors.js';
import { assertClose, fixtureNpy, reference } from './referenceData.js';

const latentsArray = fixtureNpy('latents.npy');
const latents: RowMatrix = { data: latentsArray.data, rows: latentsArray.shape[0], cols: latentsArray.shape[1] };
const labels = Array.from(fixtureNpy('labels.npy').data);

function assertVectorClose(actual: ArrayLike<number>, expected: number[], tolerance: number, what: string): void {
  const scale = Math.max(...expected.map(Math.abs));
  expected.forEach((e, i) => assertClose(actual[i] / scale, e / scale, tolerance, `${what}[${i}]`));
}

for (const [key, shrinkage] of [['lda_auto', 'auto'], ['lda_fixed_0.3', 0.3], ['lda_none', 'none']] as const) {
  test(`LDA (shrinkage ${shrinkage}) coefficients and intercept equal scikit-learn LinearDiscriminantAnalysis(solver='lsqr')`, () => {
    const model = trainLda(latents, labels, shrinkage);
    assertVectorClose(model.coef, reference.directions[key].coef, 1e-9, 'coef');
    assertClose(model.intercept, reference.directions[key].intercept, 1e-9, 'intercept');
  });
}

for (const [key, loss] of [['svm_squared_hinge_c0.5', 'squared_hinge'], ['svm_hinge_c0.5', 'hinge']] as const) {
  test(`linear SVM (${loss}, C 0.5) weights and intercept equal scikit-learn LinearSVC (LIBLINEAR) to solver tolerance`, () => {
    const model = trainLinearSvm(latents, labels, { c: 0.5, loss, tolerance: 1e-9 });
    assert.ok(model.converged);
    assertVectorClose(model.weights, reference.directions[key].coef, 1e-7, 'w');
    assertClose(model.intercept, reference.directions[key].intercept, 1e-7, 'b');
  });
}

test('ROC AUC with tied scores equals scikit-learn roc_auc_score', () => {
  const truth = reference.directions.truth;
  const scores = Array.from({ length: latents.rows }, (_, i) => {
    let s = 0;
    for (let j = 0; j < latents.cols; j++) s += latents.data[i * latents.cols + j] * truth[j];
    return Math.round(s * 10) / 10;
  });
  assertClose(rocAuc(scores, labels), reference.directions.auc_rounded_truth_scores, 1e-12, 'AUC');
  assert.equal(rocAuc([1, 2, 3, 4], [0, 0, 1, 1]), 1);
  assert.equal(rocAuc([1, 1, 1, 1], [0, 1, 0, 1]), 0.5);
});

/** Two Gaussian clusters (anisotropic, correlated noise) separated along a known unit direction. */
function clusters(n: number, d: number, gap: number, seed: number) {
  const random = seededRandom(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const truth = normalize(Float64Array.from({ length: d }, gauss));
  const scales = Float64Array.from({ length: d }, (_, j) => 0.5 + (j % 4) * 0.5);
  const data = new Float64Array(n * d);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const cls = i % 2;
    y.push(cls);
    for (let j = 0; j < d; j++) data[i * d + j] = scales[j] * gauss() + (cls ? gap / 2 : -gap / 2) * truth[j];
  }
  return { x: { data, rows: n, cols: d }, y, truth, scales };
}

test('SVM, LDA and mean-difference directions recover a known separating direction (cosine > 0.99)', () => {
  // Isotropic noise: every method's optimum is the true direction.
  const random = seededRandom(5);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const d = 16;
  const truth = normalize(Float64Array.from({ length: d }, gauss));
  const n = 4000;
  const data = new Float64Array(n * d);
  const y = Array.from({ length: n }, (_, i) => i % 2);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] = gauss() + (y[i] ? 2 : -2) * truth[j];
  for (const method of ['svm', 'lda', 'mean'] as const) {
    const result = computeDirection({ data, rows: n, cols: d }, y, { method });
    assert.ok(cosine(result.direction, truth) > 0.99, `${method}: cosine ${cosine(result.direction, truth)}`);
    assert.ok((result.validation?.accuracy ?? 0) > 0.95, `${method}: validation accuracy ${result.validation?.accuracy}`);
    assert.ok((result.validation?.auc ?? 0) > 0.99);
  }
});

test('with anisotropic noise LDA finds the Bayes direction Σ⁻¹Δμ (cosine > 0.99) while the mean difference does not', () => {
  const { x, y, truth, scales } = clusters(6000, 8, 3, 9);
  const bayes = normalize(Float64Array.from(truth, (t, j) => t / scales[j] ** 2));
  const lda = computeDirection(x, y, { method: 'lda' });
  const mean = computeDirection(x, y, { method: 'mean' });
  assert.ok(cosine(lda.direction, bayes) > 0.99, `LDA cosine ${cosine(lda.direction, bayes)}`);
  assert.ok(cosine(mean.direction, truth) > 0.99);
  assert.ok(cosine(mean.direction, bayes) < 0.99, 'mean difference ignores the covariance');
  assert.ok(lda.validation && lda.validation.projections.separation > mean.validation!.projections.separation * 0.99);
});

test('separation is |μ1 − μ0| / mean(σ0, σ1) of the projections (population σ)', () => {
  const stats = classProjections([0, 2, 10, 14], [0, 0, 1, 1]);
  assert.deepEqual(stats.mean, [1, 12]);
  assert.deepEqual(stats.std, [1, 2]);
  assertClose(stats.separation, 11 / 1.5, 1e-15, 'separation');
});

test('the stratified split is seeded, disjoint, and keeps the class ratio', () => {
  const y = Array.from({ length: 100 }, (_, i) => (i < 30 ? 1 : 0));
  const a = stratifiedSplit(y, 0.2, 1);
  assert.deepEqual(a, stratifiedSplit(y, 0.2, 1));
  assert.equal(a.validation.length, 20);
  assert.equal(a.validation.filter((i) => y[i]).length, 6);
  assert.equal(new Set([...a.train, ...a.validation]).size, 100);
});

test('a split by subject holds out whole subjects: no subject has slices on both sides', () => {
  // 40 subjects × 3 slices, the first 16 subjects in class 1.
  const subjects = Array.from({ length: 120 }, (_, i) => `s${Math.floor(i / 3)}`);
  const y = subjects.map((s) => (Number(s.slice(1)) < 16 ? 1 : 0));
  const { train, validation } = stratifiedSplit(y, 0.25, 7, subjects);
  const trainSubjects = new Set(train.map((i) => subjects[i]));
  const heldSubjects = new Set(validation.map((i) => subjects[i]));
  assert.deepEqual([...heldSubjects].filter((s) => trainSubjects.has(s)), []);
  assert.equal(heldSubjects.size, 10);
  assert.equal(validation.length, 30);
  assert.equal([...heldSubjects].filter((s) => Number(s.slice(1)) < 16).length, 4);
  const result = computeDirection(latents, labels, { method: 'mean', validationFraction: 0.3, groups: labels.map((_, i) => `p${Math.floor(i / 2)}`) });
  const pairs = new Set(result.validationRows.map((i) => Math.floor(i / 2)));
  for (const i of result.trainRows) assert.ok(!pairs.has(Math.floor(i / 2)), `row ${i}'s subject is on both sides`);
});

test('σ is the pooled within-group standard deviation of the projections (ddof 0)', () => {
  const p = [1, 3, 10, 14];
  const y = [0, 0, 1, 1];
  // Group 0: mean 2, deviations ±1; group 1: mean 12, deviations ±2 → sqrt((1+1+4+4)/4).
  assertClose(pooledSigma(p, y), Math.sqrt(10 / 4), 1e-15, 'σ');
  const result = computeDirection(latents, labels, { method: 'lda', validationFraction: 0.3 });
  assertClose(result.sigma, pooledSigma(result.projections, labels), 1e-12, 'σ of the direction');
});

test('a 0/1 confounder direction is the normalised mean difference of its two groups', () => {
  const sex = labels.map((_, i) => i % 2);
  const expected = normalize(Float64Array.from({ length: latents.cols }, (_, j) => {
    let a = 0;
    let b = 0;
    for (let i = 0; i < latents.rows; i++) {
      if (sex[i]) a += latents.data[i * latents.cols + j];
      else b += latents.data[i * latents.cols + j];
    }
    return a / sex.filter((v) => v).length - b / sex.filter((v) => !v).length;
  }));
  const found = confounderDirection(latents, sex, 'sex');
  expected.forEach((v, j) => assertClose(found[j], v, 1e-12, `sex direction[${j}]`));
  assert.throws(() => confounderDirection(latents, labels.map(() => 5), 'scanner'), /scanner direction: the value does not vary/);
});

test('conditioning projects out other directions and renormalises; a direction inside their span is refused', () => {
  const n = normalize([1, 1, 1, 0]);
  const conditioned = conditionDirection(n, [[1, 0, 0, 0], [2, 0, 0, 0], [0, 1, 0, 0]]);
  assertClose(conditioned[2], 1, 1e-15, 'remaining component');
  assertClose(dot(conditioned, [1, 0, 0, 0]), 0, 1e-15, 'orthogonal to condition 1');
  assertClose(dot(conditioned, [0, 1, 0, 0]), 0, 1e-15, 'orthogonal to condition 2');
  assert.throws(() => conditionDirection([1, 1, 0, 0], [[1, 0, 0, 0], [0, 1, 0, 0]]), /span of the conditions/);
  const result = computeDirection(latents, labels, { method: 'lda', conditions: [reference.directions.truth] });
  assertClose(dot(result.direction, reference.directions.truth), 0, 1e-12, 'conditioned direction ⟂ condition');
  assert.ok(result.conditionedCosine < 0.9);
});

test('the edit-pair direction is normalize(mean of E(I*) − E(I))', () => {
  const original = { data: [0, 0, 1, 1], rows: 2, cols: 2 };
  const edited = { data: [3, 0, 1, 5], rows: 2, cols: 2 };
  assert.deepEqual(Array.from(editPairDirection(original, edited)), [0.6, 0.8]);
  assert.throws(() => editPairDirection(original, original), /zero/);
});
