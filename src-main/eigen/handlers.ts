// Handler of eigen.components: resolves the series (edit result id or file) and its α values, makes a result
// folder, and runs the analysis in the analysis worker.
import { ApiError } from '../../src-shared/api/errors.js';
import type { Handler } from '../base/handler.js';
import { analysisWorkerOf } from '../analysis/workerApi.js';
import { readJson, resolveArtefact, sidecarOf } from '../direction/artefacts.js';
import { createResult, resultRef } from '../results/store.js';
import { checkUserPath } from '../security/userPaths.js';

interface SeriesJson {
  alphas?: unknown;
  synthetic?: unknown;
}

const components: Handler<'eigen.components'> = async (params, ctx) => {
  const seriesPath = resolveArtefact(ctx, params.series, 'SERIES.npy');
  const sidecarPath = sidecarOf(seriesPath, 'SERIES.json');
  const sidecar = sidecarPath ? readJson<SeriesJson>(sidecarPath) : null;
  if (sidecar && !(Array.isArray(sidecar.alphas) && sidecar.alphas.every((a) => typeof a === 'number'))) {
    throw new ApiError('bad_input', `${sidecarPath}: "alphas" must be a list of numbers`);
  }
  const synthetic = sidecar?.synthetic === true;
  const { info, dir } = createResult(ctx.dataDir, 'eigen', { synthetic, meta: { series: params.series } });
  const mask = params.mask === 'auto' || params.mask === 'none' ? params.mask : checkUserPath(ctx, params.mask, 'mask');
  const value = await analysisWorkerOf(ctx).call('eigenComponents', { params: { ...params, mask }, seriesPath, seriesAlphas: sidecar ? (sidecar.alphas as number[]) : null, synthetic, outDir: dir });
  return { result: resultRef(ctx.dataDir, info.id), ...value };
};

export const eigenHandlers = {
  'eigen.components': components,
};
