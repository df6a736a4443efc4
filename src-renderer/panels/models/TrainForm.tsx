// Datasets and a form to start training on one; the run itself is followed in the Jobs panel.
import { useEffect, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useClient } from '../../api/client.js';
import { errorText, useApiData } from '../common/useApiData.js';

export function TrainForm(): ReactNode {
  const client = useClient();
  const [datasets, reloadDatasets] = useApiData((c) => c.call('datasets.list', {}));
  // Only a finished dataset job changes the list; training progress events would reload it for nothing.
  useEffect(() => client.on('jobProgress', (e) => e.kind === 'dataset' && e.state === 'done' && reloadDatasets()), [client, reloadDatasets]);
  const [dataset, setDataset] = useState('');
  const [kimg, setKimg] = useState('20');
  const [batch, setBatch] = useState('16');
  const [out, setOut] = useState('');
  const [notice, setNotice] = useState<{ error: boolean; text: string } | null>(null);

  const list = datasets.status === 'ready' ? datasets.value.datasets : [];
  const chosen = list.find((d) => d.name === dataset) ?? list[0];

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    if (!chosen) return;
    setNotice(null);
    client
      .call('training.start', { dataset: chosen.name, resolution: chosen.resolution, kimg: Number(kimg), batch: Number(batch), out: out.trim() || `${chosen.name}-model` })
      .then((job) => setNotice({ error: false, text: `Training started (job ${job.id}); follow it in the Jobs tab.` }))
      .catch((e: unknown) => setNotice({ error: true, text: errorText(e) }));
  };

  return (
    <section aria-label="Training">
      <h3>Train a generator</h3>
      {datasets.status === 'error' && <p className="status-error">Cannot list datasets: {datasets.message}</p>}
      {datasets.status === 'ready' && list.length === 0 && (
        <p className="muted">No datasets yet. Build one with New dataset above, or `latentrad dataset create --from PATH --res 64 --out NAME`.</p>
      )}
      {list.length > 0 && (
        <form className="path-form" onSubmit={onSubmit}>
          <label htmlFor="train-dataset">Dataset</label>
          <select id="train-dataset" value={chosen?.name ?? ''} onChange={(e) => setDataset(e.target.value)}>
            {list.map((d) => (
              <option key={d.name} value={d.name}>
                {d.name} — {d.count} images, {d.resolution}²
              </option>
            ))}
          </select>
          <label htmlFor="train-kimg">Length (kimg: thousands of real images shown)</label>
          <input id="train-kimg" type="number" min="0.1" step="0.1" value={kimg} onChange={(e) => setKimg(e.target.value)} />
          <label htmlFor="train-batch">Batch size</label>
          <input id="train-batch" type="number" min="2" max="256" value={batch} onChange={(e) => setBatch(e.target.value)} />
          <label htmlFor="train-out">Model name</label>
          <input id="train-out" value={out} onChange={(e) => setOut(e.target.value)} placeholder={chosen ? `${chosen.name}-model` : ''} />
          <button type="submit">Start training</button>
        </form>
      )}
      {notice && (
        <p className={notice.error ? 'status-error' : 'muted'} role="alert">
          {notice.text}
        </p>
      )}
    </section>
  );
}
