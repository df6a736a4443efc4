// The job runner for kind "dataset": builds a dataset in the dataset worker with per-input progress, and relays
// pause and cancel to it; the build stops between inputs without writing anything.
import { basename } from 'node:path';
import { datasetCreateInputSchema } from '../../src-shared/api/datasets.js';
import type { DatasetCreateInput, DatasetInfo } from '../../src-shared/api/datasets.js';
import type { AppContext } from '../base/context.js';
import { catalogOf } from '../catalog/service.js';
import type { JobRunner } from '../jobs/manager.js';
import { pixelsOf } from '../pixels/service.js';
import { fileInputs } from './build.js';
import type { BuildOptions } from './build.js';
import type { DatasetWorker } from './buildWorkerApi.js';
import { catalogInputs } from './catalogSource.js';
import { checkUserPath } from '../security/userPaths.js';

/** How often the runner checks the job table for pause/cancel requests made by another process (the CLI). */
const pollMs = 250;

/** Refuses a build naming a file or folder the user never chose; the worker trusts the paths it is given. */
export function checkDatasetPaths(ctx: AppContext, spec: DatasetCreateInput): void {
  if (spec.labelsCsv) checkUserPath(ctx, spec.labelsCsv, 'labels CSV');
  if (spec.source.kind === 'files') for (const path of spec.source.paths) checkUserPath(ctx, path, 'dataset input');
}

/**
 * The inputs of a build: a catalog selection (with its labels) or the spec's files and labels CSV. Resolved here only
 * to refuse a bad request before a job exists; the worker resolves them again for the build itself.
 */
export async function datasetInputs(ctx: AppContext, spec: DatasetCreateInput): Promise<NonNullable<BuildOptions['resolved']>> {
  checkDatasetPaths(ctx, spec);
  if (spec.source.kind === 'catalog') return catalogInputs(catalogOf(ctx).db, pixelsOf(ctx), spec.source);
  return fileInputs(spec);
}

export function datasetDoneMessage(info: DatasetInfo): string {
  const skipped = info.skipped.length === 0 ? 'nothing skipped' : `${info.skipped.length} skipped (${info.skipped[0].path}: ${info.skipped[0].reason}${info.skipped.length > 1 ? ', …' : ''})`;
  return `done: ${info.count} images from ${info.sourceCount} inputs; ${skipped}`;
}

export function datasetRunner(ctx: AppContext, worker: DatasetWorker): JobRunner {
  return async (job, reporter) => {
    const spec = datasetCreateInputSchema.parse(job.params);
    checkDatasetPaths(ctx, spec);
    // Shown until the worker reports its first input (starting its thread and listing a catalog selection).
    reporter.progress({}, 0, 'starting: listing the inputs', null);
    const started = performance.now();
    const call = worker.run('build', { dataDir: ctx.dataDir, spec }, {
      onProgress: ({ done, total, path }) => {
        const seconds = (performance.now() - started) / 1000;
        // No estimate before the first input is finished: the rate is unknown.
        const eta = done > 0 ? (seconds / done) * (total - done) : null;
        reporter.progress({}, total > 0 ? done / total : 1, path ? `${done}/${total} inputs · ${basename(path)}` : `${done}/${total} inputs · writing`, eta);
      },
    });
    const relay = (): void => {
      const request = reporter.requested();
      if (request) call.stop(request);
    };
    reporter.onRequest(relay);
    const timer = setInterval(relay, pollMs);
    let outcome;
    try {
      outcome = await call.result;
    } finally {
      clearInterval(timer);
    }
    if (outcome.state === 'done') return { state: 'done', message: datasetDoneMessage(outcome.info) };
    // A build has no checkpoint: a paused build writes nothing and resuming starts it again from the first input.
    if (reporter.requested() === 'pause') return { state: 'paused', message: `paused after ${outcome.done}/${outcome.total} inputs; nothing written, resuming starts the build again` };
    return { state: 'cancelled', message: `cancelled after ${outcome.done}/${outcome.total} inputs; no dataset written` };
  };
}
