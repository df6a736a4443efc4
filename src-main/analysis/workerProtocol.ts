// Messages of the analysis worker: the cohort, direction and eigencomponent math runs there, never in the main
// process (an eigen analysis of a 3D series takes seconds to minutes and would freeze the app's IPC).
import type { ApiErrorCode } from '../../src-shared/api/errors.js';
import type { FindOutput } from '../../src-shared/api/direction.js';
import type { EigenOutput } from '../../src-shared/api/eigen.js';
import type { FindTask } from '../direction/find.js';
import type { EigenTask } from '../eigen/components.js';

export type AnalysisRequest = { op: 'direction.find'; task: FindTask } | { op: 'eigen.components'; task: EigenTask };

export type AnalysisResultOf<R extends AnalysisRequest> = R extends { op: 'direction.find' } ? Omit<FindOutput, 'resultId'> : Omit<EigenOutput, 'resultId'>;

export type AnalysisMessage =
  | { type: 'progress'; fraction: number; message: string }
  | { type: 'result'; value: unknown }
  | { type: 'error'; error: { code: ApiErrorCode; message: string } };
