// Dataset API handlers: build, list, inspect, delete and export datasets in the data directory.
import { resolve } from 'node:path';
import type { Handler } from '../api/dispatcher.js';
import { catalogOf } from '../catalog/service.js';
import { pixelsOf } from '../pixels/service.js';
import { buildDataset } from './build.js';
import { catalogInputs } from './catalogSource.js';
import { exportNvlabsZip } from './nvlabs.js';
import { deleteDataset, listDatasets, loadDataset, readDatasetMeta } from './store.js';

const create: Handler<'datasets.create'> = (params, ctx) =>
  // One build path for both sources: a catalog selection only changes where the inputs and labels come from.
  buildDataset(ctx.dataDir, params, undefined, params.source.kind === 'catalog' ? catalogInputs(catalogOf(ctx).db, pixelsOf(ctx), params.source) : undefined);

const list: Handler<'datasets.list'> = async (_params, ctx) => ({ datasets: await listDatasets(ctx.dataDir) });

const get: Handler<'datasets.get'> = async (params, ctx) => (await readDatasetMeta(ctx.dataDir, params.name)).info;

const remove: Handler<'datasets.delete'> = async (params, ctx) => ({ deleted: await deleteDataset(ctx.dataDir, params.name) });

const exportNvlabs: Handler<'datasets.exportNvlabs'> = async (params, ctx) => exportNvlabsZip(await loadDataset(ctx.dataDir, params.name), resolve(params.out));

export const datasetsHandlers = {
  'datasets.create': create,
  'datasets.list': list,
  'datasets.get': get,
  'datasets.delete': remove,
  'datasets.exportNvlabs': exportNvlabs,
};
