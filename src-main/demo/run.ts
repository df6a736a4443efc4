// The demo pipeline: copies the demo study into the data directory, imports it, then runs each analysis through
// the same API the panels and the CLI use (so the demo shows the product, not a copy of it), and collects what the
// report needs. Every step reports progress; a pause or cancel request stops it between steps.
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LatentRadClient } from '../../src-shared/api/contract.js';
import { awaitJob, importPaths } from '../../src-shared/api/awaitJob.js';
import type { JobEvent } from '../../src-shared/api/awaitJob.js';
import type { demoInputSchema } from '../../src-shared/api/demo.js';
import type { CohortBuilt, FindOutput, SeriesInfo } from '../../src-shared/api/direction.js';
import type { EigenOutput } from '../../src-shared/api/eigen.js';
import { runEigen } from '../../src-shared/api/eigenJob.js';
import { runEditSeries } from '../../src-shared/api/editJob.js';
import { ApiError } from '../../src-shared/api/errors.js';
import type { FidelityReport } from '../../src-shared/api/fidelityReport.js';
import { fidelityReportSchema } from '../../src-shared/api/fidelityReport.js';
import type { Job } from '../../src-shared/api/jobs.js';
import type { z } from 'zod';
import type { AppContext } from '../base/context.js';
import { resultDir } from '../results/store.js';
import type { CachedProjectionInfo } from './projectionCache.js';
import { cachedProjectionMismatch, readCachedProjection, sameLatents, seedCachedProjection } from './projectionCache.js';
import { demoStudy } from './study.js';

export type DemoSettings = z.output<typeof demoInputSchema>;

export interface DemoHooks {
  /** Overall fraction 0..1 and what is happening. */
  progress(fraction: number, message: string): void;
  /** A pending pause/cancel request: the demo stops before its next step. */
  requested(): 'pause' | 'cancel' | null;
}

export interface DemoStep {
  name: string;
  seconds: number;
  note: string;
}

/** Everything the report shows, with the result ids it came from. */
export interface DemoRun {
  settings: DemoSettings;
  studyDir: string;
  imported: { files: number; errors: number };
  fidelity: { result: string; report: FidelityReport; dir: string; projection: DemoProjection };
  ageing: { direction: FindOutput; cohort: { source: 'cached' | 'recomputed'; path: string; meta: Record<string, unknown> } };
  chest: { direction: FindOutput | null; note: string; cohort: { path: string; meta: Record<string, unknown> } | null };
  series: { info: SeriesInfo; frames: string[]; dir: string };
  eigen: { output: EigenOutput; dir: string };
  steps: DemoStep[];
}

/** Where the fidelity step's projection came from: the one shipped with the demo study, or this run. */
export interface DemoProjection {
  source: 'cached' | 'computed';
  /** Why, in a sentence for the report. */
  note: string;
  /** How the shipped projection was made (when it was used). */
  made: CachedProjectionInfo['made'] | null;
}

export class DemoStopped extends Error {
  constructor(readonly request: 'pause' | 'cancel') {
    super(`demo ${request === 'pause' ? 'paused' : 'cancelled'} between steps`);
  }
}

/** Step weights of the overall progress (the projection dominates). */
const weights = { import: 0.03, fidelity: 0.55, ageing: 0.12, chest: 0.03, series: 0.12, eigen: 0.15 } as const;
type StepName = keyof typeof weights;

export const demoModel = 'ixi-t1-64-train130';
export const chestModelName = 'chest-xray-64';
/** Cached codes of held-out chest films (NORMAL vs PNEUMONIA) in the chest model, made by `latentrad cohort`. */
export const chestCohortDir = 'cohort-chest-class';
/** The demo's patient: a 23-year-old held-out subject (young, so the ageing direction has somewhere to go). */
export const demoPatient = 'IXI039-HH-1261_T1.nii.gz';
/** One perturbation and a lesion-style mask, on the model's [−1, 1] scale. */
export const demoPerturbation = { kind: 'gaussian', sigma: 0.1 } as const;
export const demoLesion = { kind: 'synthetic', x: 40, y: 30, r: 5, contrast: 0.6 } as const;

