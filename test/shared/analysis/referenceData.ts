// Loads the scikit-image / NumPy / scikit-learn reference values and arrays from test/fixtures/analysis
// (produced by make_reference.py there).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import type { GreyImage } from '../../../src-shared/analysis/image.js';
import { decodeNpy } from '../../../src-shared/io/npy.js';
import type { NpyArray } from '../../../src-shared/io/npy.js';
import { fixturesDir } from '../../support/data.js';

export const analysisFixtures = join(fixturesDir, 'analysis');

export interface SsimReference {
  mean: number;
  probes: Array<[number, number, number]>;
}
export interface ErrorReference {
  mse: number;
  psnr: number;
  nrmse_euclidean: number;
  nrmse_minmax: number;
  nrmse_mean: number;
}
export interface PairReference {
  ssim: { wang2004: SsimReference; skimage: SsimReference };
  errors: ErrorReference;
  errors_masked?: ErrorReference;
}
export interface Reference {
  images: { normal_vs_recon: PairReference; normal_vs_pneumonia: PairReference; small: PairReference };
  otsu: { normal: number; recon: number; mask_count: number };
  /** From an independent NumPy/SciPy MS-SSIM (scikit-image has none): value and per-scale [cs, ssim]. */
  msssim: Record<'normal_vs_recon' | 'normal_vs_pneumonia', { value: number; scales: Array<[number, number]> }>;
  eigen: {
    alphas: number[];
    voxels: number;
    covariance: number[][];
    eigenvalues: number[];
    eigenvectors: number[][];
    uncentred_eigenvalues: number[];
    subtraction_correlation_abs: number;
    component1_map_probe: [number, number];
  };
  directions: Record<string, { coef: number[]; intercept: number }> & { auc_rounded_truth_scores: number; truth: number[] };
}

export const reference = JSON.parse(readFileSync(join(analysisFixtures, 'reference.json'), 'utf8')) as Reference;

export function fixtureNpy(name: string): NpyArray {
  return decodeNpy(readFileSync(join(analysisFixtures, name)));
}

export function fixtureImage(name: string): GreyImage {
  if (name.endsWith('.png')) {
    const png = PNG.sync.read(readFileSync(join(analysisFixtures, name)));
    return { width: png.width, height: png.height, data: Float64Array.from({ length: png.width * png.height }, (_, i) => png.data[4 * i]) };
  }
  const array = fixtureNpy(name);
  return { height: array.shape[0], width: array.shape[1], data: array.data };
}

/** |actual − expected| ≤ tol·max(1, |expected|), with a message naming what differs. */
export function assertClose(actual: number, expected: number, tolerance: number, what: string): void {
  const scale = Math.max(1, Math.abs(expected));
  if (!(Math.abs(actual - expected) <= tolerance * scale)) {
    throw new Error(`${what}: got ${actual}, expected ${expected} (tolerance ${tolerance})`);
  }
}
