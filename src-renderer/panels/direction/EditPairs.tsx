// Edit pairs for the "edit pair" method: the user links an edited copy I* (imported like any file, through the study
// browser's open dialog or path field) to its original I, or a follow-up to the baseline of the same subject, from
// the catalog; several pairs are listed with Unlink. "Use the pairs as the cohort" fills the cohort builder with
// edit_pair=original vs edit_pair=edited, whose codes come from projection or the encoder like any cohort's.
import { useEffect, useMemo, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { linkedPairs } from '../../../src-shared/catalog/editPairs.js';
import { useClient } from '../../api/client.js';
import { errorText, useApiData } from '../common/useApiData.js';

type Entities = 'images' | 'volumes';

interface Item {
  id: string;
  path: string;
  labels: Record<string, string>;
}

/** The file name (and its folder) of a catalog item, with its id: enough to tell copies apart. */
function itemText(item: Item | undefined, id: string): string {
  if (!item) return id;
  const parts = item.path.split(/[\\/]/);
  return `${parts.slice(-2).join('/')} (${item.id})`;
}

export function EditPairs({ onUse }: { onUse: (entities: Entities) => void }): ReactNode {
  const client = useClient();
  const [entries] = useApiData(
    async (c) => ({ volumes: (await c.call('catalog.listVolumes', { limit: 100_000 })).rows, images: (await c.call('catalog.listImages', { limit: 100_000 })).rows }),
    ['catalogChanged'],
  );
  const [entities, setEntities] = useState<Entities>('images');
  const [original, setOriginal] = useState('');
  const [edited, setEdited] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const items: Item[] = useMemo(() => (entries.status === 'ready' ? entries.value[entities] : []), [entries, entities]);
  const byId = useMemo(() => new Map(items.map((i) => [i.id, i])), [items]);
  const pairs = useMemo(() => linkedPairs(items), [items]);
  // Closed until the user opens it, or open once the catalog holds linked pairs.
  const [open, setOpen] = useState(false);
  const anyPairs = pairs.length > 0;
  useEffect(() => {
    if (anyPairs) setOpen(true);
  }, [anyPairs]);

  const call = (work: () => Promise<unknown>): void => {
    setBusy(true);
    setError(null);
    work()
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => setBusy(false));
  };
  const onLink = (event: FormEvent): void => {
    event.preventDefault();
    call(async () => {
      await client.call('direction.linkPair', { edited, original });
      setEdited('');
    });
  };

  return (
    <section aria-label="Edit pairs" data-testid="edit-pairs">
      <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>
          Edit pairs for the edit-pair method{pairs.length > 0 ? `: ${pairs.length} linked` : ''}
        </summary>
        <p className="muted">
          Link an edited copy I* of an image I (import the edited file first: Open file… or the path field of the study browser) or a follow-up to its baseline (two catalog items of one
          subject). The direction is normalize(mean(E(I*) − E(I))) over the pairs.
        </p>
        <form className="path-form" onSubmit={onLink} aria-label="Link an edit pair">
          <label htmlFor="pair-entities">Pairs of</label>
          <select id="pair-entities" value={entities} onChange={(e) => (setEntities(e.target.value as Entities), setOriginal(''), setEdited(''))}>
            <option value="images">2D images</option>
            <option value="volumes">volumes (NIfTI)</option>
          </select>
          <label htmlFor="pair-original">Original I or baseline</label>
          <select id="pair-original" value={original} onChange={(e) => setOriginal(e.target.value)}>
            <option value="">choose…</option>
            {items.map((i) => (
              <option key={i.id} value={i.id}>
                {itemText(i, i.id)}
              </option>
            ))}
          </select>
          <label htmlFor="pair-edited">Edited copy I* or follow-up</label>
          <select id="pair-edited" value={edited} onChange={(e) => setEdited(e.target.value)}>
            <option value="">choose…</option>
            {items
              .filter((i) => i.id !== original)
              .map((i) => (
                <option key={i.id} value={i.id}>
                  {itemText(i, i.id)}
                </option>
              ))}
          </select>
          <button type="submit" disabled={busy || !original || !edited}>
            Link the pair
          </button>
        </form>
        {error && (
          <p className="status-error" role="alert">
            {error}
          </p>
        )}
        {pairs.length > 0 && (
          <>
            <table className="report-table" data-testid="edit-pair-list">
              <thead>
                <tr>
                  <th scope="col">original / baseline</th>
                  <th scope="col">edited copy / follow-up</th>
                  <th scope="col">link</th>
                </tr>
              </thead>
              <tbody>
                {pairs.map((p) => (
                  <tr key={p.edited} data-testid="edit-pair-row">
                    <td>{itemText(byId.get(p.original), p.original)}</td>
                    <td>{itemText(byId.get(p.edited), p.edited)}</td>
                    <td>
                      <button type="button" aria-label={`Unlink ${p.edited}`} disabled={busy} onClick={() => call(() => client.call('direction.linkPair', { edited: p.edited, original: null }))}>
                        Unlink
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button type="button" onClick={() => onUse(entities)}>
              Use the {pairs.length} pair{pairs.length === 1 ? '' : 's'} as the cohort
            </button>
          </>
        )}
      </details>
    </section>
  );
}
