// The worker side of the protocol: a worker entry calls serveWorker with one handler per operation; each handler
// gets its params and a context to report progress and to see whether it was asked to stop.
import { parentPort } from 'node:worker_threads';
import { ApiError } from '../../src-shared/api/errors.js';
import type { FromWorker, OpName, StopReason, ToWorker, WorkerApi } from './protocol.js';
import { transferables } from './protocol.js';

export interface OpContext<Progress> {
  progress(progress: Progress): void;
  /** The pending stop request, polled by the handler at its step boundaries. */
  stopRequested(): StopReason | null;
  /** Aborted when a stop request arrives (its reason is the StopReason), for code that takes an AbortSignal. */
  signal: AbortSignal;
}

export type WorkerHandlers<A extends WorkerApi> = {
  [K in OpName<A>]: (params: A[K]['params'], ctx: OpContext<A[K]['progress']>) => Promise<A[K]['result']> | A[K]['result'];
};

/** Serves `handlers` on this worker thread's parent port. */
export function serveWorker<A extends WorkerApi>(handlers: WorkerHandlers<A>): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorker must run in a worker thread');
  // A worker shares the CLI's stdout, which carries JSON lines under --json: library chatter goes to stderr.
  console.log = (...args: unknown[]): void => console.error(...args);
  console.info = console.log;
  const stops = new Map<number, AbortController>();
  const send = (message: FromWorker<A>): void => port.postMessage(message, message.type === 'result' ? transferables(message.value) : []);

  port.on('message', (message: ToWorker<A>) => {
    if (message.type === 'stop') {
      stops.get(message.id)?.abort(message.reason);
      return;
    }
    const { id } = message;
    const controller = new AbortController();
    stops.set(id, controller);
    const handler = handlers[message.op] as (params: unknown, ctx: OpContext<unknown>) => unknown;
    const ctx: OpContext<unknown> = {
      progress: (progress) => send({ type: 'progress', id, progress } as FromWorker<A>),
      stopRequested: () => (controller.signal.aborted ? (controller.signal.reason as StopReason) : null),
      signal: controller.signal,
    };
    Promise.resolve()
      .then(() => {
        if (!handler) throw new ApiError('internal', `this worker has no operation "${message.op}"`);
        return handler(message.params, ctx);
      })
      .then(
        (value) => send({ type: 'result', id, value } as FromWorker<A>),
        (error: unknown) => send({ type: 'error', id, error: error instanceof ApiError ? { code: error.code, message: error.message } : { code: 'internal', message: error instanceof Error ? error.message : String(error) } }),
      )
      .finally(() => stops.delete(id));
  });
}
