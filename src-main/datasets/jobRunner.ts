// The job runner for kind "dataset": builds a dataset in the main process with per-input progress, and stops
// between inputs on pause or cancel without writing anything.
import { basename } from 'node:path';
import { datasetCreateInputSchema } from '../../src-shared/api/datasets.js';
import type { DatasetCreateInput, DatasetInfo } from '../../src-shared/api/datasets.js';
import type { AppContext } from '../base/context.js';
import { catalogOf } from '../catalog/service.js';
import type { JobRunner } from '../jobs/manager.js';
import { pixelsOf } from '../pixels/service.js';
import { BuildStopped, buildDataset, fileInputs } from './build.js';
import type { BuildOptions } from './build.js';
import { catalogInputs } from './catalogSource.js';
import { checkUserPath } from '../security/userPaths.js';

/** The inputs of a build: a catalog selection (with its labels) or the spec's files and labels CSV. */
export async function datasetInputs(ctx: AppContext, spec: DatasetCreateInput): Promise<NonNullable<BuildOptions['resolved']>> {
  if (spec.labelsCsv) checkUserPath(ctx, spec.labelsCsv, 'labels CSV');
  if (spec.source.kind === 'catalog') return catalogInputs(catalogOf(ctx).db, pixelsOf(ctx), spec.source);
  for (const path of spec.source.paths) checkUserPath(ctx, path, 'dataset input');
  return fileInputs(spec);
}

export function datasetDoneMessage(info: DatasetInfo): string {
  const skipped = info.skipped.length === 0 ? 'nothing skipped' : `${info.skipped.length} skipped (${info.skipped[0].path}: ${info.skipped[0].reason}${info.skipped.length > 1 ? ', …' : ''})`;
  return `done: ${info.count} images from ${info.sourceCount} inputs; ${skipped}`;
}

export function datasetRunner(ctx: AppContext): JobRunner {
  return async (job, reporter) => {
    const spec = datasetCreateInputSchema.parse(job.params);
    const resolved = await datasetInputs(ctx, spec);
    const started = performance.now();
    try {
      const info = await buildDataset(ctx.dataDir, spec, {
        resolved,
        shouldStop: () => reporter.requested() !== null,
        progress: (done, total, path) => {
          const seconds = (performance.now() - started) / 1000;
          // No estimate before the first input is finished: the rate is unknown.
          const eta = done > 0 ? (seconds / done) * (total - done) : null;
          reporter.progress({}, total > 0 ? done / total : 1, path ? `${done}/${total} inputs · ${basename(path)}` : `${done}/${total} inputs · writing`, eta);
        },
      });
      return { state: 'done', message: datasetDoneMessage(info) };
    } catch (error) {
      if (!(error instanceof BuildStopped)) throw error;
      // A build has no checkpoint: a paused build writes nothing and resuming starts it again from the first input.
      if (reporter.requested() === 'pause') return { state: 'paused', message: `paused after ${error.done}/${error.total} inputs; nothing written, resuming starts the build again` };
      return { state: 'cancelled', message: `cancelled after ${error.done}/${error.total} inputs; no dataset written` };
    }
  };
}
