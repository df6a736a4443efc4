// What the eigen panel plots, computed from the eigen.components output alone (so the numbers shown are the
// analysis module's): each eigenvector against α with its polynomial fit, and the explained variance.
import type { EigenSummary } from '../api/eigen.js';
import { polyfit } from './polyfit.js';

export interface EigenvectorCurve {
  component: number;
  degree: number;
  /** The eigenvector's entries, one per image, at its α. */
  points: Array<{ x: number; y: number }>;
  /** The degree-(k−1) polynomial fit evaluated at the same α. */
  fit: Array<{ x: number; y: number }>;
  r2: number | null;
}

export function eigenvectorCurves(summary: EigenSummary, alphas: readonly number[], count = 5): EigenvectorCurve[] {
  return summary.eigenvectors.slice(0, count).map((vector, k) => {
    const { coefficients } = polyfit(alphas, vector, k);
    const at = (x: number): number => coefficients.reduce((sum, c, power) => sum + c * x ** power, 0);
    return {
      component: k + 1,
      degree: k,
      points: alphas.map((x, i) => ({ x, y: vector[i] })),
      fit: alphas.map((x) => ({ x, y: at(x) })),
      r2: summary.polynomial[k]?.r2 ?? null,
    };
  });
}

/** Explained variance in percent, one bar per component. */
export function screePercent(summary: EigenSummary, count = 10): number[] {
  return summary.explainedVariance.slice(0, count).map((v) => 100 * v);
}
