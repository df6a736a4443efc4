// For callers that want the edit series rather than its job (the panel, the CLI, the demo, tests): submit
// direction.editSeries, follow the job to its end, and return the series the job reported.
import { awaitJob } from './awaitJob.js';
import type { AwaitJobOptions } from './awaitJob.js';
import type { LatentRadClient, MethodInput } from './contract.js';
import { seriesInfoSchema } from './direction.js';
import type { SeriesInfo } from './direction.js';
import { ApiError } from './errors.js';

/** Runs an edit series as a job; a failed job rejects with its error, a cancelled or paused one as `cancelled`. */
export async function runEditSeries(client: LatentRadClient, input: MethodInput<'direction.editSeries'>, options: AwaitJobOptions = {}): Promise<SeriesInfo> {
  const job = await awaitJob(client, async () => (await client.call('direction.editSeries', input)).job, options);
  if (job.state === 'failed') throw new ApiError('bad_input', job.error ?? job.message);
  if (job.state !== 'done') throw new ApiError('cancelled', job.message);
  return seriesInfoSchema.parse(job.result);
}
