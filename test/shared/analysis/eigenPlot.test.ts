// The eigen panel's plotted numbers are the analysis output's: eigenvector entries at their α, fits of degree k−1
// whose R² is the analysis' own, and explained variance in percent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EigenSummary } from '../../../src-shared/api/eigen.js';
import { eigenAnalysis } from '../../../src-shared/analysis/eigen.js';
import { eigenvectorCurves, screePercent } from '../../../src-shared/analysis/eigenPlot.js';

test('curves plot each eigenvector at its α; the polynomial fit reproduces the analysis R²', () => {
  const alphas = [0, 0.5, 1, 1.5, 2, 2.5, 3];
  const width = 40;
  // A fixed pattern plus a region that brightens linearly with α.
  const data = Float64Array.from({ length: alphas.length * width }, (_, n) => {
    const [a, i] = [alphas[Math.floor(n / width)], n % width];
    return Math.sin(i / 3) + (i > 30 ? 0.2 * a : 0) + 0.001 * Math.cos(i * a);
  });
  const result = eigenAnalysis({ data, imageCount: alphas.length, planeSize: width }, { alphas, components: 3 });
  const summary: EigenSummary = { name: 'position 0', voxelCount: result.voxelCount, mask: { source: 'none' }, eigenvalues: result.eigenvalues, explainedVariance: result.explainedVariance, eigenvectors: result.eigenvectors, polynomial: result.polynomial, subtraction: result.subtraction, mapScales: [] };
  const curves = eigenvectorCurves(summary, alphas, 3);
  assert.equal(curves.length, 3);
  curves.forEach((c, k) => {
    assert.deepEqual(c.points.map((p) => p.y), result.eigenvectors[k]);
    assert.deepEqual(c.points.map((p) => p.x), alphas);
    assert.equal(c.degree, k);
    assert.equal(c.r2, result.polynomial[k].r2);
    if (c.r2 !== null) {
      // R² recomputed from the plotted fit equals the analysis' R².
      const mean = c.points.reduce((s, p) => s + p.y, 0) / c.points.length;
      const ssRes = c.points.reduce((s, p, i) => s + (p.y - c.fit[i].y) ** 2, 0);
      const ssTot = c.points.reduce((s, p) => s + (p.y - mean) ** 2, 0);
      assert.ok(Math.abs(1 - ssRes / ssTot - c.r2) < 1e-9, `component ${k + 1} R²`);
    }
  });
  assert.ok((curves[1].r2 ?? 0) > 0.99, 'component 2 is linear in α here');
  const scree = screePercent(summary, 3);
  scree.forEach((v, i) => assert.ok(Math.abs(v - 100 * result.explainedVariance[i]) < 1e-12));
});
