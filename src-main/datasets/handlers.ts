// Dataset API handlers: build (in the call, or as a job; both in the dataset worker), list, inspect, delete and export datasets in the data directory.
import { existsSync } from 'node:fs';
import { ApiError } from '../../src-shared/api/errors.js';
import type { Handler } from '../base/handler.js';
import { jobsOf } from '../jobs/manager.js';
import { datasetWorkerOf } from './buildWorkerApi.js';
import { checkDatasetPaths, datasetInputs } from './jobRunner.js';
import { exportNvlabsZip } from './nvlabs.js';
import { datasetDir, deleteDataset, listDatasets, loadDataset, readDatasetMeta } from './store.js';

// One build path for both sources and both methods, in the dataset worker: a catalog selection only changes where the
// inputs and labels come from.
const create: Handler<'datasets.create'> = async (params, ctx) => {
  checkDatasetPaths(ctx, params);
  const outcome = await datasetWorkerOf(ctx).call('build', { dataDir: ctx.dataDir, spec: params });
  if (outcome.state !== 'done') throw new ApiError('internal', `the build stopped after ${outcome.done}/${outcome.total} inputs without a stop request`);
  return outcome.info;
};

const submit: Handler<'datasets.submit'> = async (params, ctx) => {
  // Checked here so that a bad request fails the call instead of producing a failed job.
  if (!params.overwrite && existsSync(datasetDir(ctx.dataDir, params.name))) {
    throw new ApiError('bad_input', `dataset "${params.name}" already exists (pass overwrite to replace it)`);
  }
  await datasetInputs(ctx, params);
  const jobs = jobsOf(ctx);
  const active = jobs.store.list(['running', 'queued']).find((j) => j.kind === 'dataset' && j.params.name === params.name);
  if (active) throw new ApiError('bad_input', `dataset "${params.name}" is already being built by job ${active.id}`);
  return jobs.submit('dataset', `dataset ${params.name} (${params.resolution}², ${params.source.kind === 'catalog' ? 'catalog selection' : `${params.source.paths.length} paths`})`, params);
};

const list: Handler<'datasets.list'> = async (_params, ctx) => ({ datasets: await listDatasets(ctx.dataDir) });

const get: Handler<'datasets.get'> = async (params, ctx) => (await readDatasetMeta(ctx.dataDir, params.name)).info;

const remove: Handler<'datasets.delete'> = async (params, ctx) => ({ deleted: await deleteDataset(ctx.dataDir, params.name) });

const exportNvlabs: Handler<'datasets.exportNvlabs'> = async (params, ctx) => exportNvlabsZip(await loadDataset(ctx.dataDir, params.name), ctx.dataDir);

export const datasetsHandlers = {
  'datasets.create': create,
  'datasets.submit': submit,
  'datasets.list': list,
  'datasets.get': get,
  'datasets.delete': remove,
  'datasets.exportNvlabs': exportNvlabs,
};
