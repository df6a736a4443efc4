// Handler of eigen.components: resolves the series (edit result id, file or catalog series) and its α values, checks
// them against the series' header (or the catalog's rows), makes a result folder and submits an "eigen" job that runs
// the analysis in the analysis worker.
import { join } from 'node:path';
import { ApiError } from '../../src-shared/api/errors.js';
import type { MethodOutput } from '../../src-shared/api/contract.js';
import type { AppContext } from '../base/context.js';
import type { Handler } from '../base/handler.js';
import { readJson, resolveArtefact, sidecarOf } from '../direction/artefacts.js';
import { openNpyStack } from '../analysis/npyStack.js';
import { jobsOf } from '../jobs/manager.js';
import { createResult } from '../results/store.js';
import { catalogOf } from '../catalog/service.js';
import { checkUserPath } from '../security/userPaths.js';
import { catalogSeriesStack, catalogStackFile, isCatalogSeriesRef } from './catalogSeries.js';
import { planEigen } from './components.js';
import type { EigenTask } from './components.js';
import { optionalPlacement, placementOf } from './placement.js';

interface SeriesJson {
  alphas?: unknown;
  alphaUnit?: unknown;
  synthetic?: unknown;
  source?: { positions?: unknown };
  /** The builder's fit of the model's images, when the series records it (default: the builder's default, pad). */
  preprocessing?: { fit?: unknown };
}

/** A task before its result folder exists (and, for a catalog series, before its stack file is named). */
type Draft = Omit<EigenTask, 'outDir' | 'seriesPath'>;

/** Checks a request against its stack's layout, makes the result folder and submits the job. */
function submit(ctx: AppContext, draft: Draft, seriesPath: string | null, shape: readonly number[]): MethodOutput<'eigen.components'> {
  const { params } = draft;
  // Refuse a bad request at once (wrong shape, missing or extra α values, NIfTI without a volume), not as a failed job.
  const plan = planEigen({ ...draft, seriesPath: seriesPath ?? '', outDir: '' }, shape);
  const meta = { series: params.series, ...(draft.catalogSeries ? { catalogSeries: draft.catalogSeries.id } : {}) };
  const { info, dir } = createResult(ctx.dataDir, 'eigen', { synthetic: draft.synthetic, meta });
  // A catalog series is stacked by the job into the result folder: the analysis reads that file like any stack.
  const task: EigenTask = { ...draft, seriesPath: seriesPath ?? join(dir, catalogStackFile), outDir: dir };
  const what = draft.catalogSeries ? `${params.series} (${draft.catalogSeries.label})` : params.series;
  const title = `eigencomponents of ${what}: ${plan.imageCount} images × ${plan.positions} slice position(s) of ${plan.height}×${plan.width}`;
  const job = jobsOf(ctx).submit('eigen', title, { result: info.id, task: { ...task } });
  return { job, result: info.id };
}

const components: Handler<'eigen.components'> = async (params, ctx) => {
  const mask = typeof params.mask !== 'string' || params.mask === 'auto' || params.mask === 'none' ? params.mask : checkUserPath(ctx, params.mask, 'mask');
  if (isCatalogSeriesRef(params.series)) {
    const catalogSeries = catalogSeriesStack(catalogOf(ctx).db, params.series);
    // Given α values have the user's unit, which the request does not state.
    const draft: Draft = { params: { ...params, mask }, seriesAlphas: null, alphaUnit: params.alphas ? null : 'frame index', synthetic: catalogSeries.synthetic, placement: null, catalogSeries };
    return submit(ctx, draft, null, [catalogSeries.frames.length, 1, catalogSeries.height, catalogSeries.width]);
  }
  const seriesPath = resolveArtefact(ctx, params.series, 'SERIES.npy');
  const sidecarPath = sidecarOf(seriesPath, 'SERIES.json');
  const sidecar = sidecarPath ? readJson<SeriesJson>(sidecarPath) : null;
  if (sidecar && !(Array.isArray(sidecar.alphas) && sidecar.alphas.every((a) => typeof a === 'number'))) {
    throw new ApiError('bad_input', `${sidecarPath}: "alphas" must be a list of numbers`);
  }
  const synthetic = sidecar?.synthetic === true;
  const alphaUnit = sidecar?.alphaUnit === 'sigma' || sidecar?.alphaUnit === 'raw' ? sidecar.alphaUnit : null;
  const fit = sidecar?.preprocessing?.fit === 'crop' ? 'crop' : 'pad';
  // Only NIfTI output needs the source volume; without it a volume not in this catalog just means no placement.
  const placement = sidecar ? await (params.nifti ? placementOf : optionalPlacement)(ctx, sidecar.source?.positions, fit) : null;
  const draft: Draft = { params: { ...params, mask }, seriesAlphas: sidecar ? (sidecar.alphas as number[]) : null, alphaUnit, synthetic, placement };
  const stack = openNpyStack(seriesPath);
  let shape: readonly number[];
  try {
    shape = stack.shape;
  } finally {
    stack.close();
  }
  return submit(ctx, draft, seriesPath, shape);
};

export const eigenHandlers = {
  'eigen.components': components,
};
