// The Eigencomponents panel: pick an edit series (a result of the Disease direction panel or `latentrad edit`), a
// catalog DICOM series (e.g. a longitudinal real series) or a stack file,
// run the analysis as a job in the worker (progress, cancel), and see the scree plot, the eigenvectors against α with their polynomial fits,
// and the published check (component 2 linear in α, R² ≥ 0.99) as a pass/fail that never hides a failing result.
import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { JobEvent } from '../../../src-shared/api/awaitJob.js';
import type { EigenInput, EigenOutput } from '../../../src-shared/api/eigen.js';
import { runEigen } from '../../../src-shared/api/eigenJob.js';
import { useClient } from '../../api/client.js';
import { errorText, useApiData } from '../common/useApiData.js';
import { ChartCanvas } from './ChartCanvas.js';
import { alphaText, curvesConfig, screeConfig, summaryOf } from './eigenCharts.js';
import { EigenEmpty } from './EigenEmpty.js';
import { EigenExport } from './EigenExport.js';
import { EigenForm } from './EigenForm.js';
import { EigenJobLine } from './EigenJobLine.js';
import { EigenMaps } from './EigenMaps.js';
import { FormError } from '../common/FormError.js';

export function EigenPanel(): ReactNode {
  const client = useClient();
  const [series] = useApiData((c) => c.call('results.list', { kind: 'edit' }));
  // Catalog series as ordered stacks: image series of at least 2 frames, listed again when an import changes the catalog.
  const [catalog] = useApiData((c) => c.call('catalog.listSeries', { limit: 100_000 }), ['catalogChanged']);
  const catalogSeries = useMemo(() => (catalog.status === 'ready' ? catalog.value.rows.filter((r) => r.displayable && r.frameCount >= 2) : []), [catalog]);
  const [running, setRunning] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [event, setEvent] = useState<JobEvent | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [last, setLast] = useState<{ series: string; out: EigenOutput } | null>(null);
  const [view, setView] = useState(-1);
  const list = series.status === 'ready' ? series.value.results : [];
  const out = last?.out ?? null;

  const onRun = (input: EigenInput): void => {
    setRunning(true);
    setError(null);
    setEvent(null);
    runEigen(client, input, { onSubmitted: (job) => setJobId(job.id), onEvent: setEvent })
      .then((value) => {
        setLast({ series: input.series, out: value });
        setView(value.joint ? -1 : 0);
      })
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => {
        setRunning(false);
        setJobId(null);
      });
  };

  const curves = useMemo(() => (out ? curvesConfig(out, view) : null), [out, view]);
  const scree = useMemo(() => (out ? screeConfig(out, view) : null), [out, view]);
  const summary = out ? summaryOf(out, view) : null;
  const r2 = summary?.polynomial[1]?.r2 ?? null;
  const pass = r2 !== null && out !== null && r2 >= out.linearCheck.threshold;

  return (
    <div className="panel-stack" data-testid="eigen-panel">
      <section aria-label="Ordered stack">
        <h3>Eigencomponents of an ordered stack</h3>
        {series.status === 'ready' && list.length === 0 && !out && <EigenEmpty />}
        <EigenForm series={list} catalogSeries={catalogSeries} busy={running} last={last} onRun={onRun} />
        {running && jobId && <EigenJobLine jobId={jobId} event={event} />}
        <FormError message={error} />
      </section>
      {out && summary && curves && scree && (
        <section aria-label="Eigencomponents result" data-testid="eigen-result">
          <p>
            {out.catalogSeries ? `${out.catalogSeries}: ` : ''}
            {out.imageCount} images, {out.imageShape[0]} slice position(s) of {out.imageShape[1]}×{out.imageShape[2]}; {alphaText(out)}; reference image {out.referenceIndex} (α = {out.alphas[out.referenceIndex]})
            {out.synthetic ? ' — derived from SYNTHETIC images' : ''}
          </p>
          {out.positions.length > 1 && (
            <select aria-label="Slice position" value={view} onChange={(e) => setView(Number(e.target.value))}>
              {out.joint && <option value={-1}>all positions jointly</option>}
              {out.positions.map((p, i) => (
                <option key={p.name} value={i}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
          <p data-testid="linear-check" className={pass ? 'status-ok' : 'status-error'}>
            Component 2 linear in α: R² {r2 === null ? '—' : r2.toFixed(4)} — {pass ? 'PASS' : 'FAIL'} (threshold {out.linearCheck.threshold})
          </p>
          <p>
            {summary.voxelCount} foreground voxels ({summary.mask.source}); component 2 vs subtraction (image {summary.subtraction.toIndex} − image {summary.subtraction.fromIndex}): r ={' '}
            {summary.subtraction.correlationWithComponent2 === null ? '—' : summary.subtraction.correlationWithComponent2.toFixed(3)}
          </p>
          <EigenMaps out={out} view={view} summary={summary} />
          <ChartCanvas config={scree} label="Scree plot: explained variance per component" />
          <ChartCanvas config={curves} label="Eigenvectors against α with polynomial fits" />
          <EigenExport out={out} />
        </section>
      )}
    </div>
  );
}
