// The encoder worker's operations: train (or resume) an encoder, reporting setup steps from the first second and
// every iteration; and encode prepared images in one pass into a latent set. A stop request is honoured after the
// current iteration.
import type { ReconstructionReport } from '../../src-shared/api/encoder.js';
import type { EncoderTrainingSettings } from '../../src-shared/api/encoderSettings.js';
import type { EncoderProgress } from '../ml/encoder/run.js';
import type { WorkerOp } from '../workers/protocol.js';
import type { EncodeLatentSetRequest, EncodeLatentSetResult } from './latentSet.js';

export interface EncoderTrainWorkerInput {
  dataDir: string;
  modelDir: string;
  model: { id: string; name: string };
  dataset: string;
  settings: EncoderTrainingSettings;
  /** The encoder's name: its run folder and its output folder. */
  name: string;
  resume: boolean;
}

export type EncoderTrainWorkerProgress = { type: 'setup'; message: string } | { type: 'iteration'; progress: EncoderProgress };

export type EncoderWorkerApi = {
  train: WorkerOp<EncoderTrainWorkerInput, { outcome: 'done' | 'paused' | 'cancelled'; iteration: number; iterations: number; elapsedSeconds: number | null; report?: ReconstructionReport | null }, EncoderTrainWorkerProgress>;
  encode: WorkerOp<EncodeLatentSetRequest, EncodeLatentSetResult>;
};
