// The StyleGAN2 worker's operations (tfjs runs only there, so the main process never blocks on a forward pass) and
// the context's one client for it. Float arrays travel as transferable buffers (see workers/protocol.ts).
import type { MlBackendName } from '../../src-shared/api/system.js';
import { ApiError } from '../../src-shared/api/errors.js';
import type { AppContext } from '../base/context.js';
import { WorkerClient } from '../workers/client.js';
import type { WorkerOp } from '../workers/protocol.js';
import type { NoiseMode } from './stylegan2/synthesis.js';
import { numWs } from './stylegan2/config.js';
import type { StyleGan2Config } from './stylegan2/config.js';

export type LatentBatch =
  /** z [count, zDim]: mapped, then truncated by ψ. */
  | { kind: 'z'; data: Float32Array; count: number }
  /** w [count, wDim] (broadcast to every layer) or ws [count, numWs, wDim]: fed to synthesis as is. */
  | { kind: 'w'; data: Float32Array; count: number; perLayer: boolean };

export interface GenerateRequest {
  modelDir: string;
  latents: LatentBatch;
  psi: number;
  cutoff: number | null;
  noiseMode: NoiseMode;
  noiseSeed?: number;
  /**
   * Noise buffers replacing noise_const (noiseMode 'const' only): one [size, size] array per synthesis layer in
   * synthesis order, shared by every image; e.g. the optimised buffers a projection kept in projected_w/<row>.npz.
   */
  noise?: Float32Array[];
  /** Images per forward pass; bounds worker memory. */
  batchSize: number;
}

export interface GenerateResult {
  /** NCHW float32, raw generator output. */
  images: Float32Array;
  shape: [number, number, number, number];
  /** The engine that ran: onnxruntime, or the tfjs backend. */
  backend: MlBackendName | 'onnxruntime';
  elapsedMs: number;
}

/** z → ws through the mapping network (and truncation by ψ): the W code of a seed, e.g. to edit it. */
export interface MapRequest {
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

export interface BackendResult {
  backend: MlBackendName;
  simd: boolean;
  skipped: Array<{ name: MlBackendName; reason: string }>;
}

/** Values per latent row for a model; a batch whose size disagrees is refused, naming both numbers. */
export function latentRowLength(latents: LatentBatch, config: StyleGan2Config): number {
  const rowLength = latents.kind === 'z' ? config.zDim : latents.perLayer ? numWs(config) * config.wDim : config.wDim;
  if (latents.data.length !== latents.count * rowLength) {
    throw new ApiError('bad_input', `latents hold ${latents.data.length} values, expected ${latents.count} × ${rowLength}`);
  }
  return rowLength;
}

/** Environment variable that pins the worker to one backend (tests, benchmarks, troubleshooting). */
export const backendEnvVar = 'LATENTRAD_ML_BACKEND';

// A type alias, not an interface: aliases satisfy the WorkerApi record constraint without an index signature.
export type StyleganWorkerApi = {
  generate: WorkerOp<GenerateRequest, GenerateResult>;
  map: WorkerOp<MapRequest, MapResult>;
  backend: WorkerOp<Record<string, never>, BackendResult>;
};

export type StyleganWorker = WorkerClient<StyleganWorkerApi>;

/** The context's StyleGAN2 worker (started on the first call, ended with the context). */
export function styleganWorkerOf(ctx: AppContext): StyleganWorker {
  return ctx.service('ml.stylegan2Worker', () => new WorkerClient<StyleganWorkerApi>('stylegan2'), (w) => w.close());
}
