// `latentrad demo`: runs every analysis on the demo study shipped with the app (a job, followed with progress),
// then copies the result folder — report.html, demo.json — to --out.
import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ApiError } from '../../../src-shared/api/errors.js';
import { followJob, showProgress } from '../followJob.js';
import { runWith } from '../runtime.js';
import { numberOption } from '../numberOption.js';
import { demoInputSchema } from '../../../src-shared/api/demo.js';


export function registerDemoCommands(program: Command): void {
  program
    .command('demo')
    .description('run the demo: import → projection with fidelity report → ageing direction → edit series → eigencomponents on real data; one HTML report')
    .option('--out <dir>', 'folder the report (report.html, demo.json) is copied to', 'latentrad-demo')
    .option('--steps <n>', 'projection steps of the fidelity step (the full schedule is 1000; the demo ships a projection made with 200)', numberOption('--steps', demoInputSchema.shape.steps), 200)
    .option('--reproject', 'project the patient again instead of reusing the projection shipped with the demo (made with the default --steps)')
    .option('--recompute', 'remake the ageing cohort\'s codes instead of using the cached ones shipped with the demo')
    .option('--ixi <dir>', 'with --recompute: the IXI T1 volumes and their labels.csv', join('..', 'shared', 'data', 'ixi'))
    .option('--cohort-steps <n>', 'with --recompute: projection steps of the cohort codes', numberOption('--cohort-steps', demoInputSchema.shape.cohortSteps), 200)
    .action(async (opts: { out: string; steps: number; reproject?: boolean; recompute?: boolean; ixi: string; cohortSteps: number }, command: Command) => {
      await runWith(
        command,
        async (rt) => {
          const tty = process.stderr.isTTY && !rt.json;
          let lastStep = '';
          let result = '';
          const job = await followJob(
            rt.client,
            async () => {
              const started = await rt.client.call('demo.start', { steps: opts.steps, reproject: Boolean(opts.reproject), recompute: Boolean(opts.recompute), cohortSteps: opts.cohortSteps, ...(opts.recompute ? { ixiDir: resolve(opts.ixi) } : {}) });
              result = started.result;
              return started.job;
            },
            {
              onEvent: (event) => {
                if (tty) return showProgress(event, true);
                // Without a terminal: one line per step, not one per projection step.
                const stepName = event.message.split(':')[0];
                if (!rt.json && stepName !== lastStep) process.stderr.write(`${event.message}\n`);
                lastStep = stepName;
              },
              interrupt: { method: 'jobs.cancel', notice: 'cancelling after the current step...' },
            },
          );
          if (tty) process.stderr.write('\n');
          if (job.state === 'failed') throw new ApiError('internal', job.error ?? job.message);
          if (job.state !== 'done') throw new ApiError('cancelled', job.message);
          const out = resolve(opts.out);
          cpSync(join(rt.ctx.dataDir, 'results', result), out, { recursive: true });
          return { result, out, report: join(out, 'report.html'), outcome: job.result };
        },
        (r) => `demo done: ${r.report}`,
      );
    });
}
