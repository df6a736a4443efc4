// The Jobs panel's words for a job (pure, unit-tested): time left, and what a job asked to stop says until it does.
import type { Job } from '../../../src-shared/api/jobs.js';

export function formatEta(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 90) return `${Math.round(seconds)} s left`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min left`;
  return `${(seconds / 3600).toFixed(1)} h left`;
}

/** What a running job that was asked to stop says until it does (it stops after its current step). */
export function stopNotice(job: Pick<Job, 'state' | 'stopRequested'>): string | null {
  if (job.state !== 'running' || job.stopRequested === null) return null;
  return job.stopRequested === 'pause' ? 'pausing after this step…' : 'stopping after this step…';
}
