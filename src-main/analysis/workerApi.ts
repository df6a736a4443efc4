// The analysis worker's operations: the direction and eigencomponent math runs there, never in the main process
// (an eigen analysis of a 3D series takes seconds to minutes and would freeze the app's IPC meanwhile).
import type { FindOutput } from '../../src-shared/api/direction.js';
import type { EigenOutput } from '../../src-shared/api/eigen.js';
import type { AppContext } from '../base/context.js';
import type { FindTask } from '../direction/find.js';
import type { EigenTask } from '../eigen/components.js';
import { WorkerClient } from '../workers/client.js';
import type { WorkerOp } from '../workers/protocol.js';

export interface AnalysisProgress {
  fraction: number;
  message: string;
}

// A type alias, not an interface: aliases satisfy the WorkerApi record constraint without an index signature.
export type AnalysisWorkerApi = {
  findDirection: WorkerOp<FindTask, Omit<FindOutput, 'result'>>;
  eigenComponents: WorkerOp<EigenTask, Omit<EigenOutput, 'result'>, AnalysisProgress>;
};

export type AnalysisWorker = WorkerClient<AnalysisWorkerApi>;

/** The context's analysis worker (started on the first call, ended with the context). */
export function analysisWorkerOf(ctx: AppContext): AnalysisWorker {
  return ctx.service('analysis.worker', () => new WorkerClient<AnalysisWorkerApi>('analysis'), (w) => w.close());
}
