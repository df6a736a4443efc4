// The job runner for kind "eigen": runs the analysis of the job's task in the analysis worker with progress from
// its first second and an ETA, and stops it on cancel or pause (a shared flag the worker polls between blocks,
// because the worker's thread is busy in one long computation and would only see a stop message at its end). A
// catalog series is first stacked here, frame by frame, by the pixel service (a stop is seen between frames).
import type { EigenOutput } from '../../src-shared/api/eigen.js';
import { ApiError } from '../../src-shared/api/errors.js';
import type { AppContext } from '../base/context.js';
import type { JobOutcome, JobRunner } from '../jobs/manager.js';
import type { AnalysisWorker } from '../analysis/workerApi.js';
import { resultRef } from '../results/store.js';
import { pixelsOf } from '../pixels/service.js';
import { writeCatalogStack } from './catalogSeries.js';
import type { EigenTask } from './components.js';

/** How often the runner checks the job table for requests made by another process (the CLI). */
const pollMs = 250;

/** The share of a catalog series' progress bar spent decoding its frames (the analysis has the rest). */
const stackingShare = 0.1;

export function eigenRunner(ctx: AppContext, worker: () => AnalysisWorker): JobRunner {
  const { dataDir } = ctx;
  return async (job, reporter): Promise<JobOutcome> => {
    const id = String(job.params.result);
    // The task was built and checked by the handler (eigen/handlers.ts) from the user's request.
    const task = job.params.task as EigenTask;
    reporter.progress({}, 0, 'starting the analysis worker', null);
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const relay = (): void => {
      if (reporter.requested()) Atomics.store(stop, 0, 1);
    };
    reporter.onRequest(relay);
    // A request made before the run started (another process's cancel) stops the worker at its first block.
    relay();
    const timer = setInterval(relay, pollMs);
    const catalog = task.catalogSeries ?? null;
    // Progress runs once from 0 to 1: a catalog series' decoding first, then the analysis.
    const [offset, share] = catalog ? [stackingShare, 1 - stackingShare] : [0, 1];
    try {
      if (catalog) {
        await writeCatalogStack(pixelsOf(ctx), catalog, task.seriesPath, (k) => {
          relay();
          if (Atomics.load(stop, 0) !== 0) throw new ApiError('cancelled', 'the eigen analysis was asked to stop');
          reporter.progress({}, (stackingShare * k) / catalog.frames.length, `reading frame ${k + 1}/${catalog.frames.length} of ${catalog.id}`, null);
        });
      }
      const started = performance.now();
      const value = await worker().call('eigenComponents', { task, stop }, {
        onProgress: ({ fraction, message }) => {
          const seconds = (performance.now() - started) / 1000;
          // No estimate until some voxels have streamed: the rate is unknown.
          const eta = fraction > 0.02 && fraction < 1 ? (seconds / fraction) * (1 - fraction) : null;
          reporter.progress({}, offset + share * fraction, message, eta);
        },
      });
      const output: EigenOutput = { result: resultRef(dataDir, id), ...value };
      const r2 = output.linearCheck.r2;
      const message = `done: component 2 linear in α: R² ${r2 === null ? '—' : r2.toFixed(4)} (${output.linearCheck.pass ? 'PASS' : 'FAIL'} at ${output.linearCheck.threshold}) — result ${id}`;
      return { state: 'done', message, result: output };
    } catch (error) {
      // The worker ends with an error when it was asked to stop; the request says which.
      const asked = reporter.requested();
      if (asked === 'cancel') return { state: 'cancelled', message: `cancelled; result ${id} is incomplete` };
      if (asked === 'pause') return { state: 'paused', message: 'paused; an eigen analysis has no checkpoint, resuming runs it again' };
      throw error;
    } finally {
      clearInterval(timer);
    }
  };
}