export async function runDemo(client: LatentRadClient, ctx: AppContext, settings: DemoSettings, hooks: DemoHooks): Promise<DemoRun> {
  const { dataDir } = ctx;
  const steps: DemoStep[] = [];
  let done = 0;
  async function step<T>(name: StepName, label: string, body: (sub: (fraction: number, message: string) => void) => Promise<{ value: T; note: string }>): Promise<T> {
    const asked = hooks.requested();
    if (asked) throw new DemoStopped(asked);
    const started = performance.now();
    const sub = (fraction: number, message: string): void => hooks.progress(done + weights[name] * Math.max(0, Math.min(1, fraction)), `${label}: ${message}`);
    sub(0, 'starting');
    const { value, note } = await body(sub);
    steps.push({ name: label, seconds: (performance.now() - started) / 1000, note });
    done += weights[name];
    hooks.progress(done, `${label}: done`);
    return value;
  }
  /** Follows a sub-job, forwarding its progress; anything but done is an error naming the job. */
  const follow = async (submit: () => Promise<Job>, sub: (f: number, m: string) => void): Promise<Job> => {
    const job = await awaitJob(client, submit, { onEvent: (e: JobEvent) => sub(e.fraction ?? 0, e.message) });
    if (job.state !== 'done') throw new ApiError('internal', `${job.kind} job ${job.id} ${job.state}: ${job.error ?? job.message}`);
    return job;
  };

  const study = demoStudy(dataDir);
  const imported = await step('import', 'import', async () => {
    cpSync(study.source, study.dir, { recursive: true, force: true });
    const summary = await importPaths(client, { paths: [study.ixiDir, study.cxrDir], copy: false });
    return { value: { files: summary.files, errors: summary.errors.length }, note: `${summary.files} files of the demo study looked at, ${summary.imported} newly catalogued, ${summary.errors.length} errors` };
  });

  const fidelity = await step('fidelity', 'projection and fidelity report', async (sub) => {
    // The shipped projection is offered to the job's cache; the job decides by its own key (pixels, model, settings).
    const shipped = readCachedProjection(study.dir);
    let seeded: string | null = null;
    let why = '';
    if (settings.reproject) why = 'asked to project again';
    else if (!shipped) why = 'no projection is shipped with the demo study';
    else {
      why = (await cachedProjectionMismatch(ctx, shipped.info, demoModel, settings.steps)) ?? '';
      if (!why) seeded = await seedCachedProjection(ctx, shipped);
    }
    let result = '';
    await follow(async () => {
      const started = await client.call('projection.fidelity', {
        model: demoModel,
        source: { kind: 'items', items: [{ item: join(study.ixiDir, demoPatient) }] },
        settings: { space: 'wplus', steps: settings.steps },
        perturbations: [demoPerturbation],
        lesion: demoLesion,
      });
      result = started.result;
      return started.job;
    }, sub);
    const dir = resultDir(dataDir, result);
    const report = fidelityReportSchema.parse(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')));
    const reused = seeded !== null && sameLatents(dataDir, result, seeded);
    const projection: DemoProjection = reused
      ? { source: 'cached', note: `reused the projection shipped with the demo study (result ${seeded})`, made: shipped?.info.made ?? null }
      : { source: 'computed', note: `projected in this run (${seeded ? 'the shipped projection did not match these inputs' : why})`, made: null };
    return { value: { result, report, dir, projection }, note: `W+, ${settings.steps} steps, ${projection.note}: SSIM ${report.rows[0].vsOriginal.ssim.toFixed(3)} for the original slice` };
  });

  const ageing = await step('ageing', 'ageing direction (young vs old)', async (sub) => {
    let latents = join(study.dir, 'cohort-ixi-age', 'latents.npy');
    let source: 'cached' | 'recomputed' = 'cached';
    if (settings.recompute) {
      if (!settings.ixiDir || !existsSync(join(settings.ixiDir, 'labels.csv'))) throw new ApiError('bad_input', `${settings.ixiDir ?? '(no IXI folder given)'}: recomputing the cohort needs the IXI T1 volumes with their labels.csv`);
      sub(0, `importing ${settings.ixiDir}`);
      await importPaths(client, { paths: [settings.ixiDir], copy: false });
      let cohort = '';
      const job = await follow(async () => {
        const started = await client.call('direction.cohort', { model: demoModel, groupA: ['age<35'], groupB: ['age>60'], settings: { space: 'w', noise: 'const', steps: settings.cohortSteps } });
        if (!started.job || !started.result) throw new ApiError('internal', 'the cohort call started no job');
        cohort = started.result;
        return started.job;
      }, sub);
      const built = job.result as CohortBuilt | null;
      latents = join(resultDir(dataDir, built?.result ?? cohort), 'latents.npy');
      source = 'recomputed';
    } else if (!existsSync(latents)) {
      throw new ApiError('not_found', `${latents}: the cached cohort codes are missing from the demo study; run the demo with --recompute`);
    }
    const meta = JSON.parse(readFileSync(join(latents, '..', 'meta.json'), 'utf8')) as Record<string, unknown>;
    const direction = await client.call('direction.find', { latents, method: 'lda', confounders: ['sex'] });
    const v = direction.validation;
    return {
      value: { direction, cohort: { source, path: latents, meta } },
      note: `LDA on ${direction.samples} ${source} codes: held-out AUC ${v?.auc?.toFixed(2) ?? '–'}, separation ${v?.separation?.toFixed(2) ?? '–'}`,
    };
  });

  const chest = await step<DemoRun['chest']>('chest', 'NORMAL/PNEUMONIA direction', async () => {
    const { models } = await client.call('models.list', {});
    const model = models.find((m) => m.name === chestModelName);
    if (!model) {
      const note = `no chest X-ray model (${chestModelName}) is installed: this step was skipped`;
      return { value: { direction: null, note, cohort: null }, note };
    }
    const latents = join(study.dir, chestCohortDir, 'latents.npy');
    if (!existsSync(latents)) throw new ApiError('not_found', `${latents}: the cached chest cohort codes are missing from the demo study`);
    const meta = JSON.parse(readFileSync(join(latents, '..', 'meta.json'), 'utf8')) as Record<string, unknown>;
    const direction = await client.call('direction.find', { latents, method: 'lda' });
    const v = direction.validation;
    const note = `LDA on ${direction.samples} cached codes of held-out films (${model.name}): held-out AUC ${v?.auc?.toFixed(2) ?? '–'}, separation ${v?.separation?.toFixed(2) ?? '–'}`;
    return { value: { direction, note, cohort: { path: latents, meta } }, note };
  });

  const series = await step('series', '15-step edit series', async () => {
    const info = await runEditSeries(client, {
      model: demoModel,
      direction: ageing.direction.result.id,
      source: { kind: 'latents', latents: fidelity.result, rows: [0] },
      alphaUnit: 'sigma',
      space: 'w',
    });
    const exported = await client.call('direction.exportSeries', { series: info.result.id, format: 'png' });
    const dir = resultDir(dataDir, exported.result.id);
    const frames = exported.result.files.filter((f) => f.toLowerCase().endsWith('.png')).sort();
    return { value: { info, frames, dir }, note: `α ${info.alphas[0]}…${info.alphas[info.alphas.length - 1]} in ${info.alphaUnit} (${info.alphas.length} images)` };
  });

  const eigen = await step('eigen', 'eigencomponents', async () => {
    const output = await runEigen(client, { series: series.info.result.id });
    const r2 = output.linearCheck.r2;
    return { value: { output, dir: resultDir(dataDir, output.result.id) }, note: `component 2 linear in α: R² ${r2 === null ? '–' : r2.toFixed(4)} (${output.linearCheck.pass ? 'pass' : 'fail'} at ${output.linearCheck.threshold})` };
  });

  return { settings, studyDir: study.dir, imported, fidelity, ageing, chest, series, eigen, steps };
}
