// Eigencomponent analysis: polynomial series recovered, subtraction comparison, NumPy parity, exact streaming covariance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultAlphas, eigenAnalysis } from '../../../src-shared/analysis/eigen.js';
import { columnMoments } from '../../../src-shared/analysis/gram.js';
import { polyfit } from '../../../src-shared/analysis/polyfit.js';
import { seededRandom } from '../../../src-shared/analysis/vectors.js';
import { dot } from '../../../src-shared/math/vectors.js';
import { assertClose, fixtureNpy, reference } from './referenceData.js';

/** Gram–Schmidt: orthonormalises the given vectors in order. */
function orthonormal(vectors: Float64Array[]): Float64Array[] {
  const basis: Float64Array[] = [];
  for (const v of vectors) {
    const u = Float64Array.from(v);
    for (const b of basis) {
      const c = dot(u, b);
      for (let i = 0; i < u.length; i++) u[i] -= c * b[i];
    }
    const n = Math.sqrt(dot(u, u));
    basis.push(u.map((x) => x / n));
  }
  return basis;
}

const alphas = defaultAlphas();
const k = alphas.length;

/** Orthonormal polynomials of degree 0..3 evaluated on the α grid. */
const polynomials = orthonormal([0, 1, 2, 3].map((d) => Float64Array.from(alphas, (a) => (a / 50) ** d)));

/**
 * M = Σ_j σ_j s_j q_jᵀ with zero-mean orthonormal spatial maps s_j and polynomial q_j: its covariance is exactly
 * Σ σ_j² q_j q_jᵀ / (N − 1), so the eigenvectors are the q_j and the eigenvalues σ_j² / (N − 1).
 */
function syntheticStack(voxels: number, sigmas: number[], background: number) {
  const random = seededRandom(7);
  const foreground = Array.from({ length: voxels }, (_, i) => i % 5 !== 0);
  const n = foreground.filter(Boolean).length;
  const ones = new Float64Array(n).fill(1);
  const maps = orthonormal([ones, ...sigmas.map(() => Float64Array.from({ length: n }, () => random() - 0.5))]).slice(1);
  const data = new Float64Array(k * voxels);
  for (let img = 0; img < k; img++) {
    let f = 0;
    for (let p = 0; p < voxels; p++) {
      if (!foreground[p]) {
        data[img * voxels + p] = background * (1 + random());
        continue;
      }
      let v = 500; // a common offset that centring removes
      sigmas.forEach((s, j) => (v += s * maps[j][f] * polynomials[j][img]));
      data[img * voxels + p] = v;
      f++;
    }
  }
  return { stack: { data, imageCount: k, planeSize: voxels }, mask: foreground.map((b) => (b ? 1 : 0)), n, maps };
}

test('eigen analysis of M built from orthogonal polynomials in α recovers them (up to sign) and their variances', () => {
  const sigmas = [40, 20, 8, 3];
  const { stack, mask, n } = syntheticStack(3000, sigmas, 1e4);
  const result = eigenAnalysis(stack, { alphas, mask, components: 4 });
  assert.equal(result.voxelCount, n);
  sigmas.forEach((s, j) => {
    assertClose(result.eigenvalues[j], (s * s) / (n - 1), 1e-9, `eigenvalue ${j + 1}`);
    assertClose(Math.abs(dot(result.eigenvectors[j], polynomials[j])), 1, 1e-9, `|cos| of component ${j + 1}`);
    // A degree-(k−1) polynomial fits component k exactly.
    assertClose(result.polynomial[j].r2Uncentred, 1, 1e-9, `R² of component ${j + 1}`);
  });
  for (let j = 4; j < k; j++) assert.ok(Math.abs(result.eigenvalues[j]) < 1e-9, `eigenvalue ${j + 1} is ~0`);
  const total = sigmas.reduce((a, s) => a + s * s, 0);
  assertClose(result.explainedVariance[0], (40 * 40) / total, 1e-9, 'explained variance 1');
  // Orientation: component 1 positive offset, component 2 increasing in α.
  assert.ok(result.eigenvectors[0].every((v) => v > 0));
  assert.ok(result.eigenvectors[1][k - 1] > result.eigenvectors[1][0]);
});

test('component 2 correlates with α_max − α_0 subtraction as σ₁Δ₁ / √((σ₁Δ₁)² + (σ₃Δ₃)²)', () => {
  const sigmas = [40, 20, 8, 3];
  const { stack, mask } = syntheticStack(3000, sigmas, 0);
  const result = eigenAnalysis(stack, { alphas, mask, components: 2 });
  // Even polynomials cancel in the subtraction on a symmetric grid; the odd ones (degrees 1 and 3) remain.
  const d1 = sigmas[1] * (polynomials[1][k - 1] - polynomials[1][0]);
  const d3 = sigmas[3] * (polynomials[3][k - 1] - polynomials[3][0]);
  assertClose(result.subtraction.correlationWithComponent2 ?? Number.NaN, d1 / Math.hypot(d1, d3), 1e-9, 'subtraction correlation');
  assert.deepEqual([result.subtraction.fromIndex, result.subtraction.toIndex], [0, k - 1]);
  // Component maps are zero outside the mask and M·v inside.
  assert.equal(result.componentMaps.length, 2);
  assert.equal(result.componentMaps[0][0], 0);
});

