// Training API handler: training.start checks the request and submits a training job (run by ./jobRunner.ts).
import { trainingConfigSchema } from '../../src-shared/api/training.js';
import { ApiError } from '../../src-shared/api/errors.js';
import type { Handler } from '../base/handler.js';
import { readDatasetMeta } from '../datasets/store.js';
import { jobsOf } from '../jobs/manager.js';
import { runExists } from '../ml/training/runDir.js';

const start: Handler<'training.start'> = async (params, ctx) => {
  const { resume, ...rest } = params;
  // Checked here so that a bad request fails the call instead of producing a failed job.
  const { info } = await readDatasetMeta(ctx.dataDir, rest.dataset);
  if (info.resolution !== rest.resolution) {
    throw new ApiError('bad_input', `dataset "${rest.dataset}" is ${info.resolution}×${info.resolution}, but the requested resolution is ${rest.resolution}`);
  }
  const config = trainingConfigSchema.parse(rest);
  const jobs = jobsOf(ctx);
  const active = jobs.store.list(['running', 'queued']).find((j) => j.kind === 'training' && j.params.out === config.out);
  if (active) throw new ApiError('bad_input', `training run "${config.out}" is already ${active.state} as job ${active.id}`);
  const title = `train ${config.out} on ${config.dataset} (${config.kimg} kimg)`;
  if (!resume) {
    if (runExists(ctx.dataDir, config.out)) {
      throw new ApiError('bad_input', `a training run named "${config.out}" already exists; resume it (latentrad train --resume) or choose another --out`);
    }
    return jobs.submit('training', title, config);
  }
  if (!runExists(ctx.dataDir, config.out)) throw new ApiError('not_found', `nothing to resume: no checkpoint for a run named "${config.out}"`);
  // The newest resumable job of this run is retired in favour of one carrying the new settings (e.g. more kimg).
  const previous = jobs.store.list(['paused', 'failed']).find((j) => j.kind === 'training' && j.params.out === config.out);
  if (previous) jobs.cancel(previous.id);
  return jobs.submit('training', title, config, { resume: true });
};

export const trainingHandlers = {
  'training.start': start,
};
