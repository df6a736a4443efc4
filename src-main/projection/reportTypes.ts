// The fidelity report's shape (report.json), shared by the report writer and its HTML rendering.
import type { Comparison, LesionNumbers } from '../../src-shared/analysis/fidelity.js';

export interface ReportRow {
  image: number;
  item: string;
  slice: number | null;
  copy: string;
  kind: 'original' | 'perturbation' | 'lesion';
  /** Projection of this copy vs the unperturbed original. */
  vsOriginal: Comparison;
  /** Projection vs the image that was projected (equal to vsOriginal for the original). */
  vsInput: Comparison;
  /** Symmetric scale of the difference map (on [0, 1]). */
  differenceScale: number;
  maps: { input: string; projection: string; difference: string; ssim: string };
}

export interface FidelityReport {
  result: string;
  synthetic: true;
  rows: ReportRow[];
  lesion: null | { description: string; perImage: Array<{ image: number; numbers: LesionNumbers; contrastRecoveredPercent: number | null }> };
  meanSsim: number;
  meanMse: number;
  meta: Record<string, unknown>;
}
