// Handler of eigen.components: resolves the series (edit result id or file) and its α values, checks them against
// the series' header, makes a result folder and submits an "eigen" job that runs the analysis in the analysis worker.
import { ApiError } from '../../src-shared/api/errors.js';
import type { Handler } from '../base/handler.js';
import { readJson, resolveArtefact, sidecarOf } from '../direction/artefacts.js';
import { openNpyStack } from '../analysis/npyStack.js';
import { jobsOf } from '../jobs/manager.js';
import { createResult } from '../results/store.js';
import { checkUserPath } from '../security/userPaths.js';
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

const components: Handler<'eigen.components'> = async (params, ctx) => {
  const seriesPath = resolveArtefact(ctx, params.series, 'SERIES.npy');
  const sidecarPath = sidecarOf(seriesPath, 'SERIES.json');
  const sidecar = sidecarPath ? readJson<SeriesJson>(sidecarPath) : null;
  if (sidecar && !(Array.isArray(sidecar.alphas) && sidecar.alphas.every((a) => typeof a === 'number'))) {
    throw new ApiError('bad_input', `${sidecarPath}: "alphas" must be a list of numbers`);
  }
  const synthetic = sidecar?.synthetic === true;
  const alphaUnit = sidecar?.alphaUnit === 'sigma' || sidecar?.alphaUnit === 'raw' ? sidecar.alphaUnit : null;
  const mask = typeof params.mask !== 'string' || params.mask === 'auto' || params.mask === 'none' ? params.mask : checkUserPath(ctx, params.mask, 'mask');
  const fit = sidecar?.preprocessing?.fit === 'crop' ? 'crop' : 'pad';
  // Only NIfTI output needs the source volume; without it a volume not in this catalog just means no placement.
  const placement = sidecar ? await (params.nifti ? placementOf : optionalPlacement)(ctx, sidecar.source?.positions, fit) : null;
  const draft: Omit<EigenTask, 'outDir'> = { params: { ...params, mask }, seriesPath, seriesAlphas: sidecar ? (sidecar.alphas as number[]) : null, alphaUnit, synthetic, placement };
  // Refuse a bad request at once (wrong shape, missing or extra α values, NIfTI without a volume), not as a failed job.
  const stack = openNpyStack(seriesPath);
  let plan;
  try {
    plan = planEigen({ ...draft, outDir: '' }, stack.shape);
  } finally {
    stack.close();
  }
  const { info, dir } = createResult(ctx.dataDir, 'eigen', { synthetic, meta: { series: params.series } });
  const task: EigenTask = { ...draft, outDir: dir };
  const title = `eigencomponents of ${params.series}: ${plan.imageCount} images × ${plan.positions} slice position(s) of ${plan.height}×${plan.width}`;
  const job = jobsOf(ctx).submit('eigen', title, { result: info.id, task: { ...task } });
  return { job, result: info.id };
};

export const eigenHandlers = {
  'eigen.components': components,
};
