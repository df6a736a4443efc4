// The running eigen analysis: its progress (from the first second), ETA and a Cancel button.
import type { ReactNode } from 'react';
import type { JobEvent } from '../../../src-shared/api/awaitJob.js';
import { useClient } from '../../api/client.js';
import { formatEta } from '../jobs/jobText.js';

export function EigenJobLine({ jobId, event }: { jobId: string; event: JobEvent | null }): ReactNode {
  const client = useClient();
  return (
    <div className="job" data-testid="eigen-job">
      {event?.fraction !== null && event?.fraction !== undefined && <progress max={1} value={event.fraction} aria-label="eigen analysis progress" />}
      <div className="muted" data-testid="eigen-progress-text">
        {event ? `${event.message} ${formatEta(event.etaSeconds)}` : 'submitted'}
      </div>
      <button type="button" onClick={() => void client.call('jobs.cancel', { id: jobId }).catch(() => undefined)}>
        Cancel
      </button>
    </div>
  );
}
