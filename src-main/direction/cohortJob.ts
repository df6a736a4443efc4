// Cohorts as jobs: the call counts the groups (bad terms or an empty group fail it at once) and submits a job of
// kind "cohort" that makes the codes with progress, an ETA and cancel; a dry run only counts.
import type { MethodParams } from '../../src-shared/api/contract.js';
import { cohortInputSchema } from '../../src-shared/api/direction.js';
import type { CohortBuilt, CohortOutput } from '../../src-shared/api/direction.js';
import type { AppContext } from '../base/context.js';
import type { JobOutcome, JobRunner } from '../jobs/manager.js';
import { jobsOf } from '../jobs/manager.js';
import { createResult, resultDir } from '../results/store.js';
import { buildCohort, cohortCounts } from './cohort.js';
import type { ProjectItems } from './cohort.js';
import { projectItems } from '../projection/service.js';

type CohortParams = MethodParams<'direction.cohort'>;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function startCohort(ctx: AppContext, params: CohortParams): CohortOutput {
  const { groups } = cohortCounts(ctx, params);
  if (params.dryRun) return { groups, job: null, result: null };
  const { info } = createResult(ctx.dataDir, 'cohort', { synthetic: false, meta: { model: params.model, where: params.where, groupA: params.groupA, groupB: params.groupB } });
  const [a, b] = groups;
  const title = `cohort ${a.terms.join(' ')} (${plural(a.subjects, 'subject')}) vs ${b.terms.join(' ')} (${plural(b.subjects, 'subject')}): ${plural(a.codes + b.codes, 'code')} from ${params.model}`;
  const job = jobsOf(ctx).submit('cohort', title, { result: info.id, cohort: params });
  return { groups, job, result: info.id };
}

/**
 * The runner of kind "cohort". A pause or cancel stops the projection at its next step; codes of a finished
 * projection stay cached, so running the cohort again (or resuming) reuses them.
 */
export function cohortRunner(ctx: AppContext, project: ProjectItems = projectItems): JobRunner {
  return async (job, reporter): Promise<JobOutcome> => {
    const id = String(job.params.result);
    const params = cohortInputSchema.parse(job.params.cohort);
    reporter.progress({}, 0, 'collecting the codes (cached ones reused)', null);
    try {
      const built = await buildCohort(ctx, params, resultDir(ctx.dataDir, id), project, {
        progress: (p) => reporter.progress({ step: p.step, lossG: p.loss }, p.fraction, `projecting: ${p.message}`, p.etaSeconds),
        requested: () => reporter.requested(),
      });
      const result: CohortBuilt = { result: id, ...built };
      const message = `done: ${plural(built.reused + built.projected, 'code')} (${built.reused} reused from the cache, ${built.projected} projected) — result ${id}`;
      return { state: 'done', message, result };
    } catch (error) {
      // The projection ends with an error when it was asked to stop; the request says which.
      const asked = reporter.requested();
      if (asked === 'cancel') return { state: 'cancelled', message: 'cancelled; finished projections are not cached, running again starts over' };
      if (asked === 'pause') return { state: 'paused', message: 'paused; resume starts the projection again' };
      throw error;
    }
  };
}
