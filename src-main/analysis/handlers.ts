// Handlers of the analysis methods (image comparison). Directions and eigencomponents have their own capabilities
// (src-main/direction, src-main/eigen); all of their math runs in the analysis worker (./worker.ts), never here.
// Every input path is checked against the paths the user chose before any file is opened.
import type { Handler } from '../base/handler.js';
import { statRegularFile } from '../io/readFile.js';
import { checkUserPath } from '../security/userPaths.js';
import { analysisWorkerOf } from './workerApi.js';

const metrics: Handler<'analysis.metrics'> = async (params, ctx) => {
  const check = (p: string): string => checkUserPath(ctx, p, 'image');
  const checked = { ...params, reference: check(params.reference), test: check(params.test), mask: params.mask && check(params.mask) };
  // A missing file, a folder or a FIFO is refused at once, without waiting for the worker thread to start.
  for (const path of [checked.reference, checked.test, checked.mask]) if (path) await statRegularFile(path);
  return analysisWorkerOf(ctx).call('metrics', { params: checked, dataDir: ctx.dataDir });
};

export const analysisHandlers = {
  'analysis.metrics': metrics,
};
