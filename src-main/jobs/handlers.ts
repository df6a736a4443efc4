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
  // Checked here so that a bad request fails the call instead of producing a failed job.
  const { info } = await readDatasetMeta(ctx.dataDir, params.dataset);
  if (info.resolution !== params.resolution) {
    throw new ApiError('bad_input', `dataset "${params.dataset}" is ${info.resolution}×${info.resolution}, but the requested resolution is ${params.resolution}`);
  }
  if (runExists(ctx.dataDir, params.out)) {
    throw new ApiError('bad_input', `a training run named "${params.out}" already exists; resume its job (latentrad train --resume) or choose another --out`);
  }
  const config = trainingConfigSchema.parse(params);
  return jobsService(ctx).submit('training', `train ${config.out} on ${config.dataset} (${config.kimg} kimg)`, config);
};

export const jobsHandlers = {
  'jobs.list': list,
  'jobs.get': get,
  'jobs.pause': pause,
  'jobs.resume': resume,
  'jobs.cancel': cancel,
  'training.start': start,
};
