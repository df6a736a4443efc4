// How a CLI command watches a job it submitted (train, dataset create): its progress events until it ends, shown as
// a progress bar on a terminal, and Ctrl+C turned into a pause or cancel request.
import { awaitJob } from '../../src-shared/api/awaitJob.js';
import type { JobEvent } from '../../src-shared/api/awaitJob.js';
import type { LatentRadClient } from '../../src-shared/api/contract.js';
import type { Job } from '../../src-shared/api/jobs.js';
import { formatDuration } from '../../src-shared/api/jobTiming.js';

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

export interface FollowOptions {
  onEvent(event: JobEvent): void;
  /** What Ctrl+C asks of the job, and what is printed when it does. */
  interrupt: { method: 'jobs.pause' | 'jobs.cancel'; notice: string };
}

/**
 * Submits a job in this process and resolves with its final row once it has ended: awaitJob (the one way any caller
 * follows a job), with Ctrl+C turned into `interrupt` while the job runs.
 */
export async function followJob(client: LatentRadClient, submit: () => Promise<Job>, options: FollowOptions): Promise<Job> {
  let onSignal: (() => void) | null = null;
  try {
    return await awaitJob(client, submit, {
      onEvent: options.onEvent,
      onSubmitted: (job) => {
        onSignal = (): void => {
          process.stderr.write(`\n${options.interrupt.notice}\n`);
          void client.call(options.interrupt.method, { id: job.id }).catch(() => undefined);
        };
        process.on('SIGINT', onSignal);
      },
    });
  } finally {
    if (onSignal) process.off('SIGINT', onSignal);
  }
}
