// A fidelity job while it runs: progress with ETA, pause / resume / cancel through the jobs API, the loss curve
// (Chart.js, as the other panels) and the live preview of the projection (marked SYNTHETIC).
import { useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { ChartConfiguration } from 'chart.js';
import type { Job } from '../../../src-shared/api/jobs.js';
import { frameValues } from '../../../src-shared/api/pixels.js';
import { useClient } from '../../api/client.js';
import { errorText } from '../common/useApiData.js';
import { ChartCanvas } from '../eigen/ChartCanvas.js';
import { formatEta, stopNotice } from '../jobs/jobText.js';
import { greyRgba, modelWindow } from './imageRender.js';
import { initialView, SyncedImage } from './SyncedImage.js';
import { FormError } from '../common/FormError.js';

export interface LiveProgress {
  lossCurve: number[];
  step: number;
  steps: number;
  /** Bumped when preview.npy may have changed. */
  previewStep: number | null;
}

function lossConfig(curve: number[]): ChartConfiguration {
  return {
    type: 'line',
    data: { labels: curve.map((_, i) => i + 1), datasets: [{ label: 'distance (mean over the batch)', data: curve, borderColor: '#4ea1ff', pointRadius: 0, borderWidth: 1.5 }] },
    options: { scales: { x: { title: { display: true, text: 'step' } }, y: { type: 'logarithmic', title: { display: true, text: 'MSE + (1 − SSIM)' } } } },
  };
}

function Preview({ result, step }: { result: string; step: number }): ReactNode {
  const client = useClient();
  const [image, setImage] = useState<{ rgba: Uint8ClampedArray; width: number; height: number } | null>(null);
  const [view, setView] = useState(initialView(modelWindow));
  useEffect(() => {
    let live = true;
    client
      .call('pixels.result', { result, file: 'preview.npy', index: 0 })
      .then((f) => live && setImage({ rgba: greyRgba(frameValues(f), modelWindow), width: f.geometry.columns, height: f.geometry.rows }))
      // The first preview is written after a few steps; until then there is nothing to show.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, result, step]);
  if (!image) return <p className="muted">The live preview appears after the first steps.</p>;
  return <SyncedImage title={`Live preview (step ${step})`} testId="fidelity-preview" width={image.width} height={image.height} rgba={image.rgba} synthetic view={view} onView={setView} windowed />;
}

export function RunProgress({ job, result, progress, onChanged }: { job: Job; result: string; progress: LiveProgress | null; onChanged: () => void }): ReactNode {
  const client = useClient();
  const [error, setError] = useState<string | null>(null);
  const config = useMemo(() => (progress && progress.lossCurve.length > 1 ? lossConfig(progress.lossCurve) : null), [progress]);
  const act = (method: 'jobs.pause' | 'jobs.resume' | 'jobs.cancel'): void => {
    setError(null);
    client
      .call(method, { id: job.id })
      .then(onChanged)
      .catch((e: unknown) => setError(errorText(e)));
  };
  const live = (job.state === 'running' || job.state === 'queued') && job.stopRequested === null;
  return (
    <section aria-label="Projection running" data-testid="fidelity-running" className="job">
      <div className="job-head">
        <strong>{job.title}</strong>
        <span className={`job-state state-${job.state}`}>{job.state}</span>
      </div>
      {job.fraction !== null && <progress max={1} value={job.fraction} aria-label="projection progress" />}
      <div className="muted" data-testid="fidelity-progress-text">
        {job.message} {formatEta(job.etaSeconds)}
      </div>
      {stopNotice(job) && <div className="muted">{stopNotice(job)}</div>}
      {job.error && <div className="status-error">{job.error}</div>}
      <div className="job-actions">
        {live && (
          <button type="button" onClick={() => act('jobs.pause')}>
            Pause
          </button>
        )}
        {job.state === 'paused' && (
          <button type="button" onClick={() => act('jobs.resume')}>
            Resume
          </button>
        )}
        {(live || job.state === 'paused') && (
          <button type="button" onClick={() => act('jobs.cancel')}>
            Cancel
          </button>
        )}
      </div>
      <FormError message={error} as="div" />
      {config && <ChartCanvas config={config} label="Projection distance against step" />}
      {progress?.previewStep != null && <Preview result={result} step={progress.previewStep} />}
    </section>
  );
}
