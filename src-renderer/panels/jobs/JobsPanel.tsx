// The Jobs panel: every long-running job (imports, training, dataset builds, projections, analyses, the demo) with
// live progress, when it ran, the files an import could not read, and pause / resume / cancel.
import { useState } from 'react';
import type { ReactNode } from 'react';
import type { Job } from '../../../src-shared/api/jobs.js';
import { useClient } from '../../api/client.js';
import { errorText, useApiData } from '../common/useApiData.js';
import { importSummarySchema } from '../../../src-shared/api/catalog.js';
import { jobTiming } from '../../../src-shared/api/jobTiming.js';
import { formatEta, stopNotice } from './jobText.js';
import { FormError } from '../common/FormError.js';

/** A list of files with a reason each, collapsed under a count. */
function FileReasons({ files, title, testId, listClass = 'import-errors' }: { files: Array<{ path: string; reason: string }>; title: string; testId: string; listClass?: string }): ReactNode {
  if (files.length === 0) return null;
  return (
    <details className="muted" data-testid={testId}>
      <summary>{title}</summary>
      <ul className={listClass}>
        {files.map((e) => (
          <li key={e.path}>
            <span className="error-path">{e.path}</span>: {e.reason}
          </li>
        ))}
      </ul>
    </details>
  );
}

/**
 * The files a finished import could not read, and those it imported with a stated value defaulted, with the reason
 * for each (an import job's result is its summary).
 */
function ImportErrors({ job }: { job: Job }): ReactNode {
  if (job.kind !== 'import') return null;
  const summary = importSummarySchema.safeParse(job.result);
  if (!summary.success) return null;
  const { errors, warnings } = summary.data;
  return (
    <>
      <FileReasons files={errors} title={`${errors.length} file${errors.length === 1 ? '' : 's'} not imported`} testId="job-import-errors" />
      <FileReasons files={warnings} title={`${warnings.length} imported with a warning`} testId="job-import-warnings" listClass="import-errors import-warnings" />
    </>
  );
}

function JobRow({ job, onChanged }: { job: Job; onChanged: () => void }): ReactNode {
  const client = useClient();
  const [error, setError] = useState<string | null>(null);
  const act = (method: 'jobs.pause' | 'jobs.resume' | 'jobs.cancel'): void => {
    setError(null);
    client
      .call(method, { id: job.id })
      .then(onChanged)
      .catch((e: unknown) => setError(errorText(e)));
  };
  const live = (job.state === 'running' || job.state === 'queued') && job.stopRequested === null;
  const stopping = stopNotice(job);
  const { lossG, lossD, kimg, totalKimg, imagesPerSecond } = job.progress;
  return (
    <li className="job" data-testid="job" data-state={job.state}>
      <div className="job-head">
        <strong>{job.title}</strong>
        <span className={`job-state state-${job.state}`}>{job.state}</span>
      </div>
      {job.fraction !== null && <progress max={1} value={job.fraction} aria-label={`${job.title} progress`} />}
      <div className="muted">
        {job.message} {formatEta(job.etaSeconds)}
      </div>
      {kimg !== undefined && (
        <div className="muted">
          {kimg.toFixed(1)}
          {totalKimg !== undefined ? ` / ${totalKimg}` : ''} kimg
          {lossG !== undefined ? ` · G ${lossG.toFixed(3)}` : ''}
          {lossD !== undefined ? ` · D ${lossD.toFixed(3)}` : ''}
          {imagesPerSecond !== undefined ? ` · ${imagesPerSecond.toFixed(1)} img/s` : ''}
        </div>
      )}
      <div className="muted job-timing">{jobTiming(job, new Date())}</div>
      <ImportErrors job={job} />
      {stopping && <div className="muted" data-testid="job-stopping">{stopping}</div>}
      {job.error && <div className="status-error">{job.error}</div>}
      <div className="job-actions">
        {live && <button type="button" onClick={() => act('jobs.pause')}>Pause</button>}
        {job.state === 'paused' && <button type="button" onClick={() => act('jobs.resume')}>Resume</button>}
        {(live || job.state === 'paused' || job.stopRequested === 'pause') && <button type="button" onClick={() => act('jobs.cancel')}>Cancel</button>}
      </div>
      <FormError message={error} as="div" />
    </li>
  );
}

export function JobsPanel(): ReactNode {
  const [jobs, reload] = useApiData((client) => client.call('jobs.list', {}), ['jobProgress']);
  if (jobs.status === 'loading') return <p className="muted">Loading jobs…</p>;
  if (jobs.status === 'error') return <p className="status-error">Cannot list jobs: {jobs.message}</p>;
  if (jobs.value.jobs.length === 0) {
    return <p className="muted" data-testid="jobs-empty">No jobs yet. Imports, dataset builds, training runs, projections, fidelity reports, directions and the demo appear here while they run and after, whether started in the app or with the `latentrad` command.</p>;
  }
  return (
    <ul className="job-list">
      {jobs.value.jobs.map((job) => (
        <JobRow key={job.id} job={job} onChanged={reload} />
      ))}
    </ul>
  );
}
