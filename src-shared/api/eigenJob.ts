// For callers that want the eigen analysis rather than its job (the panel, the CLI, the demo, tests): submit
// eigen.components, follow the job to its end, and return the analysis the job reported.
import { awaitJob } from './awaitJob.js';
import type { AwaitJobOptions } from './awaitJob.js';
import type { LatentRadClient, MethodInput } from './contract.js';
import { eigenOutputSchema } from './eigen.js';
import type { EigenOutput } from './eigen.js';
import { ApiError } from './errors.js';

/** Runs an eigen analysis as a job; a failed job rejects with its error, a cancelled or paused one as `cancelled`. */
export async function runEigen(client: LatentRadClient, input: MethodInput<'eigen.components'>, options: AwaitJobOptions = {}): Promise<EigenOutput> {
  const job = await awaitJob(client, async () => (await client.call('eigen.components', input)).job, options);
  if (job.state === 'failed') throw new ApiError('bad_input', job.error ?? job.message);
  if (job.state !== 'done') throw new ApiError('cancelled', job.message);
  return eigenOutputSchema.parse(job.result);
}
