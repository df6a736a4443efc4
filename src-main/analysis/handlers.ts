// Handlers of the analysis methods (image comparison). Directions and eigencomponents have their own capabilities
// (src-main/direction, src-main/eigen) whose math runs in the analysis worker (./worker.ts).
// Every input path is checked against the paths the user chose before any file is opened.
import type { Handler } from '../base/handler.js';
import { checkUserPath } from '../security/userPaths.js';
import { compareImages } from './metrics.js';

const metrics: Handler<'analysis.metrics'> = (params, ctx) => {
  const check = (p: string): string => checkUserPath(ctx, p, 'image');
  return compareImages({ ...params, reference: check(params.reference), test: check(params.test), mask: params.mask && check(params.mask) }, ctx);
};

export const analysisHandlers = {
  'analysis.metrics': metrics,
};
