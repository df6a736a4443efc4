// Job runners of the encoder capability. "encoder-training": runs the encoder worker's training, relays its setup
// steps and iterations (progress, ETA) to the job, forwards pause/cancel; the finished encoder is listed with its
// model. "encode": one pass of the encoder in the worker into a latent set; with refinement, that set is kept in
// encoded/ and the projector starts from its codes, writing the refined latent set (chunks resume as projection's).
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../io/atomicWrite.js';
import { join } from 'node:path';
import { z } from 'zod';
import { encoderTrainingSchema } from '../../src-shared/api/encoderSettings.js';
import { toFloat32 } from '../../src-shared/io/npy.js';
import type { AppContext } from '../base/context.js';
import { readNpy } from '../io/npyFile.js';
import type { JobOutcome, JobRunner } from '../jobs/manager.js';
import { hasEncoderCheckpoint } from '../ml/encoder/checkpointDir.js';
import type { EncoderProgress } from '../ml/encoder/run.js';
import { resultDir } from '../results/store.js';
import { runProjection } from '../projection/run.js';
import { readPlan } from '../projection/service.js';
import { WorkerClient } from '../workers/client.js';
import type { StopReason } from '../workers/protocol.js';
import type { Targets } from '../projection/inputs.js';
import { encoderRunDir, findEncoder } from '../ml/encoder/registry.js';
import type { EncodeLatentSetResult } from './latentSet.js';
import type { EncoderWorkerApi } from './workerApi.js';

/** What an encoder-training job stores as its params (the handler resolved the model). */
export const encoderJobParamsSchema = z.object({
  model: z.object({ id: z.string(), name: z.string() }),
  modelDir: z.string(),
  dataset: z.string(),
  settings: encoderTrainingSchema,
  out: z.string(),
  resume: z.boolean(),
});
export type EncoderJobParams = z.infer<typeof encoderJobParamsSchema>;

/** What an encode job's plan.json carries besides the projection plan (written by the handler). */
export const encodePlanSchema = z.object({
  encoder: z.object({ name: z.string() }),
  refine: z.number().int().min(0),
  model: z.object({ id: z.string(), name: z.string(), location: z.enum(['data', 'embedded']) }),
});

const pollMs = 500;
/** Each iteration report is a job-table write: at most one per second (the first always). */
const reportMs = 1000;

export function encoderProgressMessage(p: EncoderProgress): string {
  return `iteration ${p.iteration}/${p.iterations} · synthetic ${p.losses.synthetic.total.toFixed(3)} · real ${p.losses.real.total.toFixed(3)} · ${p.imagesPerSecond.toFixed(1)} img/s`;
}

/** Relays a job's pause/cancel request to a running worker call (polled, as a CLI in another process may ask). */
function relayStop(reporter: Parameters<JobRunner>[1], stop: (r: StopReason) => void): () => void {
  let sent = false;
  const timer = setInterval(() => {
    const request = reporter.requested();
    if (request && !sent) {
      sent = true;
      stop(request);
    }
  }, pollMs);
  return () => clearInterval(timer);
}

