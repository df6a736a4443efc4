// The job runner for kind "training": runs the training worker, relays its setup steps, iterations and logged
// progress to the job, forwards pause/cancel, and hands the finished G_ema to `registerModel` (the models
// registry, wired in by src-main/api/app.ts).
import { trainingConfigSchema } from '../../src-shared/api/training.js';
import type { JobProgressDetail } from '../../src-shared/api/jobs.js';
import type { JobOutcome, JobRunner } from '../jobs/manager.js';
import { runExists } from '../ml/training/runDir.js';
import type { TrainingProgress } from '../ml/training/run.js';
import { WorkerClient } from '../workers/client.js';
import type { StopReason } from '../workers/protocol.js';
import type { TrainingWorkerApi, TrainingWorkerProgress } from './workerApi.js';

export function progressMessage(p: TrainingProgress): string {
  const r1 = p.r1 === null ? '' : ` r1 ${p.r1.toFixed(3)}`;
  const digits = p.totalKimg < 1 ? 3 : 2;
  return `${p.kimg.toFixed(digits)}/${p.totalKimg} kimg · G ${p.lossG.toFixed(3)} · D ${p.lossD.toFixed(3)}${r1} · ADA p ${p.adaP.toFixed(3)} · ${p.imagesPerSecond.toFixed(1)} img/s (${p.itPerSecond.toFixed(2)} it/s)`;
}

/** How often the runner checks the job table for pause/cancel requests from other processes. */
const pollMs = 500;
/** Iteration reports are cheap in the worker but each one is a job-table write here: at most one per second. */
const iterationReportMs = 1000;

export interface TrainingRunnerOptions {
  /** Registers the finished G_ema (a model directory) under `name`; resolves to the new model's id. */
  registerModel(modelDir: string, name: string): Promise<string>;
}

export function trainingRunner(dataDir: string, wiring: TrainingRunnerOptions): JobRunner {
  return async (job, reporter, options): Promise<JobOutcome> => {
    const config = trainingConfigSchema.parse(job.params);
    // A job interrupted before its first checkpoint starts over instead of failing to resume.
    const resume = options.resume && runExists(dataDir, config.out);
    const worker = new WorkerClient<TrainingWorkerApi>('training');
    let logged: { detail: JobProgressDetail; message: string } | null = null;
    let lastIterationReport = 0;
    const onProgress = (p: TrainingWorkerProgress): void => {
      if (p.type === 'setup') reporter.progress({}, 0, p.message, null);
      else if (p.type === 'progress') {
        const q = p.progress;
        logged = {
          detail: { kimg: q.kimg, totalKimg: q.totalKimg, step: q.step, lossG: q.lossG, lossD: q.lossD, r1: q.r1 ?? undefined, adaP: q.adaP, imagesPerSecond: q.imagesPerSecond, itPerSecond: q.itPerSecond },
          message: progressMessage(q),
        };
        reporter.progress(logged.detail, Math.min(1, q.kimg / q.totalKimg), logged.message, q.etaSeconds);
      } else if (p.type === 'iteration' && Date.now() - lastIterationReport >= iterationReportMs) {
        lastIterationReport = Date.now();
        const remainingSteps = ((p.totalKimg - p.kimg) * 1000) / config.batch;
        const message = logged ? logged.message : `step ${p.step} · ${p.kimg.toFixed(3)}/${p.totalKimg} kimg · ${p.secondsPerStep.toFixed(2)} s/step`;
        reporter.progress({ ...logged?.detail, kimg: p.kimg, totalKimg: p.totalKimg, step: p.step }, Math.min(1, p.kimg / p.totalKimg), message, Math.max(0, remainingSteps * p.secondsPerStep));
      }
    };
    const call = worker.run('train', { dataDir, config, resume }, { onProgress });
    let sentStop: StopReason | null = null;
    const timer = setInterval(() => {
      const request = reporter.requested();
      if (request && !sentStop) {
        sentStop = request;
        call.stop(request);
      }
    }, pollMs);
    try {
      const { result: r } = await call.result;
      if (r.outcome !== 'done' || !r.modelDir) {
        return { state: r.outcome === 'cancelled' ? 'cancelled' : 'paused', message: `${r.outcome} at ${r.kimg.toFixed(2)} kimg (checkpoint saved)` };
      }
      const modelId = await wiring.registerModel(r.modelDir, config.out);
      return { state: 'done', message: `done: ${r.kimg.toFixed(3)} kimg in ${(r.elapsedSeconds / 60).toFixed(1)} min; model ${modelId}` };
    } finally {
      clearInterval(timer);
      await worker.close();
    }
  };
}
