// Generator models with their provenance; import a model directory (e.g. exported from NVlabs) by path.
import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { ModelSummary } from '../../../src-shared/api/models.js';
import { useClient } from '../../api/client.js';
import { errorText, useApiData } from '../common/useApiData.js';
import { EncoderSection } from './EncoderSection.js';
import { GeneratedGrid } from './GeneratedGrid.js';
import { QualityChart } from './QualityChart.js';
import { FormError } from '../common/FormError.js';

/** The seeds of a model's sample preview (the same four for every model, so models compare side by side). */
const previewSeeds = [0, 1, 2, 3];

function ModelRow({ model, onRemoved }: { model: ModelSummary; onRemoved: () => void }): ReactNode {
  const client = useClient();
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { provenance: p } = model;
  const onPreview = (): void => {
    setBusy(true);
    setError(null);
    client
      .call('models.generate', { model: model.id, seeds: previewSeeds, format: 'npy' })
      .then((r) => setPreview(r.result.id))
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => setBusy(false));
  };
  return (
    <li className="model" data-testid="model" data-model={model.name}>
      <div className="job-head">
        <strong>{model.name}</strong>
        <span className="muted">{model.location === 'embedded' ? 'built in' : 'imported'}</span>
      </div>
      <div className="muted">
        {model.resolution}×{model.resolution} · {model.imgChannels === 1 ? 'grey' : `${model.imgChannels} channels`} · z {model.zDim} · w {model.wDim} × {model.numWs}
      </div>
      <div className="muted">
        {p.source}: {p.description}
        {p.kimg !== undefined ? ` · ${p.kimg} kimg` : ''}
        {p.licence ? ` · ${p.licence}` : ''}
      </div>
      <QualityChart model={model.id} />
      <EncoderSection model={model} onChanged={onRemoved} />
      {preview ? (
        <div className="model-preview" data-testid="model-preview">
          <GeneratedGrid result={preview} labels={previewSeeds.map((seed) => `seed ${seed}`)} />
        </div>
      ) : (
        <button type="button" onClick={onPreview} disabled={busy}>
          {busy ? 'Generating…' : 'Sample preview (seeds 0–3)'}
        </button>
      )}
      {model.location === 'data' && (
        <button
          type="button"
          onClick={() =>
            client
              .call('models.remove', { model: model.id })
              .then(onRemoved)
              .catch((e: unknown) => setError(errorText(e)))
          }
        >
          Remove
        </button>
      )}
      <FormError message={error} as="div" />
    </li>
  );
}

export function ModelsList(): ReactNode {
  const client = useClient();
  const [models, reload] = useApiData((c) => c.call('models.list', {}));
  const [path, setPath] = useState('');
  const [notice, setNotice] = useState<{ error: boolean; text: string } | null>(null);

  const onImport = (event: FormEvent): void => {
    event.preventDefault();
    if (!path.trim()) return;
    setNotice(null);
    client
      .call('models.import', { path: path.trim() })
      .then(({ model, alreadyPresent }) => {
        setNotice({ error: false, text: alreadyPresent ? `${model.name} was already imported.` : `Imported ${model.name}.` });
        setPath('');
        reload();
      })
      .catch((e: unknown) => setNotice({ error: true, text: errorText(e) }));
  };

  return (
    <section aria-label="Models">
      <h3>Generator models</h3>
      {models.status === 'loading' && <p className="muted">Loading models…</p>}
      {models.status === 'error' && <p className="status-error">Cannot list models: {models.message}</p>}
      {models.status === 'ready' &&
        (models.value.models.length === 0 ? (
          <p className="muted">No models yet: train one below or import one.</p>
        ) : (
          <ul className="job-list">
            {models.value.models.map((m) => (
              <ModelRow key={m.id} model={m} onRemoved={reload} />
            ))}
          </ul>
        ))}
      <form className="path-form" onSubmit={onImport}>
        <label htmlFor="model-path">Import a model directory (model.json + safetensors, e.g. from scripts/export_stylegan2_ada.py)</label>
        <input id="model-path" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/model-dir" />
        <button type="submit">Import model</button>
      </form>
      {notice && (
        <p className={notice.error ? 'status-error' : 'muted'} role="alert">
          {notice.text}
        </p>
      )}
    </section>
  );
}
