// The operations of test/support/ops.worker.ts.
import type { StopReason, WorkerOp } from '../../src-main/workers/protocol.js';

export type OpsWorkerApi = {
  double: WorkerOp<{ values: Float32Array }, { values: Float32Array; received: number }>;
  count: WorkerOp<{ to: number }, { reached: number; stoppedBy: StopReason | null }, { done: number }>;
  fail: WorkerOp<{ message: string }, never>;
  exit: WorkerOp<Record<string, never>, never>;
};
