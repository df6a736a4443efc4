// Finding the direction from a cohort's codes (SVM, LDA, mean difference, or conditional: LDA with the chosen
// confounders projected out) and its separability report: the projections per group as a Chart.js histogram,
// separation, accuracy and AUC on the training and the held-out subjects, σ, the confounder audit, the members.
import { useMemo, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { ChartConfiguration } from 'chart.js';
import type { FindOutput } from '../../../src-shared/api/direction.js';
import { projectionHistogram } from '../../../src-shared/analysis/projectionHistogram.js';
import { useClient } from '../../api/client.js';
import { errorText } from '../common/useApiData.js';
import { ChartCanvas } from '../eigen/ChartCanvas.js';
import { FormError } from '../common/FormError.js';

type MethodChoice = 'svm' | 'lda' | 'mean' | 'conditional' | 'pair';
const methodText: Record<MethodChoice, string> = {
  lda: 'LDA (Ledoit–Wolf shrinkage)',
  svm: 'linear SVM',
  mean: 'mean difference',
  conditional: 'conditional (LDA with the confounders projected out)',
  pair: 'edit pair: normalize(mean(E(I*) − E(I))) over the linked pairs',
};
const colours = ['#1f77b4', '#9ecae1', '#d62728', '#ff9896'];

const f = (v: number | null | undefined, digits = 3): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));

function histogramConfig(out: FindOutput): ChartConfiguration {
  const h = projectionHistogram(out.projections, out.classes.map((c, i) => `group ${i === 0 ? 'a' : 'b'} (${c})`), 20, out.validation !== null);
  return {
    type: 'bar',
    data: {
      labels: h.centres.map((c) => c.toFixed(2)),
      datasets: h.names.map((name, i) => ({ label: name, data: h.counts[i], backgroundColor: colours[(out.validation !== null ? i : i * 2) % colours.length], stack: 'codes' })),
    },
    options: { scales: { x: { stacked: true, title: { display: true, text: 'projection onto the direction (w·D)' } }, y: { stacked: true, title: { display: true, text: 'codes' } } } },
  };
}

function SplitRows({ out }: { out: FindOutput }): ReactNode {
  const rows = [
    ['training', out.train],
    ['held-out', out.validation],
  ] as const;
  return (
    <table className="report-table" data-testid="direction-numbers">
      <thead>
        <tr>
          <th scope="col">part</th>
          <th scope="col">codes</th>
          <th scope="col">subjects</th>
          <th scope="col" title="|μ1 − μ0| / mean(σ0, σ1) of the projections">separation</th>
          <th scope="col">accuracy</th>
          <th scope="col">AUC</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, s]) =>
          s ? (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{s.count}</td>
              <td>{s.subjects}</td>
              <td>{f(s.separation, 2)}</td>
              <td>{(100 * s.accuracy).toFixed(1)} %</td>
              <td>{f(s.auc, 3)}</td>
            </tr>
          ) : null,
        )}
      </tbody>
    </table>
  );
}

