// Job API handlers: list, inspect, pause, resume and cancel jobs; training.start submits a training job.
import { trainingConfigSchema } from '../../src-shared/api/training.js';
import { ApiError } from '../../src-shared/api/errors.js';
import type { Handler } from '../api/dispatcher.js';
import { readDatasetMeta } from '../datasets/store.js';
import { runExists } from '../ml/training/run.js';
import { jobsService } from './service.js';

const list: Handler<'jobs.list'> = (params, ctx) => ({ jobs: jobsService(ctx).store.list(params.states) });
const get: Handler<'jobs.get'> = (params, ctx) => jobsService(ctx).store.get(params.id);
const pause: Handler<'jobs.pause'> = (params, ctx) => jobsService(ctx).pause(params.id);
const resume: Handler<'jobs.resume'> = (params, ctx) => jobsService(ctx).resume(params.id);
const cancel: Handler<'jobs.cancel'> = (params, ctx) => jobsService(ctx).cancel(params.id);

const start: Handler<'training.start'> = async (params, ctx) => {
  const { resume, ...rest } = params;
  // Checked here so that a bad request fails the call instead of producing a failed job.
  const { info } = await readDatasetMeta(ctx.dataDir, rest.dataset);
  if (info.resolution !== rest.resolution) {
    throw new ApiError('bad_input', `dataset "${rest.dataset}" is ${info.resolution}×${info.resolution}, but the requested resolution is ${rest.resolution}`);
  }
  const config = trainingConfigSchema.parse(rest);
  const jobs = jobsService(ctx);
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

export const jobsHandlers = {
  'jobs.list': list,
  'jobs.get': get,
  'jobs.pause': pause,
  'jobs.resume': resume,
  'jobs.cancel': cancel,
  'training.start': start,
};
