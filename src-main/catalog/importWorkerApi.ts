// The import worker's one operation (walking folders and parsing headers off the main thread) and the context's
// client for it.
import type { ImportProgress, ImportSummary } from '../../src-shared/api/catalog.js';
import type { AppContext } from '../base/context.js';
import { WorkerClient } from '../workers/client.js';
import type { WorkerOp } from '../workers/protocol.js';

export interface ImportWorkerInput {
  dataDir: string;
  paths: string[];
  copy: boolean;
  runId: string;
}

export type ImportWorkerApi = {
  import: WorkerOp<ImportWorkerInput, ImportSummary, ImportProgress>;
};

export type ImportWorker = WorkerClient<ImportWorkerApi>;

/** The context's import worker (its thread starts with the first import and ends with the context). */
export function importWorkerOf(ctx: AppContext): ImportWorker {
  return ctx.service('catalog.importWorker', () => new WorkerClient<ImportWorkerApi>('catalog-import'), (w) => w.close());
}
