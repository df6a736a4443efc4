// The main process's handle on one worker thread: typed calls matched to replies by id, progress relayed to the
// caller, stop requests forwarded, errors re-thrown as ApiErrors, and a crash failing every pending call.
import type { Worker } from 'node:worker_threads';
import { ApiError } from '../../src-shared/api/errors.js';
import { spawnWorker } from './spawn.js';
import type { FromWorker, OpName, StopReason, ToWorker, WorkerApi } from './protocol.js';
import { transferables } from './protocol.js';

export interface CallOptions<Progress> {
  onProgress?: (progress: Progress) => void;
}

/** A call in flight: its result, and a way to ask it to stop at its next step boundary. */
export interface RunningCall<Result> {
  result: Promise<Result>;
  stop(reason: StopReason): void;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onProgress?: (progress: unknown) => void;
}

export class WorkerClient<A extends WorkerApi> {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** `name` is a key of src-main/workers/entries.json; the thread starts on the first call. */
  constructor(private readonly name: string, private readonly spawn: (name: string) => Worker = spawnWorker) {}

  /** Calls `op` and resolves with its result. */
  call<K extends OpName<A>>(op: K, params: A[K]['params'], options: CallOptions<A[K]['progress']> = {}): Promise<A[K]['result']> {
    return this.run(op, params, options).result;
  }

  /** Starts `op` and returns its result with a stop handle (for jobs that pause or cancel). */
  run<K extends OpName<A>>(op: K, params: A[K]['params'], options: CallOptions<A[K]['progress']> = {}): RunningCall<A[K]['result']> {
    const worker = this.start();
    const id = this.nextId++;
    worker.ref();
    const result = new Promise<A[K]['result']>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, onProgress: options.onProgress as ((p: unknown) => void) | undefined });
      const message = { type: 'call', id, op, params } as ToWorker<A>;
      worker.postMessage(message, transferables(params));
    }).finally(() => {
      if (this.pending.size === 0) this.worker?.unref();
    });
    return {
      result,
      stop: (reason) => {
        if (this.pending.has(id)) this.worker?.postMessage({ type: 'stop', id, reason } satisfies ToWorker<A>);
      },
    };
  }

  /** Ends the thread; calls still pending fail. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = this.spawn(this.name);
    worker.on('message', (message: FromWorker<A>) => {
      const entry = this.pending.get(message.id);
      if (!entry) return;
      if (message.type === 'progress') {
        entry.onProgress?.(message.progress);
        return;
      }
      this.pending.delete(message.id);
      if (message.type === 'result') entry.resolve(message.value);
      else entry.reject(new ApiError(message.error.code, message.error.message));
    });
    const failAll = (error: Error): void => {
      if (this.worker === worker) this.worker = null;
      for (const entry of this.pending.values()) entry.reject(new ApiError('internal', `the ${this.name} worker stopped: ${error.message}`));
      this.pending.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`exit code ${code}`)));
    // An idle worker must not keep a CLI process alive; pending calls keep it referenced.
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
