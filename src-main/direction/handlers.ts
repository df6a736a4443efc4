// Handlers of the direction methods: inputs resolved (result id or path), a result folder made, the math run in
// the analysis worker and generation in the ML worker; the main process only moves files and ids.
import { join } from 'node:path';
import { ApiError } from '../../src-shared/api/errors.js';
import type { Handler } from '../base/handler.js';
import { analysisWorkerOf } from '../analysis/workerApi.js';
import { styleganWorkerOf } from '../ml/workerApi.js';
import { findUserModel } from '../models/registry.js';
import { createResult, isResultId, resultRef } from '../results/store.js';
import { checkUserPath } from '../security/userPaths.js';
import { readJson, resolveArtefact, sibling, sidecarOf } from './artefacts.js';
import { buildCohort } from './cohort.js';
import { writeEditSeries } from './editSeries.js';
import { exportSeries, readSeries } from './exportSeries.js';
import type { SeriesSidecar } from './exportSeries.js';

const find: Handler<'direction.find'> = async (params, ctx) => {
  const latentsPath = resolveArtefact(ctx, params.latents, 'latents.npy');
  const usesLabelsFile = params.method !== 'pair' && !params.labelColumn;
  const labelsPath = params.labels ? resolveArtefact(ctx, params.labels, 'labels.npy') : usesLabelsFile ? sibling(latentsPath, 'labels.npy') : null;
  const meta = sibling(latentsPath, 'meta.json');
  const provenance = { latents: params.latents, cohort: isResultId(params.latents) ? params.latents : null, latentSet: meta ? readJson<Record<string, unknown>>(meta) : null };
  const { info, dir } = createResult(ctx.dataDir, 'direction', { synthetic: false, meta: { ...provenance, method: params.method } });
  const value = await analysisWorkerOf(ctx).call('findDirection', {
    params: { ...params, conditions: params.conditions.map((c) => checkUserPath(ctx, c, 'condition direction')) },
    latentsPath,
    labelsPath,
    indexPath: sibling(latentsPath, 'index.csv'),
    editedPath: params.edited ? resolveArtefact(ctx, params.edited, 'latents.npy') : null,
    outDir: dir,
    provenance,
  });
  return { result: resultRef(ctx.dataDir, info.id), ...value };
};

const editSeries: Handler<'direction.editSeries'> = async (params, ctx) => {
  const model = await findUserModel(ctx, params.model);
  const direction = resolveArtefact(ctx, params.direction, 'D.npy');
  const latents = params.source.kind === 'latents' ? resolveArtefact(ctx, params.source.latents, 'latents.npy') : null;
  if (params.source.kind === 'w') checkUserPath(ctx, params.source.path, 'W code');
  const { info, dir } = createResult(ctx.dataDir, 'edit', { synthetic: true, meta: { model: model.id, direction: params.direction, source: params.source } });
  const series = await writeEditSeries(params, model, styleganWorkerOf(ctx), { direction, latents, outDir: dir }, info.id);
  return { result: resultRef(ctx.dataDir, info.id), ...series };
};

const exportSeriesHandler: Handler<'direction.exportSeries'> = (params, ctx) => {
  const seriesPath = resolveArtefact(ctx, params.series, 'SERIES.npy');
  const sidecarPath = sidecarOf(seriesPath, 'SERIES.json');
  if (!sidecarPath) throw new ApiError('bad_input', `${seriesPath}: SERIES.json is missing beside it (α values, model, synthetic flag)`);
  const sidecar = readJson<SeriesSidecar>(sidecarPath);
  const series = readSeries(seriesPath, sidecar);
  const { info, dir } = createResult(ctx.dataDir, 'series-export', { synthetic: true, meta: { series: params.series, format: params.format } });
  exportSeries(series, sidecar, params.format, join(dir, params.format), null);
  return { result: resultRef(ctx.dataDir, info.id), format: params.format, synthetic: true as const };
};

const cohort: Handler<'direction.cohort'> = (params, ctx) => buildCohort(ctx, params);

export const directionHandlers = {
  'direction.cohort': cohort,
  'direction.find': find,
  'direction.editSeries': editSeries,
  'direction.exportSeries': exportSeriesHandler,
};
