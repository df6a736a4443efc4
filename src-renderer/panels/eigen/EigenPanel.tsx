// The Eigencomponents panel: pick an edit series (a result of the Disease direction panel or `latentrad edit`),
// run the analysis in the worker, and see the scree plot, the eigenvectors against α with their polynomial fits,
// and the published check (component 2 linear in α, R² ≥ 0.99) as a pass/fail that never hides a failing result.
import { useMemo, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { ChartConfiguration } from 'chart.js';
import type { EigenOutput } from '../../../src-shared/api/eigen.js';
import { eigenvectorCurves, screePercent } from '../../../src-shared/analysis/eigenPlot.js';
import { useClient } from '../../api/client.js';
import { errorText, useApiData } from '../common/useApiData.js';
import { ChartCanvas } from './ChartCanvas.js';

const colours = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];

function curvesConfig(out: EigenOutput, view: number): ChartConfiguration {
  const summary = view < 0 && out.joint ? out.joint : out.positions[Math.max(0, view)];
  const curves = eigenvectorCurves(summary, out.alphas);
  return {
    type: 'scatter',
    data: {
      datasets: curves.flatMap((c, i) => [
        { label: `component ${c.component}`, data: c.points, backgroundColor: colours[i], borderColor: colours[i], showLine: false },
        { label: `fit deg ${c.degree} (R² ${c.r2 === null ? '—' : c.r2.toFixed(3)})`, data: c.fit, borderColor: colours[i], borderDash: [4, 3], pointRadius: 0, showLine: true },
      ]),
    },
    options: { scales: { x: { title: { display: true, text: 'α' } }, y: { title: { display: true, text: 'eigenvector entry' } } } },
  };
}

function screeConfig(out: EigenOutput, view: number): ChartConfiguration {
  const summary = view < 0 && out.joint ? out.joint : out.positions[Math.max(0, view)];
  const values = screePercent(summary);
  return {
    type: 'bar',
    data: { labels: values.map((_, i) => String(i + 1)), datasets: [{ label: 'explained variance (%)', data: values, backgroundColor: '#1f77b4' }] },
    options: { scales: { x: { title: { display: true, text: 'component' } }, y: { type: 'logarithmic', title: { display: true, text: '% (log)' }, ticks: { callback: (v) => Number(v).toExponential(0) } } } },
  };
}

export function EigenPanel(): ReactNode {
  const client = useClient();
  const [series] = useApiData((c) => c.call('results.list', { kind: 'edit' }));
  const [chosen, setChosen] = useState('');
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [out, setOut] = useState<EigenOutput | null>(null);
  const [view, setView] = useState(-1);
  const list = series.status === 'ready' ? series.value.results : [];
  const target = chosen || list[0]?.id || '';

  const onRun = (event: FormEvent): void => {
    event.preventDefault();
    if (!target) return;
    setRunning(true);
    setError(null);
    client
      .call('eigen.components', { series: target })
      .then((value) => {
        setOut(value);
        setView(value.joint ? -1 : 0);
      })
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => setRunning(false));
  };

  const curves = useMemo(() => (out ? curvesConfig(out, view) : null), [out, view]);
  const scree = useMemo(() => (out ? screeConfig(out, view) : null), [out, view]);
  const summary = out ? (view < 0 && out.joint ? out.joint : out.positions[Math.max(0, view)]) : null;
  const r2 = summary?.polynomial[1]?.r2 ?? null;
  const pass = r2 !== null && out !== null && r2 >= out.linearCheck.threshold;

  return (
    <div className="panel-stack" data-testid="eigen-panel">
      <section aria-label="Edit series">
        <h3>Eigencomponents of an edit series</h3>
        {series.status === 'ready' && list.length === 0 && <p className="muted">No edit series yet: make one in Disease direction or with `latentrad edit`.</p>}
        <form className="path-form" onSubmit={onRun}>
          <label htmlFor="eigen-series">Edit series</label>
          <select id="eigen-series" value={target} onChange={(e) => setChosen(e.target.value)}>
            {list.map((r) => (
              <option key={r.id} value={r.id}>
                {r.id}
                {r.synthetic ? ' (SYNTHETIC)' : ''}
              </option>
            ))}
          </select>
          <button type="submit" disabled={!target || running}>
            {running ? 'Analysing…' : 'Analyse'}
          </button>
        </form>
        {error && (
          <p className="status-error" role="alert">
            {error}
          </p>
        )}
      </section>
      {out && summary && curves && scree && (
        <section aria-label="Eigencomponents result" data-testid="eigen-result">
          <p>
            {out.imageCount} images, {out.imageShape[0]} slice position(s) of {out.imageShape[1]}×{out.imageShape[2]}; α from {out.alphaSource}; reference image {out.referenceIndex} (α = {out.alphas[out.referenceIndex]})
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
          <ChartCanvas config={scree} label="Scree plot: explained variance per component" />
          <ChartCanvas config={curves} label="Eigenvectors against α with polynomial fits" />
        </section>
      )}
    </div>
  );
}
