// The main process's handle on the StyleGAN2 worker thread: one lazily started worker per app context, requests
// matched to replies by id, errors re-thrown as ApiErrors, and a crash failing every pending request.
import type { Worker } from 'node:worker_threads';
import { ApiError } from '../../src-shared/api/errors.js';
import type { AppContext } from '../base/context.js';
import { spawnWorker } from '../workers/spawn.js';
import type { WorkerEnvelope, WorkerReply, WorkerRequest, WorkerResultOf } from './workerProtocol.js';

export const styleganWorkerName = 'stylegan2';

export class StyleganWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = spawnWorker(styleganWorkerName);
    worker.on('message', (reply: WorkerReply) => {
      const entry = this.pending.get(reply.id);
      if (!entry) return;
      this.pending.delete(reply.id);
      if (reply.ok) entry.resolve(reply.value);
      else entry.reject(new ApiError(reply.error.code, reply.error.message));
    });
    const failAll = (error: Error): void => {
      for (const entry of this.pending.values()) entry.reject(new ApiError('internal', `the ML worker stopped: ${error.message}`));
      this.pending.clear();
      this.worker = null;
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`exit code ${code}`)));
    // An idle worker must not keep a CLI process alive; pending requests keep it referenced.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  call<R extends WorkerRequest>(request: R): Promise<WorkerResultOf<R>> {
    const worker = this.start();
    const id = this.nextId++;
    worker.ref();
    return new Promise<WorkerResultOf<R>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      const envelope: WorkerEnvelope = { id, request };
      const transfer = request.op === 'generate' ? [request.latents.data.buffer as ArrayBuffer] : [];
      worker.postMessage(envelope, transfer);
    }).finally(() => {
      if (this.pending.size === 0) this.worker?.unref();
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }
}

export function styleganWorkerOf(ctx: AppContext): StyleganWorker {
  return ctx.service('ml.stylegan2Worker', () => new StyleganWorker(), (w) => w.close());
}
