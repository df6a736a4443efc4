// The edit-series job while it runs or waits: progress from its first second, ETA, Pause and Cancel; Resume when
// paused (the images made so far are kept, resuming generates only the rest).
import type { ReactNode } from 'react';
import type { JobEvent } from '../../../src-shared/api/awaitJob.js';
import { useClient } from '../../api/client.js';
import { formatEta } from '../jobs/jobText.js';

export interface EditJobState {
  id: string;
  event: JobEvent | null;
}

export function EditJobLine({ job, onResume }: { job: EditJobState; onResume: () => void }): ReactNode {
  const client = useClient();
  const state = job.event?.state ?? 'queued';
  const live = state === 'running' || state === 'queued';
  const ask = (method: 'jobs.pause' | 'jobs.cancel'): void => void client.call(method, { id: job.id }).catch(() => undefined);
  return (
    <div className="job" data-testid="edit-job">
      <div className="job-head">
        <strong>edit series</strong>
        <span className={`job-state state-${state}`}>{state}</span>
      </div>
      {job.event?.fraction !== null && job.event?.fraction !== undefined && <progress max={1} value={job.event.fraction} aria-label="edit series progress" />}
      <div className="muted" data-testid="edit-progress-text">
        {job.event ? `${job.event.message} ${formatEta(job.event.etaSeconds)}` : 'submitted'}
      </div>
      <div className="job-actions">
        {live && (
          <>
            <button type="button" onClick={() => ask('jobs.pause')}>
              Pause
            </button>
            <button type="button" onClick={() => ask('jobs.cancel')}>
              Cancel
            </button>
          </>
        )}
        {state === 'paused' && (
          <button type="button" onClick={onResume}>
            Resume
          </button>
        )}
      </div>
    </div>
  );
}