function Members({ out }: { out: FindOutput }): ReactNode {
  return (
    <details data-testid="direction-members">
      <summary>
        Members per group: {[0, 1].map((g) => `${out.classes[g] ?? g}: ${out.projections.filter((p) => p.label === g).length} codes`).join(', ')}
      </summary>
      <table className="report-table">
        <thead>
          <tr>
            <th scope="col">row</th>
            <th scope="col">group</th>
            <th scope="col">subject</th>
            <th scope="col">item</th>
            <th scope="col">projection</th>
            <th scope="col">part</th>
          </tr>
        </thead>
        <tbody>
          {out.projections.map((p) => (
            <tr key={`${p.label}:${p.row}`}>
              <td>{p.row}</td>
              <td>{p.label === 0 ? 'a' : 'b'}</td>
              <td>{p.subject ?? '—'}</td>
              <td>{p.item ?? '—'}</td>
              <td>{p.value.toFixed(3)}</td>
              <td>{p.heldOut ? 'held-out' : 'training'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

export function Report({ out }: { out: FindOutput }): ReactNode {
  const config = useMemo(() => histogramConfig(out), [out]);
  return (
    <div data-testid="direction-report">
      <p>
        {out.method} direction in {out.dimensions} dimensions ({out.space === 'w' ? 'W' : 'W+'}) from {out.samples} codes, split by {out.splitBy}; σ along the direction (pooled within
        group, the unit of α) = {f(out.sigma, 4)}; result {out.result.id} (D.npy + D.json)
      </p>
      {(out.train || out.validation) && <SplitRows out={out} />}
      <ChartCanvas config={config} label="Histogram of the codes' projections onto the direction, per group" />
      {out.confounders.length > 0 && (
        <table className="report-table" data-testid="confounder-audit">
          <caption>Confounder audit: cosine of the direction with each confounder's direction</caption>
          <thead>
            <tr>
              <th scope="col">confounder</th>
              <th scope="col">before</th>
              <th scope="col">after conditioning</th>
            </tr>
          </thead>
          <tbody>
            {out.confounders.map((c) => (
              <tr key={c.name}>
                <th scope="row">{c.name}</th>
                <td>{c.before.toFixed(3)}</td>
                <td>{c.after.toFixed(3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {out.notes.map((n) => (
        <p key={n} className="muted">
          {n}
        </p>
      ))}
      <Members out={out} />
    </div>
  );
}

/** `pairs`: the cohort is the two sides of the linked edit pairs, so the edit-pair method is the first choice. */
export function DirectionForm({ cohort, columns, pairs, onFound }: { cohort: string; columns: string[]; pairs: boolean; onFound: (out: FindOutput) => void }): ReactNode {
  const client = useClient();
  const [method, setMethod] = useState<MethodChoice>(pairs ? 'pair' : 'lda');
  const [confounders, setConfounders] = useState<string[]>([]);
  const [validation, setValidation] = useState('0.3');
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onRun = (event: FormEvent): void => {
    event.preventDefault();
    setRunning(true);
    setError(null);
    const conditional = method === 'conditional';
    client
      .call('direction.find', { latents: cohort, method: conditional ? 'lda' : method, confounders: method === 'pair' ? [] : confounders, condition: conditional, validationFraction: Number(validation) })
      .then(onFound)
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => setRunning(false));
  };
  const toggle = (c: string): void => setConfounders((list) => (list.includes(c) ? list.filter((x) => x !== c) : [...list, c]));
  return (
    <form className="path-form" onSubmit={onRun} aria-label="Find the direction">
      <label htmlFor="direction-method">Method</label>
      <select id="direction-method" value={method} onChange={(e) => setMethod(e.target.value as MethodChoice)}>
        {(Object.keys(methodText) as MethodChoice[]).map((m) => (
          <option key={m} value={m}>
            {methodText[m]}
          </option>
        ))}
      </select>
      {method !== 'pair' && (
        <>
          <label htmlFor="direction-validation">Held-out fraction (whole subjects)</label>
          <input id="direction-validation" type="number" min="0" max="0.9" step="0.05" value={validation} onChange={(e) => setValidation(e.target.value)} />
        </>
      )}
      <fieldset hidden={method === 'pair'}>
        <legend>Confounders to audit{method === 'conditional' ? ' and project out' : ''} (labels and acquisition properties that vary in the cohort)</legend>
        {columns.length === 0 && <span className="muted">no label or acquisition property varies in this cohort</span>}
        {columns.map((c) => (
          <label key={c} className="inline-check">
            <input type="checkbox" checked={confounders.includes(c)} onChange={() => toggle(c)} /> {c}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={running || (method === 'conditional' && confounders.length === 0)}>
        {running ? 'Finding…' : 'Find the direction'}
      </button>
      <FormError message={error} />
    </form>
  );
}
