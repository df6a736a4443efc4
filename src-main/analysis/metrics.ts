// The work of analysis.metrics (runs in the analysis worker): loads two images (and a mask), computes one comparison
// metric and writes the requested maps (SSIM map or signed difference as .npy, diverging PNG, overlay PNG) into a new result.
import { join } from 'node:path';
import { ApiError } from '../../src-shared/api/errors.js';
import { differenceMap, overlayDifference, renderDiverging } from '../../src-shared/analysis/differenceMap.js';
import { mse, nrmse, psnr, rmse } from '../../src-shared/analysis/errorMetrics.js';
import type { GreyImage, Mask } from '../../src-shared/analysis/image.js';
import { maskCount } from '../../src-shared/analysis/image.js';
import { msSsim, ssim } from '../../src-shared/analysis/ssim.js';
import { createResult, resultRef } from '../results/store.js';
import type { MethodParams } from '../../src-shared/api/contract.js';
import type { MetricsOutput } from '../../src-shared/api/analysis.js';
import { assertFiniteValues, isSyntheticInput, readGreyImage, readMask, writeNpy, writeRgbaPng } from './files.js';

type Params = MethodParams<'analysis.metrics'>;

function requireRange(params: Params): number {
  if (params.dataRange === undefined) {
    throw new ApiError('bad_input', `${params.metric} needs an explicit data range (e.g. 255 for 8-bit, 1 for [0, 1] images): pass --data-range`);
  }
  return params.dataRange;
}

/** JSON has no infinity: PSNR of identical images is reported as null. */
const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

function scalarMetric(params: Params, a: GreyImage, b: GreyImage, mask?: Mask): number {
  switch (params.metric) {
    case 'mse':
      return mse(a, b, mask);
    case 'rmse':
      return rmse(a, b, mask);
    case 'psnr':
      return psnr(a, b, requireRange(params), mask);
    case 'nrmse':
      return nrmse(a, b, params.nrmseNormalization, mask);
    default:
      throw new ApiError('internal', `${params.metric} is not a scalar pixel metric`);
  }
}

/** Compares the files named in `params` (paths already checked by the handler); a result folder goes into `dataDir`. */
export function compareImages(params: Params, dataDir: string): MetricsOutput {
  const a = readGreyImage(params.reference);
  const b = readGreyImage(params.test);
  assertFiniteValues(a.data, params.reference);
  assertFiniteValues(b.data, params.test);
  if (a.width !== b.width || a.height !== b.height) {
    throw new ApiError('bad_input', `${params.test}: ${b.width}×${b.height} does not match ${params.reference} (${a.width}×${a.height})`);
  }
  const mask = params.mask ? readMask(params.mask, a.width, a.height) : undefined;
  const out: MetricsOutput = { metric: params.metric, value: null, width: a.width, height: a.height };
  const wants = new Set(params.maps);
  if (mask) out.maskPixels = maskCount(mask, mask.length);
  if (mask && out.maskPixels === 0) throw new ApiError('bad_input', `${params.mask}: the mask selects no pixels`);
  let ssimMap: Float64Array | undefined;
  try {
    if (params.metric === 'ssim') {
      const result = ssim(a, b, { variant: params.variant, dataRange: requireRange(params), mask });
      Object.assign(out, { variant: params.variant, dataRange: params.dataRange, cropPx: result.cropPx });
      out.value = mask ? finite(result.maskedMean ?? Number.NaN) : result.mean;
      if (mask) out.wholeImageValue = result.mean;
      if (wants.has('map')) ssimMap = result.map;
    } else if (params.metric === 'msssim') {
      if (mask) throw new ApiError('bad_input', 'MS-SSIM has no masked form here; drop --mask or use ssim');
      const result = msSsim(a, b, { dataRange: requireRange(params) });
      Object.assign(out, { value: result.value, dataRange: params.dataRange, msssimScales: result.scales });
    } else {
      out.value = finite(scalarMetric(params, a, b, mask));
      if (params.metric === 'psnr') out.dataRange = params.dataRange;
      if (mask) out.wholeImageValue = finite(scalarMetric(params, a, b));
    }
  } catch (error) {
    if (error instanceof RangeError) throw new ApiError('bad_input', `${params.reference} vs ${params.test}: ${error.message}`);
    throw error;
  }
  if (wants.size === 0) return out;
  const synthetic = isSyntheticInput(params.reference) || isSyntheticInput(params.test);
  const { info, dir } = createResult(dataDir, 'metrics', { synthetic, meta: { metric: params.metric, reference: params.reference, test: params.test, mask: params.mask } });
  if (ssimMap) writeNpy(join(dir, 'map.npy'), ssimMap, [a.height, a.width]);
  if (wants.has('difference') || wants.has('overlay') || (wants.has('map') && params.metric !== 'ssim')) {
    const diff = differenceMap(a, b, { mask, scale: params.differenceScale, percentile: params.differencePercentile });
    out.difference = { scale: diff.scale, scaleSource: diff.scaleSource, min: diff.minSigned, max: diff.maxSigned };
    if (wants.has('map') && params.metric !== 'ssim') writeNpy(join(dir, 'map.npy'), diff.signed, [a.height, a.width]);
    if (wants.has('difference')) writeRgbaPng(join(dir, 'difference.png'), a.width, a.height, renderDiverging(diff.signed, diff.scale), synthetic);
    if (wants.has('overlay')) {
      let low = Infinity;
      let high = -Infinity;
      for (let i = 0; i < a.data.length; i++) {
        low = Math.min(low, a.data[i]);
        high = Math.max(high, a.data[i]);
      }
      writeRgbaPng(join(dir, 'overlay.png'), a.width, a.height, overlayDifference(a, diff, { low, high }), synthetic);
    }
  }
  out.result = resultRef(dataDir, info.id);
  return out;
}
