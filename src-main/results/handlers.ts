// Handlers of results.get, results.list and results.saveAs: results are read by id, never by path; a copy leaves
// the data directory only to a path the user picked in the native save dialog (the caller never names it).
import { copyFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ApiError } from '../../src-shared/api/errors.js';
import type { Handler } from '../base/handler.js';
import { listResults, readResult, resultFile } from './store.js';

const get: Handler<'results.get'> = (params, ctx) => readResult(ctx.dataDir, params.id);

const list: Handler<'results.list'> = (params, ctx) => ({ results: listResults(ctx.dataDir, params.kind) });

const saveAs: Handler<'results.saveAs'> = async (params, ctx) => {
  const source = resultFile(ctx.dataDir, params.id, params.file);
  if (!ctx.host.dialogs) throw new ApiError('unavailable', 'a save dialog exists only in the desktop app; download the file (GET /results/<id>/<file>) or copy it with the CLI (--out)');
  const target = await ctx.host.dialogs.save(basename(source));
  if (target === null) return { path: null };
  try {
    await copyFile(source, target);
  } catch (error) {
    throw new ApiError('bad_input', `${target}: could not save ${params.file} of result ${params.id} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return { path: target };
};

export const resultsHandlers = {
  'results.get': get,
  'results.list': list,
  'results.saveAs': saveAs,
};
