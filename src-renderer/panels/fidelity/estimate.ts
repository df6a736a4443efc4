// The fidelity panel's time estimate before a run (pure, unit-tested): the seconds per image·step measured by the
// newest finished projection or fidelity job of the same model on this machine (its job result) × the run's size.
import type { Job } from '../../../src-shared/api/jobs.js';
import { formatDuration } from '../../../src-shared/api/jobTiming.js';

export interface StepCalibration {
  secondsPerImageStep: number;
  jobId: string;
}

/** The newest measurement for `model` among jobs (jobs.list order: newest first); null when there is none. */
export function calibrationFor(jobs: readonly Job[], model: string): StepCalibration | null {
  for (const job of jobs) {
    if (job.state !== 'done' || (job.kind !== 'fidelity' && job.kind !== 'projection')) continue;
    const seconds = job.result?.secondsPerImageStep;
    if (job.result?.model === model && typeof seconds === 'number' && seconds > 0 && Number.isFinite(seconds)) return { secondsPerImageStep: seconds, jobId: job.id };
  }
  return null;
}

/**
 * What the form says before a run: `images` per original slice (the image, its perturbed and lesioned copies),
 * `originals` null when a slice range makes the count known only once the volume is read.
 */
export function estimateText(calibration: StepCalibration | null, run: { originals: number | null; imagesPerOriginal: number; steps: number }): string {
  if (run.steps <= 0) return '';
  if (!calibration) return 'Time: no run of this model measured on this machine yet; once it runs, the progress line shows the time left.';
  const perOriginal = calibration.secondsPerImageStep * run.imagesPerOriginal * run.steps;
  const basis = `${(calibration.secondsPerImageStep * 1000).toPrecision(3)} ms per image·step measured by job ${calibration.jobId} on this machine`;
  const images = `${run.imagesPerOriginal} image${run.imagesPerOriginal === 1 ? '' : 's'}`;
  if (run.originals === null) return `Time: about ${formatDuration(perOriginal)} per slice (${images} × ${run.steps} steps; ${basis}).`;
  const total = run.originals * run.imagesPerOriginal;
  return `Time: about ${formatDuration(perOriginal * run.originals)} (${total} image${total === 1 ? '' : 's'} × ${run.steps} steps; ${basis}).`;
}
