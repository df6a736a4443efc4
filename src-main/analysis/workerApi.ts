// The analysis worker's operations: image metrics, the direction and eigencomponent math run there, never in the main
// process (SSIM of a large image or an eigen analysis of a 3D series takes seconds and would freeze the app's IPC).
import type { MetricsOutput } from '../../src-shared/api/analysis.js';
import type { MethodParams } from '../../src-shared/api/contract.js';
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
  /** analysis.metrics on files the handler has checked; its result folder goes into `dataDir`. */
  metrics: WorkerOp<{ params: MethodParams<'analysis.metrics'>; dataDir: string }, MetricsOutput>;
  findDirection: WorkerOp<FindTask, Omit<FindOutput, 'result'>>;
  /** `stop` is a shared flag (set to 1 to stop) the analysis polls between blocks of voxels. */
  eigenComponents: WorkerOp<{ task: EigenTask; stop: Int32Array }, Omit<EigenOutput, 'result'>, AnalysisProgress>;
};

export type AnalysisWorker = WorkerClient<AnalysisWorkerApi>;

/** The context's analysis worker (started on the first call, ended with the context). */
export function analysisWorkerOf(ctx: AppContext): AnalysisWorker {
  return ctx.service('analysis.worker', () => new WorkerClient<AnalysisWorkerApi>('analysis'), (w) => w.close());
}
