// The training worker's one operation: run (or resume) a training run, reporting its setup steps from the first
// second, then every iteration, logged progress and snapshots; a stop request is honoured after the current step.
import type { TrainingConfig } from '../../src-shared/api/training.js';
import type { RunResult, TrainingProgress } from '../ml/training/run.js';
import type { WorkerOp } from '../workers/protocol.js';

export interface TrainingWorkerInput {
  dataDir: string;
  config: TrainingConfig;
  resume: boolean;
}

export type TrainingWorkerProgress =
  /** A setup step before the first iteration (loading the dataset, building networks, the first step's kernels). */
  | { type: 'setup'; message: string }
  /** After every iteration: cheap, so a long first log interval still shows the run moving. */
  | { type: 'iteration'; step: number; kimg: number; totalKimg: number; secondsPerStep: number }
  /** The averaged numbers logged every `logKimg`. */
  | { type: 'progress'; progress: TrainingProgress }
  | { type: 'snapshot'; grid: string; model: string; kimg: number };

export type TrainingWorkerApi = {
  train: WorkerOp<TrainingWorkerInput, { result: RunResult; backend: string }, TrainingWorkerProgress>;
};
