// When a job ran, in words shared by the Jobs panel and `latentrad jobs`: durations and start/finish times (pure).
import type { Job } from './jobs.js';

const clock = (d: Date): string => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

/** A span of time in the largest unit that keeps it readable: "42 s", "3 min 12 s", "2 h 05 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/**
 * When a job started and, once it ended, when and how long after (local clock; a job paused and resumed counts its
 * pause too); a running job says how long it has run so far.
 */
export function jobTiming(job: Pick<Job, 'state' | 'createdAt' | 'updatedAt'>, now: Date): string {
  const created = new Date(job.createdAt);
  const updated = new Date(job.updatedAt);
  const start = `started ${clock(created)}`;
  if (job.state === 'running' || job.state === 'queued') return `${start} · ${formatDuration((now.getTime() - created.getTime()) / 1000)} so far`;
  const verb = job.state === 'paused' ? 'paused' : job.state === 'done' ? 'finished' : job.state;
  return `${start} · ${verb} ${clock(updated)} (after ${formatDuration((updated.getTime() - created.getTime()) / 1000)})`;
}
