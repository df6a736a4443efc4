// The job runner for kind "training": runs the training worker, relays progress to the job, forwards pause/cancel,
// and hands the finished G_ema to `registerModel` (the models registry, wired in by src-main/api/app.ts).
import type { Worker } from 'node:worker_threads';
import { trainingConfigSchema } from '../../src-shared/api/training.js';
import type { JobOutcome, JobRunner } from '../jobs/manager.js';
import { spawnWorker } from '../workers/spawn.js';
import { runExists } from '../ml/training/run.js';
import type { TrainingProgress } from '../ml/training/run.js';
import type { TrainingWorkerInput, TrainingWorkerMessage } from './worker.js';

export function progressMessage(p: TrainingProgress): string {
  const r1 = p.r1 === null ? '' : ` r1 ${p.r1.toFixed(3)}`;
  const digits = p.totalKimg < 1 ? 3 : 2;
  return `${p.kimg.toFixed(digits)}/${p.totalKimg} kimg · G ${p.lossG.toFixed(3)} · D ${p.lossD.toFixed(3)}${r1} · ADA p ${p.adaP.toFixed(3)} · ${p.imagesPerSecond.toFixed(1)} img/s (${p.itPerSecond.toFixed(2)} it/s)`;
}

/** How often the runner checks the job table for pause/cancel requests from other processes. */
const pollMs = 500;

/** The training worker thread (TypeScript source under tsx, or the bundled worker in the built app). */
export function spawnTrainingWorker(input: TrainingWorkerInput): Worker {
  return spawnWorker('training', { workerData: input });
}

export interface TrainingRunnerOptions {
  /** Registers the finished G_ema (a model directory) under `name`; resolves to the new model's id. */
  registerModel(modelDir: string, name: string): Promise<string>;
  spawn?: (input: TrainingWorkerInput) => Worker;
}

export function trainingRunner(dataDir: string, wiring: TrainingRunnerOptions): JobRunner {
  const spawn = wiring.spawn ?? spawnTrainingWorker;
  return (job, reporter, options) =>
    new Promise<JobOutcome>((resolve, reject) => {
      const config = trainingConfigSchema.parse(job.params);
      // A job interrupted before its first checkpoint starts over instead of failing to resume.
      const resume = options.resume && runExists(dataDir, config.out);
      const worker = spawn({ dataDir, config, resume });
      let settled = false;
      let sentStop = false;
      // After the result the worker may exit while the model is still being registered: not an error.
      let gotResult = false;
      const finish = (f: () => void): void => {
        if (settled) return;
        settled = true;
        clearInterval(timer);
        void worker.terminate();
        f();
      };
      const timer = setInterval(() => {
        const request = reporter.requested();
        if (request && !sentStop) {
          sentStop = true;
          worker.postMessage({ type: 'stop', reason: request });
        }
      }, pollMs);
      worker.on('message', (msg: TrainingWorkerMessage) => {
        if (msg.type === 'progress') {
          const p = msg.progress;
          reporter.progress(
            { kimg: p.kimg, totalKimg: p.totalKimg, step: p.step, lossG: p.lossG, lossD: p.lossD, r1: p.r1 ?? undefined, adaP: p.adaP, imagesPerSecond: p.imagesPerSecond, itPerSecond: p.itPerSecond },
            Math.min(1, p.kimg / p.totalKimg),
            progressMessage(p),
            p.etaSeconds,
          );
        } else if (msg.type === 'error') {
          finish(() => reject(new Error(msg.message)));
        } else if (msg.type === 'result') {
          gotResult = true;
          const r = msg.result;
          if (r.outcome !== 'done' || !r.modelDir) {
            finish(() => resolve({ state: r.outcome === 'cancelled' ? 'cancelled' : 'paused', message: `${r.outcome} at ${r.kimg.toFixed(2)} kimg (checkpoint saved)` }));
            return;
          }
          const modelDir = r.modelDir;
          wiring.registerModel(modelDir, config.out).then(
            (modelId) => finish(() => resolve({ state: 'done', message: `done: ${r.kimg.toFixed(3)} kimg in ${(r.elapsedSeconds / 60).toFixed(1)} min; model ${modelId}` })),
            (error: unknown) => finish(() => reject(error instanceof Error ? error : new Error(String(error)))),
          );
        }
      });
      worker.on('error', (error) => finish(() => reject(error)));
      worker.on('exit', (code) => {
        if (!gotResult) finish(() => reject(new Error(`training worker exited (code ${code}) without a result`)));
      });
    });
}
