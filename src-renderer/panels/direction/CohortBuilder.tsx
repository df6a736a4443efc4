// The cohort builder: a catalog selection split into two groups by a label (categories, thresholds or quantiles),
// the group sizes in items, subjects and codes before anything runs (a dry run), then the codes as a job with
// progress, ETA and cancel. Cached codes (same item, slice, model and settings) are reused by the job.
import { useEffect, useMemo, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { awaitJob } from '../../../src-shared/api/awaitJob.js';
import type { CohortBuilt, CohortInput, CohortOutput } from '../../../src-shared/api/direction.js';
import { cohortBuiltSchema } from '../../../src-shared/api/direction.js';
import type { Job } from '../../../src-shared/api/jobs.js';
import type { InversionMethod } from '../../../src-shared/api/projectionSettings.js';
import { groupTerms, labelValues } from '../../../src-shared/catalog/cohortSplit.js';
import type { CohortSplit } from '../../../src-shared/catalog/cohortSplit.js';
import { useClient } from '../../api/client.js';
import { errorText, useApiData } from '../common/useApiData.js';
import { formatEta, stopNotice } from '../jobs/jobText.js';
import { FormError } from '../common/FormError.js';

type Entities = 'volumes' | 'images';
type SplitKind = CohortSplit['kind'];

export interface CohortSettings {
  model: string;
  entities: Entities;
  axis: 'x' | 'y' | 'z';
  sliceRange: [number, number] | null;
  step: number;
  steps: number;
  /** Projection, or the model's encoder in one pass (or refined by `steps`). */
  method: InversionMethod;
}

/** The cohort input from the form; a RangeError says what is missing. */
function cohortInput(settings: CohortSettings, split: CohortSplit, values: readonly string[]): CohortInput {
  const { groupA, groupB } = groupTerms(split, values);
  return {
    model: settings.model,
    groupA,
    groupB,
    entities: settings.entities,
    axis: settings.axis,
    ...(settings.entities === 'volumes' && settings.sliceRange ? { sliceRange: settings.sliceRange, step: settings.step } : {}),
    settings: { space: 'w', noise: 'const', steps: settings.steps },
    method: settings.method,
  };
}

function Counts({ counts }: { counts: CohortOutput['groups'] }): ReactNode {
  return (
    <table className="report-table" data-testid="cohort-counts">
      <thead>
        <tr>
          <th scope="col">group</th>
          <th scope="col">terms</th>
          <th scope="col">items</th>
          <th scope="col">subjects</th>
          <th scope="col">codes</th>
        </tr>
      </thead>
      <tbody>
        {counts.map((g) => (
          <tr key={g.name}>
            <th scope="row">{g.name}</th>
            <td>{g.terms.join(' ')}</td>
            <td>{g.items}</td>
            <td>{g.subjects}</td>
            <td>{g.codes}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function JobLine({ job }: { job: Job }): ReactNode {
  const client = useClient();
  const live = (job.state === 'running' || job.state === 'queued') && job.stopRequested === null;
  return (
    <div className="job" data-testid="cohort-job">
      <div className="job-head">
        <strong>{job.title}</strong>
        <span className={`job-state state-${job.state}`}>{job.state}</span>
      </div>
      {job.fraction !== null && <progress max={1} value={job.fraction} aria-label="cohort progress" />}
      <div className="muted" data-testid="cohort-progress-text">
        {job.message} {formatEta(job.etaSeconds)} {stopNotice(job) ?? ''}
      </div>
      {job.error && <div className="status-error">{job.error}</div>}
      {live && (
        <button type="button" onClick={() => void client.call('jobs.cancel', { id: job.id }).catch(() => undefined)}>
          Cancel
        </button>
      )}
    </div>
  );
}

/** A split chosen elsewhere (the edit pairs' "use as the cohort"): applied whenever `n` changes. */
export interface CohortPreset {
  n: number;
  entities: Entities;
  key: string;
  a: string;
  b: string;
}

export function CohortBuilder({ onBuilt, preset }: { onBuilt: (built: CohortBuilt, model: string) => void; preset?: CohortPreset | null }): ReactNode {
  const client = useClient();
  const [models] = useApiData((c) => c.call('models.list', {}));
  const [settings, setSettings] = useState<CohortSettings>({ model: '', entities: 'volumes', axis: 'z', sliceRange: null, step: 1, steps: 200, method: 'project' });
  // Both lists at once: switching between volumes and images needs no reload.
  const [entries] = useApiData(
    async (c) => ({ volumes: (await c.call('catalog.listVolumes', { limit: 100_000 })).rows, images: (await c.call('catalog.listImages', { limit: 100_000 })).rows }),
    ['catalogChanged'],
  );
  const labels = useMemo(() => (entries.status === 'ready' ? labelValues(entries.value[settings.entities]) : []), [entries, settings.entities]);
  const [key, setKey] = useState('');
  const [kind, setKind] = useState<SplitKind>('threshold');
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [counts, setCounts] = useState<CohortOutput['groups'] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [running, setRunning] = useState(false);
  useEffect(() => {
    if (!preset) return;
    setSettings((s) => ({ ...s, entities: preset.entities }));
    setKey(preset.key);
    setA(preset.a);
    setB(preset.b);
    // Only a new preset (its n) applies; the form stays the user's in between.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [preset?.n]);

  const modelList = models.status === 'ready' ? models.value.models : [];
  const model = settings.model || modelList[0]?.id || '';
  const hasEncoder = (modelList.find((m) => m.id === model)?.encoders.length ?? 0) > 0;
  const label = labels.find((l) => l.key === key) ?? labels[0];
  const categories = useMemo(() => [...new Set(label?.values ?? [])].sort(), [label]);
  const splitKind: SplitKind = label && !label.numeric ? 'category' : kind;
  const split: CohortSplit | null = !label
    ? null
    : splitKind === 'category'
      ? { kind: 'category', key: label.key, a: a || categories[0] || '', b: b || categories[1] || '' }
      : splitKind === 'threshold'
        ? { kind: 'threshold', key: label.key, below: Number(a || 35), above: Number(b || 60) }
        : { kind: 'quantile', key: label.key, fraction: Number(a || 0.33) };

  const input = useMemo((): { value: CohortInput } | { error: string } | null => {
    if (!split || !model) return null;
    try {
      return { value: cohortInput({ ...settings, model, method: hasEncoder ? settings.method : 'project' }, split, label?.values ?? []) };
    } catch (e) {
      return { error: errorText(e) };
    }
    // split is rebuilt each render from its parts; its JSON is the dependency.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [JSON.stringify(split), model, settings, label, hasEncoder]);

  // The sizes before anything runs: a dry run whenever the definition changes.
  useEffect(() => {
    setCounts(null);
    if (!input || 'error' in input) {
      setProblem(input && 'error' in input ? input.error : null);
      return undefined;
    }
    let live = true;
    client
      .call('direction.cohort', { ...input.value, dryRun: true })
      .then((out) => live && (setCounts(out.groups), setProblem(null)))
      .catch((e: unknown) => live && setProblem(errorText(e)));
    return () => {
      live = false;
    };
  }, [client, input]);

  const onRun = (event: FormEvent): void => {
    event.preventDefault();
    if (!input || 'error' in input) return;
    setRunning(true);
    setProblem(null);
    awaitJob(
      client,
      async () => {
        const started = await client.call('direction.cohort', input.value);
        if (!started.job) throw new Error('the cohort started no job');
        return started.job;
      },
      { onSubmitted: setJob, onEvent: (e) => setJob((j) => (j ? { ...j, state: e.state, fraction: e.fraction, message: e.message, etaSeconds: e.etaSeconds } : j)) },
    )
      .then((done) => {
        setJob(done);
        if (done.state === 'done') onBuilt(cohortBuiltSchema.parse(done.result), model);
      })
      .catch((e: unknown) => setProblem(errorText(e)))
      .finally(() => setRunning(false));
  };

  const set = <K extends keyof CohortSettings>(k: K, v: CohortSettings[K]): void => setSettings((s) => ({ ...s, [k]: v }));
  return (
    <section aria-label="Cohort" data-testid="cohort-builder">
      <h3>1. Cohort</h3>
      {models.status === 'ready' && modelList.length === 0 && <p className="muted">No generator model yet: import or train one in Models &amp; training.</p>}
      {entries.status === 'ready' && labels.length === 0 && <p className="muted">No labelled {settings.entities} in the catalog: import images and a labels CSV (age, sex, class…) first.</p>}
      <form className="path-form" onSubmit={onRun}>
        <label htmlFor="cohort-model">Model</label>
        <select id="cohort-model" value={model} onChange={(e) => set('model', e.target.value)}>
          {modelList.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name} ({m.resolution}², {m.location})
            </option>
          ))}
        </select>
        <label htmlFor="cohort-entities">Catalog entries</label>
        <select id="cohort-entities" value={settings.entities} onChange={(e) => set('entities', e.target.value as Entities)}>
          <option value="volumes">volumes (NIfTI)</option>
          <option value="images">2D images</option>
        </select>
        <label htmlFor="cohort-label">Split by label</label>
        <select id="cohort-label" value={label?.key ?? ''} onChange={(e) => (setKey(e.target.value), setA(''), setB(''))}>
          {labels.map((l) => (
            <option key={l.key} value={l.key}>
              {l.key} ({l.numeric ? 'numeric' : 'categories'}, {l.values.length} entries)
            </option>
          ))}
        </select>
        {label?.numeric && (
          <>
            <label htmlFor="cohort-kind">Groups</label>
            <select id="cohort-kind" value={kind} onChange={(e) => (setKind(e.target.value as SplitKind), setA(''), setB(''))}>
              <option value="threshold">thresholds (a below, b above)</option>
              <option value="quantile">quantiles (lowest vs highest fraction)</option>
            </select>
          </>
        )}
        {splitKind === 'category' && (
          <>
            <label htmlFor="cohort-a">Group a</label>
            <select id="cohort-a" value={a || categories[0] || ''} onChange={(e) => setA(e.target.value)}>
              {categories.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
            <label htmlFor="cohort-b">Group b</label>
            <select id="cohort-b" value={b || categories[1] || ''} onChange={(e) => setB(e.target.value)}>
              {categories.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </>
        )}
        {splitKind === 'threshold' && (
          <>
            <label htmlFor="cohort-a">Group a: {label?.key} below</label>
            <input id="cohort-a" type="number" value={a || '35'} onChange={(e) => setA(e.target.value)} />
            <label htmlFor="cohort-b">Group b: {label?.key} above</label>
            <input id="cohort-b" type="number" value={b || '60'} onChange={(e) => setB(e.target.value)} />
          </>
        )}
        {splitKind === 'quantile' && (
          <>
            <label htmlFor="cohort-a">Fraction at each end (0.33 = thirds)</label>
            <input id="cohort-a" type="number" min="0.01" max="0.5" step="0.01" value={a || '0.33'} onChange={(e) => setA(e.target.value)} />
          </>
        )}
        {settings.entities === 'volumes' && (
          <>
            <label htmlFor="cohort-axis">Slice axis</label>
            <select id="cohort-axis" value={settings.axis} onChange={(e) => set('axis', e.target.value as CohortSettings['axis'])}>
              <option value="z">z (axial)</option>
              <option value="y">y (coronal)</option>
              <option value="x">x (sagittal)</option>
            </select>
            <label htmlFor="cohort-range">Slices (fractions of the axis; empty = the middle slice)</label>
            <input
              id="cohort-range"
              placeholder="0.45,0.55"
              defaultValue=""
              onChange={(e) => {
                const parts = e.target.value.split(',').map(Number);
                set('sliceRange', parts.length === 2 && parts.every((p) => p >= 0 && p <= 1) ? [parts[0], parts[1]] : null);
              }}
            />
            <label htmlFor="cohort-step">Every n-th slice of the range</label>
            <input id="cohort-step" type="number" min="1" value={settings.step} onChange={(e) => set('step', Math.max(1, Math.round(Number(e.target.value))))} />
          </>
        )}
        <label htmlFor="cohort-method">Codes from</label>
        <select id="cohort-method" value={settings.method} onChange={(e) => set('method', e.target.value as InversionMethod)}>
          <option value="project">projection (W, constant noise)</option>
          <option value="encode" disabled={!hasEncoder}>
            the model&apos;s encoder, one pass{hasEncoder ? '' : ' (it has none)'}
          </option>
          <option value="encode+refine" disabled={!hasEncoder}>
            encoder + refinement steps
          </option>
        </select>
        <label htmlFor="cohort-steps">{settings.method === 'encode+refine' ? 'Refinement steps per code (from the encoder, constant noise)' : 'Projection steps per code (W, constant noise)'}</label>
        <input id="cohort-steps" type="number" min="1" max="5000" value={settings.steps} onChange={(e) => set('steps', Math.max(1, Math.round(Number(e.target.value))))} />
        <button type="submit" disabled={!counts || running}>
          {running ? 'Making codes…' : 'Make the codes'}
        </button>
      </form>
      {counts && <Counts counts={counts} />}
      <FormError message={problem} />
      {job && <JobLine job={job} />}
    </section>
  );
}
