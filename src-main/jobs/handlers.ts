// Job API handlers: list, inspect, pause, resume and cancel jobs (each capability submits its own kind of job).
import type { Handler } from '../base/handler.js';
import { jobsOf } from './manager.js';

const list: Handler<'jobs.list'> = (params, ctx) => ({ jobs: jobsOf(ctx).store.list(params.states) });
const get: Handler<'jobs.get'> = (params, ctx) => jobsOf(ctx).store.get(params.id);
const pause: Handler<'jobs.pause'> = (params, ctx) => jobsOf(ctx).pause(params.id);
const resume: Handler<'jobs.resume'> = (params, ctx) => jobsOf(ctx).resume(params.id);
const cancel: Handler<'jobs.cancel'> = (params, ctx) => jobsOf(ctx).cancel(params.id);

export const jobsHandlers = {
  'jobs.list': list,
  'jobs.get': get,
  'jobs.pause': pause,
  'jobs.resume': resume,
  'jobs.cancel': cancel,
};
