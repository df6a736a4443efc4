// The Projection fidelity panel: project the image of the active viewport into a generator as a job (progress, loss
// curve, live preview, pause/cancel), then the fidelity report with its maps, tables and exports. A request identical
// to a finished report (same image, slice, model, settings, perturbations and lesion) opens that report instead of
// projecting again.
import { useCallback, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { fidelityReportSchema } from '../../../src-shared/api/fidelityReport.js';
import type { FidelityReport } from '../../../src-shared/api/fidelityReport.js';
import type { Job } from '../../../src-shared/api/jobs.js';
import { useClient } from '../../api/client.js';
import { useInfo } from '../../shell/useInfo.js';
import { errorText, useApiData } from '../common/useApiData.js';
import { FidelityForm } from './FidelityForm.js';
import type { FidelityRequest } from './FidelityForm.js';
import { matchingReports } from './fidelityRequest.js';
import { ResultView } from './ResultView.js';
import { RunProgress } from './RunProgress.js';
import './fidelity.css';
import type { LiveProgress } from './RunProgress.js';
import { FormError } from '../common/FormError.js';

interface Current {
  result: string;
  jobId: string | null;
  label: string;
  reused: boolean;
}

function liveProgress(progress: Record<string, unknown> | null): LiveProgress | null {
  if (!progress) return null;
  const curve = Array.isArray(progress.lossCurve) ? progress.lossCurve.filter((v): v is number => typeof v === 'number') : [];
  const step = typeof progress.step === 'number' ? progress.step : 0;
  return { lossCurve: curve, step, steps: typeof progress.steps === 'number' ? progress.steps : 0, previewStep: step >= 10 ? step - (step % 10) : null };
}

export function FidelityPanel(): ReactNode {
  const client = useClient();
  const info = useInfo();
  const [models] = useApiData((c) => c.call('models.list', {}));
  const [previous, reloadPrevious] = useApiData((c) => c.call('results.list', { kind: 'fidelity' }));
  // Finished jobs carry the measured time per image·step: the form's estimate before a run (reloaded as jobs end).
  const [finished] = useApiData((c) => c.call('jobs.list', { states: ['done'] }), ['jobProgress']);
  const [current, setCurrent] = useState<Current | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [progress, setProgress] = useState<LiveProgress | null>(null);
  const [report, setReport] = useState<FidelityReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [formOpen, setFormOpen] = useState(true);

  const refresh = useCallback(() => {
    if (!current) return;
    const { result, jobId } = current;
    Promise.all([jobId ? client.call('jobs.get', { id: jobId }) : Promise.resolve(null), client.call('projection.result', { id: result })])
      .then(([j, r]) => {
        setJob(j);
        setProgress(liveProgress(r.progress));
        if (r.summary && (!j || j.state === 'done')) {
          const parsed = fidelityReportSchema.safeParse(r.summary);
          if (parsed.success) setReport(parsed.data);
          else setError(`Result ${result}: its report does not read as a fidelity report (${parsed.error.issues[0]?.message ?? 'unknown shape'})`);
        }
      })
      .catch((e: unknown) => setError(errorText(e)));
  }, [client, current]);

  useEffect(() => {
    if (!current) return undefined;
    refresh();
    let timer: ReturnType<typeof setTimeout> | null = null;
    // Progress events come several times a second; one refresh per half second keeps the chart live and cheap.
    const off = client.on('jobProgress', (p) => {
      if (p.jobId === current.jobId && timer === null) timer = setTimeout(() => ((timer = null), refresh()), 500);
    });
    return () => {
      off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [client, current, refresh]);

  const open = (result: string, jobId: string | null, label: string, reused: boolean): void => {
    setReport(null);
    setJob(null);
    setProgress(null);
    setError(null);
    setCurrent({ result, jobId, label, reused });
    setFormOpen(false);
  };

  const onRun = (request: FidelityRequest, label: string): void => {
    setBusy(true);
    setError(null);
    const key = {
      model: request.model,
      method: request.method ?? 'project',
      source: request.source,
      settings: { space: request.settings?.space ?? 'wplus', noise: request.settings?.noise ?? 'optimise', steps: request.settings?.steps ?? 1000, seed: request.settings?.seed ?? 0 },
      perturbations: request.perturbations ?? [],
      lesion: request.lesion ?? null,
    };
    client
      .call('results.list', { kind: 'fidelity' })
      .then(async ({ results }) => {
        for (const id of matchingReports(results, key)) {
          const r = await client.call('projection.result', { id });
          if (r.summary) return open(id, null, label, true);
        }
        const started = await client.call('projection.fidelity', request);
        open(started.result, started.job.id, label, false);
        reloadPrevious();
      })
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => setBusy(false));
  };

  const modelList = models.status === 'ready' ? models.value.models : [];
  const folder = info.status === 'ready' && info.info.host.kind === 'electron' && current ? `${info.info.dataDir}/results/${current.result}` : null;
  const previousList = previous.status === 'ready' ? previous.value.results : [];

  return (
    <div className="panel-stack" data-testid="fidelity-panel">
      <section aria-label="Projection request">
        <h3>Project an image and report its fidelity</h3>
        {models.status === 'ready' && modelList.length === 0 && <p className="muted">No generator model yet: import or train one in Models &amp; training.</p>}
        {models.status === 'error' && <p className="status-error">Cannot list models: {models.message}</p>}
        {/* Folded while a run or report is shown, so the images come first in the narrow panel. */}
        <details open={formOpen} onToggle={(e) => setFormOpen(e.currentTarget.open)} className="fidelity-request">
          <summary>{current ? 'New request' : 'Request'}</summary>
          <FidelityForm models={modelList} busy={busy} onRun={onRun} jobs={finished.status === 'ready' ? finished.value.jobs : []} />
        </details>
        {previousList.length > 0 && (
          <label className="fidelity-field">
            Or open an earlier report
            <select value="" onChange={(e) => e.target.value && open(e.target.value, null, 'earlier report', true)} data-testid="fidelity-previous">
              <option value="">—</option>
              {previousList.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.id} (SYNTHETIC)
                </option>
              ))}
            </select>
          </label>
        )}
        <FormError message={error} testId="fidelity-error" />
      </section>
      {current && (
        <p className="muted" data-testid="fidelity-current">
          {current.reused ? `Reused report ${current.result} (same image, model and settings; nothing recomputed)` : `Result ${current.result}`} · {current.label}
        </p>
      )}
      {current && job && job.state !== 'done' && <RunProgress job={job} result={current.result} progress={progress} onChanged={refresh} />}
      {current && report && <ResultView key={current.result} result={current.result} report={report} folder={folder} label={current.reused ? null : current.label} />}
    </div>
  );
}
