// Handlers of results.get and results.list: results are read by id, never by path.
import type { Handler } from '../base/handler.js';
import { listResults, readResult } from './store.js';

const get: Handler<'results.get'> = (params, ctx) => readResult(ctx.dataDir, params.id);

const list: Handler<'results.list'> = (params, ctx) => ({ results: listResults(ctx.dataDir, params.kind) });

export const resultsHandlers = {
  'results.get': get,
  'results.list': list,
};
