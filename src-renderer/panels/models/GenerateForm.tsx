// "Generate" of the Models panel: seeds (NVlabs generate.py syntax) and truncation ψ → a grid of synthetic images
// made by the generator in the worker (models.generate), every one marked SYNTHETIC; the result stays in the data
// directory like any other.
import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { seedList } from '../../../src-shared/api/seeds.js';
import { useClient } from '../../api/client.js';
import { errorText, useApiData } from '../common/useApiData.js';
import { GeneratedGrid } from './GeneratedGrid.js';
import { FormError } from '../common/FormError.js';

export function GenerateForm(): ReactNode {
  const client = useClient();
  const [models] = useApiData((c) => c.call('models.list', {}));
  const [model, setModel] = useState('');
  const [seeds, setSeeds] = useState('0-7');
  const [psi, setPsi] = useState('1');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<{ result: string; labels: string[]; text: string } | null>(null);
  const list = models.status === 'ready' ? models.value.models : [];
  const chosen = model || list[0]?.id || '';

  const onGenerate = (event: FormEvent): void => {
    event.preventDefault();
    setError(null);
    let seedValues: number[];
    const psiValue = Number(psi);
    try {
      seedValues = seedList(seeds);
      if (seedValues.length > 64) throw new Error(`seeds: ${seedValues.length} images is more than the 64 the panel shows; use the CLI (latentrad generate) for more`);
      if (!psi.trim() || !Number.isFinite(psiValue) || Math.abs(psiValue) > 2) throw new Error(`Truncation ψ: "${psi}" is not a number from −2 to 2`);
    } catch (e) {
      setError(errorText(e));
      return;
    }
    setBusy(true);
    client
      .call('models.generate', { model: chosen, seeds: seedValues, psi: psiValue, format: 'npy' })
      .then((r) =>
        setShown({
          result: r.result.id,
          labels: seedValues.map((s) => `seed ${s}`),
          text: `${r.count} images ${r.shape[2]}×${r.shape[3]} in ${(r.elapsedMs / 1000).toFixed(2)} s on ${r.backend}; raw output range [${r.range[0].toFixed(2)}, ${r.range[1].toFixed(2)}] · result ${r.result.id}`,
        }),
      )
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => setBusy(false));
  };

  return (
    <section aria-label="Generate">
      <h3>Generate</h3>
      <form className="path-form" onSubmit={onGenerate}>
        <div className="fidelity-row">
          <label className="fidelity-field">
            Model
            <select value={chosen} onChange={(e) => setModel(e.target.value)}>
              {list.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} ({m.resolution} px)
                </option>
              ))}
            </select>
          </label>
          <label className="fidelity-field">
            Seeds
            <input value={seeds} onChange={(e) => setSeeds(e.target.value)} placeholder="0-7" />
          </label>
          <label className="fidelity-field">
            Truncation ψ
            <input value={psi} onChange={(e) => setPsi(e.target.value)} inputMode="decimal" />
          </label>
        </div>
        <button type="submit" disabled={busy || !chosen}>
          {busy ? 'Generating…' : 'Generate'}
        </button>
      </form>
      <FormError message={error} />
      {shown && (
        <div data-testid="generated">
          <p className="muted">{shown.text}</p>
          <GeneratedGrid result={shown.result} labels={shown.labels} />
        </div>
      )}
    </section>
  );
}
