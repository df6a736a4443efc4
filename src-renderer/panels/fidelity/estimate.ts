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

/** A run's size: `images` per original slice (the image, its perturbed and lesioned copies), `originals` null when a slice range makes the count known only once the volume is read. */
export interface RunSize {
  originals: number | null;
  imagesPerOriginal: number;
  steps: number;
}

/** Seconds for the run (per slice when the slice count is unknown), or null when there is nothing honest to say. */
function runSeconds(calibration: StepCalibration | null, run: RunSize): number | null {
  if (run.steps <= 0 || !calibration) return null;
  return calibration.secondsPerImageStep * run.imagesPerOriginal * run.steps * (run.originals ?? 1);
}

/** Rounded for a glance beside the Steps field: "≈ 45 s", "≈ 12 min", "≈ 2 h 05 min" (the line below the form has the detail). */
export function estimateShort(calibration: StepCalibration | null, run: RunSize): string {
  const seconds = runSeconds(calibration, run);
  if (seconds === null) return '';
  const rounded = seconds < 60 ? `${Math.max(1, Math.round(seconds))} s` : seconds < 3600 ? `${Math.round(seconds / 60)} min` : formatDuration(seconds);
  return `≈ ${rounded}${run.originals === null ? ' per slice' : ''}`;
}

/** What the form says before a run: the time and where the rate comes from, or that no run has measured it yet. */
export function estimateText(calibration: StepCalibration | null, run: RunSize): string {
  if (run.steps <= 0) return '';
  const seconds = runSeconds(calibration, run);
  if (!calibration || seconds === null) return 'Time: no run of this model measured on this machine yet; once it runs, the progress line shows the time left.';
  const rate = `${(calibration.secondsPerImageStep * 1000).toPrecision(3)} ms per image·step measured by job ${calibration.jobId} on this machine`;
  const images = run.originals === null ? run.imagesPerOriginal : run.originals * run.imagesPerOriginal;
  const size = `${images} image${images === 1 ? '' : 's'} × ${run.steps} steps`;
  return `Time: about ${formatDuration(seconds)}${run.originals === null ? ' per slice' : ''}, estimated from the last run of this model (${size}; ${rate}).`;
}