export function encoderTrainingRunner(dataDir: string): JobRunner {
  return async (job, reporter, options): Promise<JobOutcome> => {
    const params = encoderJobParamsSchema.parse(job.params);
    // A job interrupted before its first checkpoint starts over instead of failing to resume.
    const resume = (params.resume || options.resume) && hasEncoderCheckpoint(join(encoderRunDir(dataDir, params.out), 'checkpoint'));
    const worker = new WorkerClient<EncoderWorkerApi>('encoder');
    let lastReport = 0;
    const call = worker.run(
      'train',
      { dataDir, modelDir: params.modelDir, model: params.model, dataset: params.dataset, settings: params.settings, name: params.out, resume },
      {
        onProgress: (p) => {
          if (p.type === 'setup') {
            reporter.progress({}, 0, p.message, null);
            return;
          }
          const q = p.progress;
          if (lastReport > 0 && Date.now() - lastReport < reportMs && q.iteration < q.iterations) return;
          lastReport = Date.now();
          reporter.progress({ step: q.iteration, imagesPerSecond: q.imagesPerSecond }, Math.min(1, q.iteration / q.iterations), encoderProgressMessage(q), q.etaSeconds);
        },
      },
    );
    const stopRelay = relayStop(reporter, (r) => call.stop(r));
    try {
      const r = await call.result;
      if (r.outcome !== 'done') return { state: r.outcome, message: `${r.outcome} at iteration ${r.iteration}/${r.iterations} (checkpoint saved; resume continues)` };
      const rep = r.report;
      const reportText = rep ? `; held-out SSIM real ${rep.real.meanSsim.toFixed(3)}, synthetic ${rep.synthetic.meanSsim.toFixed(3)}${rep.refined ? `, refined (${rep.refined.steps} steps) ${rep.refined.real.meanSsim.toFixed(3)}` : ''}` : '';
      return {
        state: 'done',
        message: `done: encoder "${params.out}" for ${params.model.name}, ${r.iteration} iterations in ${((r.elapsedSeconds ?? 0) / 60).toFixed(1)} min${reportText}`,
        result: { encoder: params.out, model: params.model.id, report: rep ?? null },
      };
    } finally {
      stopRelay();
      await worker.close();
    }
  };
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The one-pass numbers of an encoded latent set: per-row SSIM/MSE (index.csv) and the timing in meta.json. */
async function onePassOf(dir: string): Promise<{ metrics: Array<{ ssim: number; mse: number }>; secondsPerImage: Record<string, number> }> {
  const rows = (await readFile(join(dir, 'index.csv'), 'utf8')).trim().split('\n');
  const header = rows[0].split(',');
  const [s, m] = [header.indexOf('ssim'), header.indexOf('mse')];
  // Item names may be quoted and contain commas, but ssim and mse are the last two columns.
  const metrics = rows.slice(1).map((line) => {
    const f = line.split(',');
    return { ssim: Number(f[f.length - header.length + s]), mse: Number(f[f.length - header.length + m]) };
  });
  const meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as { secondsPerImage: Record<string, number> };
  return { metrics, secondsPerImage: meta.secondsPerImage };
}

export function encodeRunner(ctx: AppContext): JobRunner {
  return async (job, reporter): Promise<JobOutcome> => {
    const id = String(job.params.result);
    const plan = await readPlan(resultDir(ctx.dataDir, id));
    const extra = encodePlanSchema.parse(plan.meta);
    const started = Date.now();
    // Refinement keeps the one-pass latent set beside the refined one, so the report compares the two.
    const passDir = extra.refine > 0 ? join(plan.dir, 'encoded') : plan.dir;
    let pass: EncodeLatentSetResult | null = null;
    if (!existsSync(join(passDir, 'meta.json'))) {
      reporter.progress({}, 0, `encoding ${plan.count} image${plan.count === 1 ? '' : 's'} with encoder "${extra.encoder.name}"`, null);
      const worker = new WorkerClient<EncoderWorkerApi>('encoder');
      try {
        const preparation = { source: plan.meta.preparation, ...(plan.meta.preprocessing ? { preprocessing: plan.meta.preprocessing } : {}) } as Targets['preparation'];
        const encoder = findEncoder(ctx.dataDir, { ...extra.model, dir: plan.modelDir }, extra.encoder.name);
        await mkdir(passDir, { recursive: true });
        pass = await worker.call('encode', { dir: passDir, modelDir: plan.modelDir, encoderDir: encoder.dir, model: extra.model, targets: { data: plan.targets.slice(), count: plan.count, rows: plan.rows, preparation } });
      } finally {
        await worker.close();
      }
    }
    let metrics = pass?.metrics ?? null;
    if (extra.refine > 0) {
      const initialWs = toFloat32(await readNpy(join(passDir, 'latents.npy')));
      const outcome = await runProjection(
        { ...plan, initialWs },
        {
          progress: (p) => reporter.progress({ step: p.step, lossG: p.loss }, p.fraction, `refining: ${p.message}`, p.etaSeconds),
          requested: () => reporter.requested(),
        },
      );
      if (outcome.state !== 'done') return { state: outcome.state, message: `${outcome.state}; the encoded codes and finished chunks are kept (resume continues) — result ${id}` };
      metrics = outcome.metrics;
    }
    const onePass = await onePassOf(passDir);
    metrics ??= onePass.metrics;
    const summary = {
      result: id,
      count: plan.count,
      method: extra.refine > 0 ? 'encode+refine' : 'encode',
      meanSsim: mean(metrics.map((m) => m.ssim)),
      meanMse: mean(metrics.map((m) => m.mse)),
      ...(extra.refine > 0 ? { encoded: { meanSsim: mean(onePass.metrics.map((m) => m.ssim)), meanMse: mean(onePass.metrics.map((m) => m.mse)) }, refineSteps: extra.refine } : {}),
      secondsPerImage: { ...onePass.secondsPerImage, ...(extra.refine > 0 && pass ? { total: (Date.now() - started) / 1000 / plan.count } : {}) },
      rows: plan.rows.map((r, i) => ({ ...r, ...metrics[i] })),
    };
    await writeFileAtomic(join(plan.dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    return { state: 'done', message: `done: ${plan.count} image${plan.count === 1 ? '' : 's'}, mean SSIM ${summary.meanSsim.toFixed(3)}${summary.encoded ? ` (one pass ${summary.encoded.meanSsim.toFixed(3)})` : ''} — result ${id}` };
  };
}
