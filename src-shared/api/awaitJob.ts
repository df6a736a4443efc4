// For callers that want a job's result rather than the job (the CLI, the import box, tests): submit, follow its
// progress events, and resolve once it has ended, with its final row or, for an import, its summary.
import type { EventPayload, LatentRadClient } from './contract.js';
import { ApiError } from './errors.js';
import type { Job } from './jobs.js';
import { importSummarySchema } from './catalog.js';
import type { ImportInput, ImportSummary } from './catalog.js';

export type JobEvent = EventPayload<'jobProgress'>;

/** States in which a job's current run has ended (a paused job may be resumed later, by someone else). */
export const endedStates: ReadonlySet<Job['state']> = new Set(['done', 'failed', 'cancelled', 'paused']);

export interface AwaitJobOptions {
  /** Every progress event of the job, including the last. */
  onEvent?: (event: JobEvent) => void;
  /** Called once the job id is known (e.g. to offer a Cancel button). */
  onSubmitted?: (job: Job) => void;
}

/** Submits a job and resolves with its final row once its run has ended. */
export async function awaitJob(client: LatentRadClient, submit: () => Promise<Job>, options: AwaitJobOptions = {}): Promise<Job> {
  let jobId: string | null = null;
  // Events that arrive before `submit` returns wait until the job id is known.
  const early: JobEvent[] = [];
  let resolveEnd: () => void = () => undefined;
  const ended = new Promise<void>((r) => (resolveEnd = r));
  const handle = (event: JobEvent): void => {
    options.onEvent?.(event);
    if (endedStates.has(event.state)) resolveEnd();
  };
  const unsubscribe = client.on('jobProgress', (event) => {
    if (jobId === null) early.push(event);
    else if (event.jobId === jobId) handle(event);
  });
  try {
    const job = await submit();
    jobId = job.id;
    options.onSubmitted?.(job);
    for (const event of early.splice(0)) if (event.jobId === job.id) handle(event);
    // A job may have ended before we subscribed (another transport, a very short job): its row says so.
    const current = await client.call('jobs.get', { id: job.id });
    if (!endedStates.has(current.state)) await ended;
    return await client.call('jobs.get', { id: job.id });
  } finally {
    unsubscribe();
  }
}

/**
 * Imports `input.paths` as a job and resolves with the import summary (also for a cancelled or paused import: what
 * was committed stays catalogued). A failed import rejects with the job's error.
 */
export async function importPaths(client: LatentRadClient, input: ImportInput, options: AwaitJobOptions = {}): Promise<ImportSummary> {
  const job = await awaitJob(client, () => client.call('catalog.import', input), options);
  if (job.state === 'failed' || job.result === null) throw new ApiError('internal', `import job ${job.id} ${job.state}: ${job.error ?? job.message}`);
  return importSummarySchema.parse(job.result);
}
