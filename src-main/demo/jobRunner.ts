// The demo as a job of kind "demo": demo.start makes a result folder and submits the job; the runner runs the
// pipeline through an in-process API client (passed in by the app, which owns the dispatcher) and writes
// report.html and demo.json into the result. Pause or cancel stop it between steps; resume runs it again.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LatentRadClient } from '../../src-shared/api/contract.js';
import { demoInputSchema } from '../../src-shared/api/demo.js';
import type { DemoOutcome } from '../../src-shared/api/demo.js';
import type { AppContext } from '../base/context.js';
import type { Handler } from '../base/handler.js';
import { appVersion } from '../base/paths.js';
import type { JobOutcome, JobRunner } from '../jobs/manager.js';
import { jobsOf } from '../jobs/manager.js';
import { createResult, resultDir } from '../results/store.js';
import { checkUserPath } from '../security/userPaths.js';
import { demoReportHtml } from './reportHtml.js';
import { DemoStopped, runDemo } from './run.js';

export const startDemo: Handler<'demo.start'> = (params, ctx) => {
  const input = { ...params, ...(params.ixiDir ? { ixiDir: checkUserPath(ctx, params.ixiDir, 'IXI folder') } : {}) };
  const { info } = createResult(ctx.dataDir, 'demo', { synthetic: true, meta: { settings: input } });
  const job = jobsOf(ctx).submit('demo', `demo: every analysis on the demo study${input.recompute ? ' (cohort recomputed)' : ''}${input.reproject ? ' (projected again)' : ''}`, { result: info.id, input });
  return { job, result: info.id };
};

export function demoRunner(ctx: AppContext, client: () => LatentRadClient): JobRunner {
  return async (job, reporter): Promise<JobOutcome> => {
    const id = String(job.params.result);
    const settings = demoInputSchema.parse(job.params.input);
    const started = Date.now();
    try {
      const run = await runDemo(client(), ctx, settings, {
        progress: (fraction, message) => {
          const elapsed = (Date.now() - started) / 1000;
          reporter.progress({}, fraction, message, fraction > 0.05 ? (elapsed * (1 - fraction)) / fraction : null);
        },
        requested: () => reporter.requested(),
      });
      const dir = resultDir(ctx.dataDir, id);
      writeFileSync(join(dir, 'report.html'), demoReportHtml(run, `LatentRad ${appVersion()}`, new Date()));
      const { fidelity, ageing, series, eigen } = run;
      const numbers = {
        fidelity: { result: fidelity.result, projection: fidelity.projection.source, rows: fidelity.report.rows.map((r) => ({ copy: r.copy, ssim: r.vsOriginal.ssim, mse: r.vsOriginal.mse })), lesion: fidelity.report.lesion },
        ageing: { cohort: ageing.cohort.source, method: ageing.direction.method, samples: ageing.direction.samples, train: ageing.direction.train, validation: ageing.direction.validation, sigma: ageing.direction.sigma, confounders: ageing.direction.confounders },
        chest: run.chest.note,
        series: { result: series.info.result.id, alphas: series.info.alphas, unit: series.info.alphaUnit },
        eigen: { result: eigen.output.result.id, linearCheck: eigen.output.linearCheck, polynomial: eigen.output.positions[0]?.polynomial ?? [] },
      };
      writeFileSync(join(dir, 'demo.json'), JSON.stringify({ synthetic: true, settings, steps: run.steps, numbers }, null, 2));
      const outcome: DemoOutcome = { result: id, report: 'report.html', steps: run.steps };
      return { state: 'done', message: `done in ${((Date.now() - started) / 1000).toFixed(0)} s — report.html in result ${id}`, result: outcome };
    } catch (error) {
      if (error instanceof DemoStopped) return { state: error.request === 'pause' ? 'paused' : 'cancelled', message: `${error.message}; resume runs the demo again` };
      throw error;
    }
  };
}
