// The job runner for kind "import": runs the import in the import worker, relays its progress (counts, rate, ETA)
// to the job, refreshes catalog listings every few seconds, and turns pause/cancel into a stop after the current
// batch. The job's result is the import summary. Imports are idempotent (unchanged files are skipped), so a paused
// import resumes by importing the same paths again.
import { basename } from 'node:path';
import { entityKinds, importInputSchema } from '../../src-shared/api/catalog.js';
import type { ImportProgress, ImportSummary } from '../../src-shared/api/catalog.js';
import type { JobProgressDetail } from '../../src-shared/api/jobs.js';
import type { AppContext } from '../base/context.js';
import type { JobOutcome, JobRunner } from '../jobs/manager.js';
import type { StopReason } from '../workers/protocol.js';
import type { ImportWorker } from './importWorkerApi.js';

/** How often the runner checks the job table for pause/cancel requests (they may come from another process). */
const pollMs = 250;
/** A long import refreshes the study browser this often instead of only at the end. */
const refreshMs = 3000;

export function importTitle(paths: readonly string[]): string {
  const names = paths.slice(0, 2).map((p) => basename(p) || p);
  return `import ${names.join(', ')}${paths.length > 2 ? ` and ${paths.length - 2} more` : ''}`;
}

export function importProgressDetail(p: ImportProgress): JobProgressDetail {
  return { scanned: p.scanned, total: p.total ?? undefined, imported: p.imported, skipped: p.skipped, ignored: p.ignored, errors: p.errors, filesPerSecond: p.filesPerSecond };
}

export function importProgressMessage(p: ImportProgress): string {
  if (p.total === null) return `scanning… ${p.scanned} files`;
  const done = p.imported + p.skipped + p.ignored + p.errors;
  return `${done}/${p.total} files · ${p.imported} imported · ${p.skipped} skipped · ${p.ignored} ignored · ${p.errors} error${p.errors === 1 ? '' : 's'} · ${p.filesPerSecond.toFixed(0)} files/s`;
}

export function importDoneMessage(s: ImportSummary, state: JobOutcome['state']): string {
  const counts = `${s.imported} imported, ${s.skipped} skipped, ${s.ignored} ignored, ${s.errors.length} error${s.errors.length === 1 ? '' : 's'} of ${s.files} files in ${(s.elapsedMs / 1000).toFixed(1)} s`;
  if (state === 'paused') return `paused: ${counts}; resume imports the rest (catalogued files are skipped)`;
  return `${state}: ${counts}`;
}

export function importRunner(ctx: AppContext, worker: ImportWorker): JobRunner {
  return async (job, reporter, options): Promise<JobOutcome> => {
    const input = importInputSchema.parse(job.params);
    // The import_runs row of the first run shares the job's id; a resumed run gets its own.
    const runId = options.resume ? `${job.id}-${Date.now().toString(36)}` : job.id;
    const changed = (reason: string): void => ctx.emit('catalogChanged', { kinds: [...entityKinds], reason });
    let lastRefresh = Date.now();
    let refreshedAt = 0;
    const call = worker.run('import', { dataDir: ctx.dataDir, paths: input.paths, copy: input.copy, runId }, {
      onProgress: (p) => {
        const fraction = p.total === null ? null : p.total === 0 ? 1 : Math.min(1, (p.imported + p.skipped + p.ignored + p.errors) / p.total);
        reporter.progress(importProgressDetail(p), fraction, importProgressMessage(p), p.etaSeconds);
        if (p.imported > refreshedAt && Date.now() - lastRefresh > refreshMs) {
          lastRefresh = Date.now();
          refreshedAt = p.imported;
          changed(`import ${runId} in progress`);
        }
      },
    });
    let stop: StopReason | null = null;
    const timer = setInterval(() => {
      const request = reporter.requested();
      if (request && !stop) {
        stop = request;
        call.stop(request);
      }
    }, pollMs);
    try {
      const summary = await call.result;
      const state = summary.state === 'done' ? 'done' : (stop ?? reporter.requested()) === 'pause' ? 'paused' : 'cancelled';
      return { state, message: importDoneMessage(summary, state), result: summary };
    } finally {
      clearInterval(timer);
      changed(`import ${runId}`);
    }
  };
}
