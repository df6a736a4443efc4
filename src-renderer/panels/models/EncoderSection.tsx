// A model's encoders (one-pass inversion, issue 14): each with its held-out reconstruction report, and "Train encoder":
// a form that starts an encoder-training job, followed here with progress, ETA, pause/resume and cancel.
import { useEffect, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { encoderTrainingText, type EncoderSummary, type ReconstructionReport, type ReconstructionStats } from '../../../src-shared/api/encoder.js';
import type { Job } from '../../../src-shared/api/jobs.js';
import type { ModelSummary } from '../../../src-shared/api/models.js';
import { useClient } from '../../api/client.js';
import { errorText, useApiData } from '../common/useApiData.js';
import { formatEta, stopNotice } from '../jobs/jobText.js';
import { FormError } from '../common/FormError.js';

const encoderTrainingKind = 'encoder-training';

function statsCells(s: ReconstructionStats): ReactNode {
  return (
    <>
      <td>{s.count}</td>
      <td>
        {s.meanSsim.toFixed(3)} ({s.minSsim.toFixed(2)}–{s.maxSsim.toFixed(2)})
      </td>
      <td>{s.meanMse.toExponential(2)}</td>
    </>
  );
}

function ReportTable({ report }: { report: ReconstructionReport }): ReactNode {
  const r = report.refined;
  return (
    <table className="encoder-report" data-testid="encoder-report">
      <caption>
        Held-out reconstruction ({report.heldOut.images} images of {report.heldOut.subjects} subject{report.heldOut.subjects === 1 ? '' : 's'} never trained on; SSIM wang2004 and MSE on [0, 1])
      </caption>
      <thead>
        <tr>
          <th>one pass, then G</th>
          <th>images</th>
          <th>mean SSIM (min–max)</th>
          <th>mean MSE</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td>real (held out)</td>
          {statsCells(report.real)}
        </tr>
        <tr>
          <td>synthetic G(w)</td>
          {statsCells(report.synthetic)}
        </tr>
        {r && (
          <tr>
            <td>real + {r.steps} projector steps</td>
            {statsCells(r.real)}
          </tr>
        )}
      </tbody>
      <tfoot>
        <tr>
          <td colSpan={4} className="muted">
            Time per image: encode {(report.secondsPerImage.encode * 1000).toFixed(1)} ms, with G {(report.secondsPerImage.encodeAndSynthesis * 1000).toFixed(1)} ms
            {r ? `; refinement ${r.secondsPerImage.toFixed(1)} s (a 1000-step projection ≈ ${(r.secondsPerStepPerImage * 1000).toFixed(0)} s)` : ''} · load {report.machine.loadAverage.toFixed(1)} on {report.machine.cpus} CPUs
            {r ? ` · the ${r.real.count} refined images scored ${r.onePass.meanSsim.toFixed(3)} after one pass` : ''}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

function EncoderItem({ encoder }: { encoder: EncoderSummary }): ReactNode {
  return (
    <li data-testid="encoder">
      <strong>{encoder.name}</strong>{' '}
      <span className="muted">
        {encoder.location === 'embedded' ? 'shipped' : 'trained here'} · {encoder.space === 'w' ? 'W' : 'W+'} · {encoderTrainingText(encoder)}
      </span>
      {encoder.report ? <ReportTable report={encoder.report} /> : <div className="muted">No held-out report recorded with this encoder (README, Encoder inversion, has its measured numbers).</div>}
    </li>
  );
}

function TrainingJob({ id, onEnded }: { id: string; onEnded: () => void }): ReactNode {
  const client = useClient();
  const [job] = useApiData((c) => c.call('jobs.get', { id }), ['jobProgress']);
  const [error, setError] = useState<string | null>(null);
  const state = job.status === 'ready' ? job.value.state : null;
  useEffect(() => {
    if (state === 'done') onEnded();
  }, [state, onEnded]);
  if (job.status !== 'ready') return job.status === 'error' ? <div className="status-error">{job.message}</div> : null;
  const j: Job = job.value;
  const act = (method: 'jobs.pause' | 'jobs.resume' | 'jobs.cancel'): void => {
    setError(null);
    client.call(method, { id }).catch((e: unknown) => setError(errorText(e)));
  };
  const live = (j.state === 'running' || j.state === 'queued') && j.stopRequested === null;
  const stopping = stopNotice(j);
  return (
    <div className="job" data-testid="encoder-job" data-state={j.state}>
      <div className="job-head">
        <span>{j.title}</span>
        <span className={`job-state state-${j.state}`}>{j.state}</span>
      </div>
      {j.fraction !== null && j.state !== 'done' && <progress max={1} value={j.fraction} aria-label="encoder training progress" />}
      <div className="muted" data-testid="encoder-job-message">
        {j.message} {j.state === 'running' ? formatEta(j.etaSeconds) : ''}
      </div>
      {stopping && <div className="muted">{stopping}</div>}
      {j.error && <div className="status-error">{j.error}</div>}
      <div className="job-actions">
        {live && (
          <button type="button" onClick={() => act('jobs.pause')}>
            Pause
          </button>
        )}
        {j.state === 'paused' && (
          <button type="button" onClick={() => act('jobs.resume')}>
            Resume
          </button>
        )}
        {(live || j.state === 'paused') && (
          <button type="button" onClick={() => act('jobs.cancel')}>
            Cancel
          </button>
        )}
      </div>
      <FormError message={error} as="div" />
    </div>
  );
}

function TrainEncoderForm({ model, onStarted }: { model: ModelSummary; onStarted: (job: Job) => void }): ReactNode {
  const client = useClient();
  const [datasets] = useApiData((c) => c.call('datasets.list', {}));
  const fitting = datasets.status === 'ready' ? datasets.value.datasets.filter((d) => d.resolution === model.resolution && d.channels === model.imgChannels) : [];
  const [dataset, setDataset] = useState('');
  const [space, setSpace] = useState<'w' | 'wplus'>('wplus');
  const [kimg, setKimg] = useState('10');
  const [out, setOut] = useState('');
  const [refine, setRefine] = useState('200');
  const [error, setError] = useState<string | null>(null);
  const chosen = fitting.find((d) => d.name === dataset) ?? fitting[0];
  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    if (!chosen) return;
    setError(null);
    client
      .call('encoder.train', { model: model.id, dataset: chosen.name, space, kimg: Number(kimg), reportRefineSteps: Number(refine), out: out.trim() || `${model.name}-encoder`.replace(/[^A-Za-z0-9._-]/g, '-') })
      .then(onStarted)
      .catch((e: unknown) => setError(errorText(e)));
  };
  if (datasets.status === 'ready' && fitting.length === 0) {
    return <p className="muted">No dataset of {model.resolution}² {model.imgChannels === 1 ? 'grey' : 'colour'} images to train an encoder on: build one with New dataset below.</p>;
  }
  return (
    <form className="path-form" onSubmit={onSubmit} aria-label={`Train an encoder for ${model.name}`}>
      <label htmlFor={`enc-dataset-${model.id}`}>Real images (dataset; 10 % of its subjects are held out for the report)</label>
      <select id={`enc-dataset-${model.id}`} value={chosen?.name ?? ''} onChange={(e) => setDataset(e.target.value)}>
        {fitting.map((d) => (
          <option key={d.name} value={d.name}>
            {d.name} — {d.count} images
          </option>
        ))}
      </select>
      <label htmlFor={`enc-space-${model.id}`}>Codes</label>
      <select id={`enc-space-${model.id}`} value={space} onChange={(e) => setSpace(e.target.value === 'w' ? 'w' : 'wplus')}>
        <option value="wplus">W+ (one w per layer)</option>
        <option value="w">W (one w)</option>
      </select>
      <label htmlFor={`enc-kimg-${model.id}`}>Length (kimg: thousands of images per cycle)</label>
      <input id={`enc-kimg-${model.id}`} type="number" min="0.001" step="any" value={kimg} onChange={(e) => setKimg(e.target.value)} />
      <label htmlFor={`enc-refine-${model.id}`}>Report: projector refinement steps from E(x) on 4 held-out images (0: none)</label>
      <input id={`enc-refine-${model.id}`} type="number" min="0" step="1" value={refine} onChange={(e) => setRefine(e.target.value)} />
      <label htmlFor={`enc-out-${model.id}`}>Encoder name</label>
      <input id={`enc-out-${model.id}`} value={out} onChange={(e) => setOut(e.target.value)} placeholder={`${model.name}-encoder`} />
      <button type="submit">Start encoder training</button>
      <FormError message={error} />
    </form>
  );
}

export function EncoderSection({ model, onChanged }: { model: ModelSummary; onChanged: () => void }): ReactNode {
  const client = useClient();
  const [open, setOpen] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  // A training of this model started earlier (or from the CLI) is followed here too.
  useEffect(() => {
    let live = true;
    client
      .call('jobs.list', { states: ['running', 'queued', 'paused'] })
      .then(({ jobs }) => {
        const mine = jobs.find((j) => j.kind === encoderTrainingKind && (j.params.model as { id?: string } | undefined)?.id === model.id);
        if (live && mine) setJobId((current) => current ?? mine.id);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, model.id]);
  return (
    <div className="encoders" data-testid="encoders">
      <div className="job-head">
        <span>Encoders (one-pass inversion)</span>
        {!open && (
          <button type="button" onClick={() => setOpen(true)}>
            Train encoder
          </button>
        )}
      </div>
      {model.encoders.length === 0 ? (
        <p className="muted">No encoder yet: images of this model are inverted by projection only.</p>
      ) : (
        <ul className="encoder-list">
          {model.encoders.map((e) => (
            <EncoderItem key={`${e.location}:${e.name}`} encoder={e} />
          ))}
        </ul>
      )}
      {open && (
        <TrainEncoderForm
          model={model}
          onStarted={(job) => {
            setJobId(job.id);
            setOpen(false);
          }}
        />
      )}
      {jobId && <TrainingJob id={jobId} onEnded={onChanged} />}
    </div>
  );
}
