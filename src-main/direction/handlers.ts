// Handlers of the direction methods: inputs resolved (result id or path), a result folder made, the math run in
// the analysis worker and generation in the ML worker; the main process only moves files and ids.
import { join } from 'node:path';
import { ApiError } from '../../src-shared/api/errors.js';
import type { Handler } from '../base/handler.js';
import { analysisWorkerOf } from '../analysis/workerApi.js';
import { findUserModel } from '../models/registry.js';
import { createResult, isResultId, resultRef } from '../results/store.js';
import { checkUserPath } from '../security/userPaths.js';
import { readJson, resolveArtefact, sibling, sidecarOf } from './artefacts.js';
import { startCohort } from './cohortJob.js';
import { findEncoder } from '../ml/encoder/registry.js';
import { startEdit } from './editJob.js';
import { exportSeries, readSeries } from './exportSeries.js';
import type { SeriesArray, SeriesSidecar } from './exportSeries.js';
import { referenceIndex } from '../../src-shared/analysis/edit.js';
import type { AppContext } from '../base/context.js';
import { dicomUidsOf } from '../catalog/queries.js';
import { catalogOf } from '../catalog/service.js';
import { newUid } from '../io/dicomWrite.js';
import { linkPair } from './pairs.js';

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

const editSeries: Handler<'direction.editSeries'> = (params, ctx) => startEdit(ctx, params);

/** SERIES.npy of an edit result or path, with its sidecar (refused without one: α values and the synthetic flag). */
function seriesOf(ctx: AppContext, ref: string): { series: SeriesArray; sidecar: SeriesSidecar } {
  const seriesPath = resolveArtefact(ctx, ref, 'SERIES.npy');
  const sidecarPath = sidecarOf(seriesPath, 'SERIES.json');
  if (!sidecarPath) throw new ApiError('bad_input', `${seriesPath}: SERIES.json is missing beside it (α values, model, synthetic flag)`);
  const sidecar = readJson<SeriesSidecar>(sidecarPath);
  return { series: readSeries(seriesPath, sidecar), sidecar };
}

const exportSeriesHandler: Handler<'direction.exportSeries'> = (params, ctx) => {
  const { series, sidecar } = seriesOf(ctx, params.series);
  // A series made from a catalogued DICOM series stays in its study and references it.
  const sourceItem = sidecar.source?.positions[0]?.item;
  const dicomSource = params.format === 'dicom' && sourceItem ? dicomUidsOf(catalogOf(ctx).db, sourceItem) : null;
  const seriesUid = params.format === 'dicom' ? newUid() : null;
  const { info, dir } = createResult(ctx.dataDir, 'series-export', { synthetic: true, meta: { series: params.series, format: params.format } });
  exportSeries(series, sidecar, params.format, join(dir, params.format), dicomSource, seriesUid ?? undefined);
  return { result: resultRef(ctx.dataDir, info.id), format: params.format, seriesUid, synthetic: true as const };
};

const seriesDifference: Handler<'direction.seriesDifference'> = (params, ctx) => {
  const { series, sidecar } = seriesOf(ctx, params.series);
  const [K, S, H, W] = series.shape;
  const size = S * H * W;
  const reference = referenceIndex(sidecar.alphas);
  const base = series.data.subarray(reference * size, (reference + 1) * size);
  let scale = 0;
  const maps = Array.from({ length: K }, (_, k) =>
    Array.from(series.data.subarray(k * size, (k + 1) * size), (v, i) => {
      const d = v - base[i];
      if (Math.abs(d) > scale) scale = Math.abs(d);
      return d;
    }),
  );
  return { alphas: sidecar.alphas, alphaUnit: sidecar.alphaUnit === 'raw' ? 'raw' : 'sigma', referenceIndex: reference, shape: series.shape, maps, scale, synthetic: true as const };
};

const cohort: Handler<'direction.cohort'> = async (params, ctx) => {
  // The model is resolved (and a directory reference checked against the user's choices) before anything is counted;
  // an encoder method's encoder too, so a model without one fails the call, not the job.
  const model = await findUserModel(ctx, params.model);
  if (params.method !== 'project') findEncoder(ctx.dataDir, model, params.encoder);
  return startCohort(ctx, params);
};

const linkPairHandler: Handler<'direction.linkPair'> = (params, ctx) => linkPair(ctx, params);

export const directionHandlers = {
  'direction.linkPair': linkPairHandler,
  'direction.cohort': cohort,
  'direction.find': find,
  'direction.editSeries': editSeries,
  'direction.exportSeries': exportSeriesHandler,
  'direction.seriesDifference': seriesDifference,
};
