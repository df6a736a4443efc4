// The job runner for kind "projection": runs (or resumes) the plan stored in the job's result folder, reports
// progress with the loss and an ETA, writes summary.json and caches catalog items' projections; chunks projected
// before (same pixels, model, settings) are reused, not recomputed (./reuse.ts).
import { writeFileAtomic } from '../io/atomicWrite.js';
import { join } from 'node:path';
import type { AppContext } from '../base/context.js';
import type { JobOutcome, JobRunner } from '../jobs/manager.js';
import { resultDir } from '../results/store.js';
import type { FidelityLayout } from './fidelityPlan.js';
import { writeFidelityReport } from './report.js';
import { runProjection } from './run.js';
import { reuseCachedChunks, recordRows } from './reuse.js';
import { cacheRows, readPlan } from './service.js';

type Job = Parameters<JobRunner>[0];
type Reporter = Parameters<JobRunner>[1];

/**
 * What a finished run leaves in its job's result for time estimates of later runs (the fidelity panel's "about N min"):
 * the model and the measured seconds per image·step on this machine, when this run projected anything itself.
 */
function timingResult(plan: Awaited<ReturnType<typeof readPlan>>, outcome: Awaited<ReturnType<typeof runProjection>>): Record<string, unknown> {
  if (outcome.state !== 'done' || !outcome.timing || outcome.timing.imageSteps === 0) return {};
  const { id } = plan.meta.model as { id: string };
  return { model: id, secondsPerImageStep: outcome.timing.seconds / outcome.timing.imageSteps, imageSteps: outcome.timing.imageSteps };
}

/** Both kinds run (or resume) the plan stored in the job's result folder, with the loss and ETA as progress. */
async function runStoredPlan(ctx: AppContext, job: Job, reporter: Reporter): Promise<{ id: string; plan: Awaited<ReturnType<typeof readPlan>>; outcome: Awaited<ReturnType<typeof runProjection>> }> {
  const id = String(job.params.result);
  const plan = await readPlan(resultDir(ctx.dataDir, id));
  const reused = await reuseCachedChunks(ctx, plan);
  if (reused > 0) reporter.progress({}, 0, `reused ${reused} of ${plan.count} projection${plan.count === 1 ? '' : 's'} from earlier results (same pixels, model and settings)`, null);
  const outcome = await runProjection(plan, {
    progress: (p) => reporter.progress({ step: p.step, lossG: p.loss }, p.fraction, p.message, p.etaSeconds),
    requested: () => reporter.requested(),
  });
  if (outcome.state === 'done') recordRows(ctx, plan, id, outcome.metrics);
  return { id, plan, outcome };
}

export function projectionRunner(ctx: AppContext): JobRunner {
  return async (job, reporter): Promise<JobOutcome> => {
    const { id, plan, outcome } = await runStoredPlan(ctx, job, reporter);
    if (outcome.state !== 'done') return { state: outcome.state, message: `${outcome.state}; finished chunks are kept (resume continues) — result ${id}` };
    const model = (plan.meta.model as { id: string }).id;
    cacheRows(ctx, plan, model, id, outcome.metrics);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const summary = {
      result: id,
      count: plan.count,
      meanSsim: mean(outcome.metrics.map((m) => m.ssim)),
      meanMse: mean(outcome.metrics.map((m) => m.mse)),
      rows: plan.rows.map((r, i) => ({ ...r, ...outcome.metrics[i] })),
      meta: plan.meta,
    };
    await writeFileAtomic(join(plan.dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    return { state: 'done', message: `done: ${plan.count} image${plan.count === 1 ? '' : 's'}, mean SSIM ${summary.meanSsim.toFixed(3)}, MSE ${summary.meanMse.toExponential(2)} — result ${id}`, result: { result: id, ...timingResult(plan, outcome) } };
  };
}

/** The job runner for kind "fidelity": the projection of the images and their copies, then the report. */
export function fidelityRunner(ctx: AppContext): JobRunner {
  return async (job, reporter): Promise<JobOutcome> => {
    const { id, plan, outcome } = await runStoredPlan(ctx, job, reporter);
    if (outcome.state !== 'done') return { state: outcome.state, message: `${outcome.state}; finished chunks are kept (resume continues) — result ${id}` };
    reporter.progress({}, 1, 'writing the report', null);
    const report = await writeFidelityReport(plan, id, plan.meta.fidelity as FidelityLayout);
    return { state: 'done', message: `done: mean SSIM ${report.meanSsim.toFixed(3)}, MSE ${report.meanMse.toExponential(2)} over ${report.rows.filter((r) => r.kind === 'original').length} image(s) — report ${id}`, result: { result: id, ...timingResult(plan, outcome) } };
  };
}
