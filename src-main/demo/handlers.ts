// Handlers of the demo capability: demo.start (the pipeline runs as a job, see jobRunner.ts) and demo.report.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../src-shared/api/errors.js';
import type { Handler } from '../base/handler.js';
import { resultDir } from '../results/store.js';
import { startDemo } from './jobRunner.js';

const report: Handler<'demo.report'> = (params, ctx) => {
  if (!params.result.startsWith('demo-')) throw new ApiError('bad_input', `${params.result}: not a demo result`);
  const path = join(resultDir(ctx.dataDir, params.result), 'report.html');
  if (!existsSync(path)) throw new ApiError('not_found', `${params.result}: the demo has not written its report yet`);
  return { result: params.result, html: readFileSync(path, 'utf8') };
};

export const demoHandlers = {
  'demo.start': startDemo,
  'demo.report': report,
};
