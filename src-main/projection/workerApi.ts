// The projection worker's operations: project a batch of targets chunk by chunk, reporting every step (with a
// preview image every few steps) and each finished chunk; a stop request ends it after the current step;
// and encode targets in one pass of an encoder (the encoder methods of fidelity reports and cohorts).
import type { ProjectionSettings } from '../../src-shared/api/projectionSettings.js';
import type { WorkerOp } from '../workers/protocol.js';

export interface ProjectionWorkerInput {
  modelDir: string;
  /** count × C × res × res in [−1, 1]. */
  targets: Float32Array;
  count: number;
  settings: ProjectionSettings;
  /** Chunks (of settings.batch images) already finished in an earlier run: skipped. */
  done: number[];
  /** Starting codes count × numWs × wDim (refinement from an encoder's codes); default w_avg. */
  initialWs?: Float32Array;
}

export interface ChunkResult {
  chunk: number;
  start: number;
  count: number;
  ws: Float32Array;
  noise: { sizes: number[]; layers: Float32Array[] };
  images: Float32Array;
  /** Distance per image at the last step. */
  distances: number[];
  lossCurve: number[];
}

export type ProjectionWorkerProgress =
  | { type: 'started'; backend: string; wStd: number }
  | { type: 'step'; chunk: number; chunks: number; step: number; steps: number; distances: number[]; learningRate: number; preview: Float32Array | null }
  | { type: 'chunk'; result: ChunkResult };

export interface EncodeWorkerInput {
  modelDir: string;
  encoderDir: string;
  targets: Float32Array;
  count: number;
}

export type ProjectionWorkerApi = {
  project: WorkerOp<ProjectionWorkerInput, { outcome: 'done' | 'pause' | 'cancel' }, ProjectionWorkerProgress>;
  /** One pass of an encoder then G (constant noise): the codes of an encoder method, refined or not afterwards. */
  encode: WorkerOp<EncodeWorkerInput, { ws: Float32Array; images: Float32Array; seconds: number }>;
};