test('covariance, eigenvalues and eigenvectors match np.cov + np.linalg.eigh on the fixture stack', () => {
  const stackArray = fixtureNpy('eigen_stack.npy');
  const mask = fixtureNpy('eigen_mask.npy').data;
  const [images, h, w] = stackArray.shape;
  const expected = reference.eigen;
  const result = eigenAnalysis({ data: stackArray.data, imageCount: images, planeSize: h * w }, { alphas: expected.alphas, mask });
  assert.equal(result.voxelCount, expected.voxels);
  expected.covariance.forEach((rowValues, i) => rowValues.forEach((v, j) => assertClose(result.covariance[i][j], v, 1e-10, `cov[${i}][${j}]`)));
  expected.eigenvalues.forEach((v, i) => assertClose(result.eigenvalues[i], v, 1e-9, `eigenvalue ${i + 1}`));
  // Well-separated leading components: compare the vectors up to sign.
  for (let i = 0; i < 2; i++) assertClose(Math.abs(dot(result.eigenvectors[i], expected.eigenvectors[i])), 1, 1e-9, `eigenvector ${i + 1}`);
  assertClose(Math.abs(result.subtraction.correlationWithComponent2 ?? 0), expected.subtraction_correlation_abs, 1e-9, 'subtraction correlation');
  const [voxel, value] = expected.component1_map_probe;
  assertClose(Math.abs(result.componentMaps[0][voxel]), Math.abs(value), 1e-4, 'component-1 map value'); // float32 maps
  const uncentred = eigenAnalysis({ data: stackArray.data, imageCount: images, planeSize: h * w }, { alphas: expected.alphas, mask, centred: false });
  expected.uncentred_eigenvalues.slice(0, 3).forEach((v, i) => assertClose(uncentred.eigenvalues[i], v, 1e-9, `uncentred eigenvalue ${i + 1}`));
});

test('the streaming covariance stays exact for a huge offset with tiny variance (no cancellation)', () => {
  const random = seededRandom(3);
  const voxels = 20000;
  const images = 3;
  const data = Float64Array.from({ length: images * voxels }, () => 1e7 + random());
  const { covariance } = columnMoments({ data, imageCount: images, planeSize: voxels }, { centred: true });
  // Two-pass reference.
  const means = [0, 1, 2].map((i) => data.subarray(i * voxels, (i + 1) * voxels).reduce((a, b) => a + b, 0) / voxels);
  let c01 = 0;
  for (let p = 0; p < voxels; p++) c01 += (data[p] - means[0]) * (data[voxels + p] - means[1]);
  c01 /= voxels - 1;
  assertClose(covariance[1], c01, 1e-9, 'cov[0][1]');
});

test('K = 100 images: eigenvalues sum to the trace and all components are returned', () => {
  const random = seededRandom(11);
  const images = 100;
  const voxels = 400;
  const data = Float32Array.from({ length: images * voxels }, () => random());
  const result = eigenAnalysis({ data, imageCount: images, planeSize: voxels }, { alphas: defaultAlphas(images), components: 3 });
  const trace = result.covariance.reduce((a, r, i) => a + r[i], 0);
  assertClose(result.eigenvalues.reduce((a, b) => a + b, 0), trace, 1e-9, 'Σλ = trace');
  assert.equal(result.eigenvectors.length, 100);
  for (let i = 1; i < images; i++) assert.ok(result.eigenvalues[i] <= result.eigenvalues[i - 1]);
});

test('bad eigen inputs fail with a reason: too few images, α count mismatch, an empty mask', () => {
  const data = new Float64Array(8);
  assert.throws(() => eigenAnalysis({ data, imageCount: 1, planeSize: 8 }, { alphas: [0] }), /at least 2 images/);
  assert.throws(() => eigenAnalysis({ data, imageCount: 2, planeSize: 4 }, { alphas: [0, 1, 2] }), /3 α values for 2 images/);
  assert.throws(() => eigenAnalysis({ data, imageCount: 2, planeSize: 4 }, { alphas: [0, 1], mask: [0, 0, 0, 0] }), /selects 0 voxel/);
});

test('polyfit recovers an exact cubic and reports R² = 1; a line fit to a parabola reports R² < 1', () => {
  const x = [0, 1, 2, 3, 4, 5];
  const fit = polyfit(x, x.map((v) => 2 - v + 0.5 * v ** 3), 3);
  [2, -1, 0, 0.5].forEach((c, i) => assertClose(fit.coefficients[i], c, 1e-9, `c${i}`));
  assertClose(fit.r2 ?? 0, 1, 1e-12, 'R²');
  assert.ok((polyfit(x, x.map((v) => v * v), 1).r2 ?? 1) < 0.99);
});
