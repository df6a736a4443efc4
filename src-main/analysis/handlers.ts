// Handlers of the analysis methods (image comparison, eigencomponents, latent directions).
// They run synchronously in the calling process; a 15 × 256³ eigen analysis takes seconds (see bench:metrics).
// Every input path is checked against the paths the user chose before any file is opened.
import type { Handler } from '../base/handler.js';
import { checkUserPath } from '../security/userPaths.js';
import { findDirection } from './direction.js';
import { analyseEigen } from './eigen.js';
import { compareImages } from './metrics.js';

const metrics: Handler<'analysis.metrics'> = (params, ctx) => {
  const check = (p: string): string => checkUserPath(ctx, p, 'image');
  return compareImages({ ...params, reference: check(params.reference), test: check(params.test), mask: params.mask && check(params.mask) }, ctx);
};

const eigen: Handler<'analysis.eigen'> = (params, ctx) => {
  const mask = params.mask === 'auto' || params.mask === 'none' ? params.mask : checkUserPath(ctx, params.mask, 'mask');
  return analyseEigen({ ...params, stack: checkUserPath(ctx, params.stack, 'image stack'), mask }, ctx);
};

const direction: Handler<'analysis.direction'> = (params, ctx) => {
  const check = (p: string): string => checkUserPath(ctx, p, 'latents or labels file');
  return findDirection(
    { ...params, latents: check(params.latents), labels: params.labels && check(params.labels), edited: params.edited && check(params.edited), conditions: params.conditions.map(check) },
    ctx,
  );
};

export const analysisHandlers = {
  'analysis.metrics': metrics,
  'analysis.eigen': eigen,
  'analysis.direction': direction,
};
