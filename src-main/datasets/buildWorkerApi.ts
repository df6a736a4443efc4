// The dataset worker's one operation (a whole build: reading, slicing, resampling, writing) and the context's client
// for it: a build at 256² with lanczos is about a second of arithmetic per volume and must not hold up the app's IPC.
import type { DatasetCreateInput, DatasetInfo } from '../../src-shared/api/datasets.js';
import type { AppContext } from '../base/context.js';
import { WorkerClient } from '../workers/client.js';
import type { WorkerOp } from '../workers/protocol.js';

/** A build whose input paths the main process has checked against the paths the user chose. */
export interface BuildTask {
  dataDir: string;
  spec: DatasetCreateInput;
}

/** How a build ended: written, or stopped on request between inputs with nothing written. */
export type BuildOutcome = { state: 'done'; info: DatasetInfo } | { state: 'stopped'; done: number; total: number };

/** Reported before each input (`path` is the input being read) and before writing (`path` empty). */
export interface BuildStep {
  done: number;
  total: number;
  path: string;
}

export type DatasetWorkerApi = {
  build: WorkerOp<BuildTask, BuildOutcome, BuildStep>;
};

export type DatasetWorker = WorkerClient<DatasetWorkerApi>;

/** The context's dataset worker (its thread starts with the first build and ends with the context). */
export function datasetWorkerOf(ctx: AppContext): DatasetWorker {
  return ctx.service('datasets.worker', () => new WorkerClient<DatasetWorkerApi>('datasets'), (w) => w.close());
}
