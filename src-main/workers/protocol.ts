// The one message protocol between the main process and every worker thread: a worker serves named operations
// (a typed API), each call is matched to its reply by id, may report progress, and can be asked to stop.
import type { ApiErrorCode } from '../../src-shared/api/errors.js';

/** One operation a worker serves: what it receives, what it returns, and what it reports while it runs. */
export interface WorkerOp<Params, Result, Progress = never> {
  params: Params;
  result: Result;
  progress: Progress;
}

/** A worker's API: operation name → its types (see e.g. ml/stylegan2/workerApi.ts). */
export type WorkerApi = Record<string, WorkerOp<unknown, unknown, unknown>>;

export type OpName<A extends WorkerApi> = keyof A & string;

/** What a stop request asks of a running operation; it is honoured at the operation's next step boundary. */
export type StopReason = 'pause' | 'cancel';

export type ToWorker<A extends WorkerApi> =
  | { [K in OpName<A>]: { type: 'call'; id: number; op: K; params: A[K]['params'] } }[OpName<A>]
  | { type: 'stop'; id: number; reason: StopReason };

export type FromWorker<A extends WorkerApi> =
  | { [K in OpName<A>]: { type: 'progress'; id: number; progress: A[K]['progress'] } }[OpName<A>]
  | { [K in OpName<A>]: { type: 'result'; id: number; value: A[K]['result'] } }[OpName<A>]
  | { type: 'error'; id: number; error: { code: ApiErrorCode; message: string } };

/**
 * The buffers a message may hand over instead of copying: typed arrays among the value's own properties (one level
 * down too, e.g. `latents.data`) that own their whole buffer — a view into a larger buffer is copied, never detached.
 */
export function transferables(value: unknown, depth = 1): ArrayBuffer[] {
  if (typeof value !== 'object' || value === null) return [];
  const out = new Set<ArrayBuffer>();
  for (const field of Object.values(value)) {
    if (ArrayBuffer.isView(field)) {
      if (field.buffer instanceof ArrayBuffer && field.byteOffset === 0 && field.byteLength === field.buffer.byteLength) out.add(field.buffer);
    } else if (depth > 0 && typeof field === 'object' && field !== null && !Array.isArray(field)) {
      for (const b of transferables(field, depth - 1)) out.add(b);
    }
  }
  return [...out];
}
