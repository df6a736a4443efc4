// Messages between the main process and the StyleGAN2 worker thread (tfjs runs only there, so the main process
// never blocks on a forward pass). Float arrays travel as transferable buffers.
import type { ApiErrorCode } from '../../src-shared/api/errors.js';
import type { MlBackendName } from '../../src-shared/api/system.js';
import type { NoiseMode } from './stylegan2/synthesis.js';

export type LatentBatch =
  /** z [count, zDim]: mapped, then truncated by ψ. */
  | { kind: 'z'; data: Float32Array; count: number }
  /** w [count, wDim] (broadcast to every layer) or ws [count, numWs, wDim]: fed to synthesis as is. */
  | { kind: 'w'; data: Float32Array; count: number; perLayer: boolean };

export interface GenerateRequest {
  op: 'generate';
  modelDir: string;
  latents: LatentBatch;
  psi: number;
  cutoff: number | null;
  noiseMode: NoiseMode;
  noiseSeed?: number;
  /** Images per forward pass; bounds worker memory. */
  batchSize: number;
}

export interface GenerateResult {
  /** NCHW float32, raw generator output. */
  images: Float32Array;
  shape: [number, number, number, number];
  backend: MlBackendName;
  elapsedMs: number;
}

/** z → ws through the mapping network (and truncation by ψ): the W code of a seed, e.g. to edit it. */
export interface MapRequest {
  op: 'map';
  modelDir: string;
  z: Float32Array;
  count: number;
  psi: number;
}

export interface MapResult {
  /** [count, numWs, wDim]. */
  ws: Float32Array;
  shape: [number, number, number];
}

export interface BackendRequest {
  op: 'backend';
}

export interface BackendResult {
  backend: MlBackendName;
  simd: boolean;
  skipped: Array<{ name: MlBackendName; reason: string }>;
}

export type WorkerRequest = GenerateRequest | MapRequest | BackendRequest;
export type WorkerResultOf<R extends WorkerRequest> = R extends GenerateRequest ? GenerateResult : R extends MapRequest ? MapResult : BackendResult;

export type WorkerEnvelope = { id: number; request: WorkerRequest };
export type WorkerReply =
  | { id: number; ok: true; value: GenerateResult | MapResult | BackendResult }
  | { id: number; ok: false; error: { code: ApiErrorCode; message: string } };

/** Environment variable that pins the worker to one backend (tests, benchmarks, troubleshooting). */
export const backendEnvVar = 'LATENTRAD_ML_BACKEND';
