// "Open demo" on the empty start screen: starts the demo job (every analysis on the demo study shipped with the
// app; its progress also shows in the Jobs panel), follows it here, and opens its report in the app when done.
// Mounted for the whole session, because the demo's own import ends the empty state while it runs.
import { useState } from 'react';
import type { ReactNode } from 'react';
import { awaitJob } from '../../src-shared/api/awaitJob.js';
import type { JobEvent } from '../../src-shared/api/awaitJob.js';
import { useClient } from '../api/client.js';
import { DemoReport } from './DemoReport.js';

export function OpenDemo({ empty }: { empty: boolean }): ReactNode {
  const client = useClient();
  const [progress, setProgress] = useState<JobEvent | null>(null);
  const [running, setRunning] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [report, setReport] = useState<{ result: string; html: string } | null>(null);

  const start = async (): Promise<void> => {
    setRunning(true);
    setNotice(null);
    try {
      let result = '';
      const job = await awaitJob(
        client,
        async () => {
          const started = await client.call('demo.start', {});
          result = started.result;
          return started.job;
        },
        { onEvent: setProgress },
      );
      if (job.state === 'done') setReport(await client.call('demo.report', { result }));
      else setNotice(`The demo ${job.state === 'failed' ? `failed: ${job.error ?? job.message}` : `was ${job.state}: ${job.message}`}`);
    } catch (error) {
      setNotice(`The demo could not start: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setRunning(false);
      setProgress(null);
    }
  };

  return (
    <>
      {(empty || running || notice) && (
        <div className="open-demo" data-testid="open-demo">
          {empty && !running && (
            <button type="button" onClick={() => void start()}>
              Open demo
            </button>
          )}
          {empty && !running && <p>Runs every analysis on real data shipped with the app (a few minutes).</p>}
          {running && (
            <p role="status" data-testid="demo-progress">
              Demo: {progress ? `${Math.round((progress.fraction ?? 0) * 100)} % · ${progress.message}` : 'starting'} (also in the Jobs panel)
            </p>
          )}
          {notice && <p role="alert">{notice}</p>}
        </div>
      )}
      {report && <DemoReport html={report.html} result={report.result} onClose={() => setReport(null)} />}
    </>
  );
}
