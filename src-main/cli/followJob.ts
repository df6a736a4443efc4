// How a CLI command watches a job it submitted (train, dataset create): its progress events until it ends, shown as
// a progress bar on a terminal, and Ctrl+C turned into a pause or cancel request.
import type { EventPayload, LatentRadClient } from '../../src-shared/api/contract.js';
import type { Job } from '../../src-shared/api/jobs.js';

export type JobEvent = EventPayload<'jobProgress'>;

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(s % 60).padStart(2, '0')}s`;
}

export function progressBar(fraction: number | null, width = 24): string {
  const f = Math.min(1, Math.max(0, fraction ?? 0));
  const filled = Math.round(f * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(f * 100).toFixed(1).padStart(5)}%`;
}

/** One event for a person on stderr: redrawn in place on a terminal, one line per event otherwise. */
export function showProgress(event: JobEvent, tty: boolean): void {
  if (tty) process.stderr.write(`\r${progressBar(event.fraction)} ${event.message}${event.etaSeconds !== null ? ` · ETA ${formatDuration(event.etaSeconds)}` : ''}\x1b[K`);
  else process.stderr.write(`${event.state}: ${event.message}\n`);
}

const ends = new Set(['done', 'failed', 'cancelled', 'paused']);

export interface FollowOptions {
  onEvent(event: JobEvent): void;
  /** What Ctrl+C asks of the job, and what is printed when it does. */
  interrupt: { method: 'jobs.pause' | 'jobs.cancel'; notice: string };
}

/** Submits a job in this process and resolves with it once it has ended (its final row and last event). */
export async function followJob(client: LatentRadClient, submit: () => Promise<Job>, options: FollowOptions): Promise<{ job: Job; last: JobEvent }> {
  let jobId: string | null = null;
  let resolveEnd: (event: JobEvent) => void = () => undefined;
  const ended = new Promise<JobEvent>((r) => (resolveEnd = r));
  // Events that arrive before `submit` returns (ours, or a retired job's) wait until we know our job id.
  const early: JobEvent[] = [];
  const handle = (event: JobEvent): void => {
    options.onEvent(event);
    if (ends.has(event.state)) resolveEnd(event);
  };
  const unsubscribe = client.on('jobProgress', (event) => {
    if (jobId === null) early.push(event);
    else if (event.jobId === jobId) handle(event);
  });
  try {
    const job = await submit();
    jobId = job.id;
    for (const event of early) if (event.jobId === job.id) handle(event);
    const onSignal = (): void => {
      process.stderr.write(`\n${options.interrupt.notice}\n`);
      void client.call(options.interrupt.method, { id: job.id }).catch(() => undefined);
    };
    process.on('SIGINT', onSignal);
    const last = await ended;
    process.off('SIGINT', onSignal);
    return { job: await client.call('jobs.get', { id: job.id }), last };
  } finally {
    unsubscribe();
  }
}
