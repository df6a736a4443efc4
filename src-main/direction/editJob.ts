// Edit series as jobs: the call checks the request (direction, σ sidecar, space, layers) and submits a job of kind
// "edit" that maps the source code and generates the series a chunk at a time in the ML worker, with progress from
// its first second, an ETA, cancel, and pause (the images made so far are kept; resume generates only the rest).
import type { MethodParams } from '../../src-shared/api/contract.js';
import { editInputSchema } from '../../src-shared/api/direction.js';
import type { SeriesInfo } from '../../src-shared/api/direction.js';
import type { Job } from '../../src-shared/api/jobs.js';
import type { AppContext } from '../base/context.js';
import type { JobOutcome, JobRunner } from '../jobs/manager.js';
import { jobsOf } from '../jobs/manager.js';
import { styleganWorkerOf } from '../ml/workerApi.js';
import { findUserModel } from '../models/registry.js';
import { createResult, resultDir, resultRef } from '../results/store.js';
import { checkUserPath } from '../security/userPaths.js';
import { optionalPlacement, resultGeometry } from '../eigen/placement.js';
import { resolveArtefact } from './artefacts.js';
import { GenerationStopped, checkEditRequest, writeEditSeries } from './editSeries.js';
import type { PlaceSeries } from './editSeries.js';

type EditParams = MethodParams<'direction.editSeries'>;

/** The inputs as files, resolved and checked once by the call; the job reads only these. */
interface EditTask {
  params: EditParams;
  model: string;
  direction: string;
  latents: string | null;
}

export async function startEdit(ctx: AppContext, params: EditParams): Promise<{ job: Job; result: string }> {
  const model = await findUserModel(ctx, params.model);
  const direction = resolveArtefact(ctx, params.direction, 'D.npy');
  const latents = params.source.kind === 'latents' ? resolveArtefact(ctx, params.source.latents, 'latents.npy') : null;
  if (params.source.kind === 'w') checkUserPath(ctx, params.source.path, 'W code');
  checkEditRequest(params, direction, model);
  const { info } = createResult(ctx.dataDir, 'edit', { synthetic: true, meta: { model: model.id, direction: params.direction, source: params.source } });
  const task: EditTask = { params, model: model.id, direction, latents };
  const from = params.source.kind === 'seed' ? `seed ${params.source.seed}` : params.source.kind === 'w' ? 'a W code' : `row ${params.source.rows.join(',')}`;
  const title = `edit series of ${from}: ${params.alphas.length} α values (${params.alphaUnit}) along ${params.direction}, model ${model.name}`;
  const job = jobsOf(ctx).submit('edit', title, { result: info.id, task: { ...task } });
  return { job, result: info.id };
}

/** The runner of kind "edit". */
export function editRunner(ctx: AppContext): JobRunner {
  return async (job, reporter): Promise<JobOutcome> => {
    const id = String(job.params.result);
    const stored = job.params.task as EditTask;
    const task: EditTask = { ...stored, params: editInputSchema.parse(stored.params) };
    reporter.progress({}, 0, 'starting the generator', null);
    const model = await findUserModel(ctx, task.model);
    const place: PlaceSeries = async (positions, fit, resolution) => {
      const placement = await optionalPlacement(ctx, positions, fit);
      return placement ? resultGeometry(placement, resolution) : null;
    };
    const started = performance.now();
    let first: number | null = null;
    const hooks = {
      progress: (done: number, total: number): void => {
        // The rate is measured from the first images this run made (a resumed run starts with some done).
        first ??= done;
        const seconds = (performance.now() - started) / 1000;
        const made = done - first;
        const eta = made > 0 && done < total ? (seconds / made) * (total - done) : null;
        reporter.progress({}, done / total, `generating: ${done} of ${total} images`, eta);
      },
      stopRequested: () => reporter.requested() !== null,
    };
    try {
      const series = await writeEditSeries(task.params, model, styleganWorkerOf(ctx), { direction: task.direction, latents: task.latents, outDir: resultDir(ctx.dataDir, id) }, id, place, hooks);
      const result: SeriesInfo = { result: resultRef(ctx.dataDir, id), ...series };
      return { state: 'done', message: `done: SYNTHETIC edit series ${series.shape.join('×')} — result ${id}`, result };
    } catch (error) {
      if (!(error instanceof GenerationStopped)) throw error;
      if (reporter.requested() === 'pause') return { state: 'paused', message: `paused after ${error.done} of ${error.total} images (kept; resume makes the rest) — result ${id}` };
      return { state: 'cancelled', message: `cancelled after ${error.done} of ${error.total} images; result ${id} is incomplete` };
    }
  };
}
