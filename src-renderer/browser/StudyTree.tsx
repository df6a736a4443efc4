// The patient → study → series tree, NIfTI volumes and 2D image sets, with thumbnails, counts, label chips,
// search and sort. Opening a row shows it in the active viewer pane (volumes: three orthogonal panes).
import { useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { ImageRow, Provenance, SeriesRow, VolumeRow } from '../../src-shared/api/catalog.js';
import { groupByFolder } from '../../src-shared/viewer/stackOrder.js';
import { useClient } from '../api/client.js';
import type { CatalogData } from './useCatalog.js';
import type { DisplaySet } from '../viewer/store.js';
import { formatDate, imageSetStack, niftiViews, open, seriesStack, seriesTitle, volumeViews } from './openers.js';
import { countOf, distinctNames, seriesCountText, studyCountText } from './rowText.js';
import { Thumbnail } from './Thumbnail.js';

type Sort = 'name' | 'date-desc' | 'date-asc';

/** Cross-sectional modalities whose series can form a volume (MPR); projection and colour images cannot. */
const volumeModalities = new Set(['CT', 'MR', 'PT', 'NM', 'ST']);

function Chips({ labels }: { labels: Record<string, string> }): ReactNode {
  const entries = Object.entries(labels);
  if (entries.length === 0) return null;
  return (
    <span className="chips">
      {entries.map(([k, v]) => (
        <span key={k} className="chip" title={`${k}=${v}`}>
          {k}={v}
        </span>
      ))}
    </span>
  );
}

/** The tree's mark of generated content (catalog provenance), before anything is opened: the viewport marker's colours. */
function SyntheticChip({ provenance }: { provenance: Provenance }): ReactNode {
  if (provenance !== 'synthetic') return null;
  return (
    <span className="synthetic-chip" data-testid="synthetic-chip" title="Generated images (DICOM Synthetic Data = YES, or a generator's marker): not for diagnosis">
      SYNTHETIC
    </span>
  );
}

/** Labels are searchable as "key=value" (so "class=PNEUMONIA" finds exactly that label). */
const labelTerms = (labels: Record<string, string>): string[] => Object.entries(labels).map(([k, v]) => `${k}=${v}`);

const matches = (query: string, ...fields: (string | null | undefined)[]): boolean =>
  query === '' || fields.some((f) => (f ?? '').toLowerCase().includes(query));

export function StudyTree({ data }: { data: CatalogData }): ReactNode {
  const client = useClient();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<Sort>('date-desc');
  const [error, setError] = useState<string | null>(null);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const q = query.trim().toLowerCase();

  const tree = useMemo(() => {
    const studiesOf = new Map<string, typeof data.studies>();
    for (const s of data.studies) studiesOf.set(s.patient, [...(studiesOf.get(s.patient) ?? []), s]);
    const seriesOf = new Map<string, SeriesRow[]>();
    for (const s of data.series) seriesOf.set(s.study, [...(seriesOf.get(s.study) ?? []), s]);
    const byDate = (a: string | null, b: string | null): number => (a ?? '').localeCompare(b ?? '');
    const patients = data.patients
      .map((p) => {
        const studies = (studiesOf.get(p.id) ?? [])
          .map((st) => {
            const series = (seriesOf.get(st.id) ?? [])
              .filter((se) => matches(q, p.name, p.patientId, st.description, st.accessionNumber, se.description, se.modality, ...labelTerms({ ...p.labels, ...st.labels, ...se.labels })))
              .sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
            return { study: st, series, all: seriesOf.get(st.id) ?? [] };
          })
          .filter((s) => s.series.length > 0)
          .sort((a, b) => (sort === 'date-asc' ? byDate(a.study.date, b.study.date) : byDate(b.study.date, a.study.date)));
        return { patient: p, studies };
      })
      .filter((p) => p.studies.length > 0);
    if (sort === 'name') patients.sort((a, b) => a.patient.name.localeCompare(b.patient.name));
    else patients.sort((a, b) => (sort === 'date-asc' ? 1 : -1) * byDate(a.studies[0]?.study.date ?? null, b.studies[0]?.study.date ?? null));
    const names = new Map(distinctNames(data.volumes.map((v) => v.path)).map((name, i) => [data.volumes[i].id, name]));
    const volumes = data.volumes.filter((v) => matches(q, v.path, v.description, ...labelTerms(v.labels))).map((v) => ({ volume: v, name: names.get(v.id) ?? v.path }));
    const imageSets = groupByFolder(data.images.filter((i) => matches(q, i.path, ...labelTerms(i.labels))));
    return { patients, volumes, imageSets };
  }, [data, q, sort]);

  // A click opens what it names once its stack is described (a series needs a round trip): only the latest click
  // opens, so a slow series answer arriving after a later click on a volume does not replace that volume.
  const latestOpen = useRef(0);
  const run = (task: () => Promise<DisplaySet[]> | DisplaySet[]): void => {
    const ticket = ++latestOpen.current;
    setError(null);
    Promise.resolve()
      .then(task)
      .then((displays) => {
        if (ticket === latestOpen.current) open(displays);
      })
      .catch((e: unknown) => {
        if (ticket === latestOpen.current) setError(e instanceof Error ? e.message : String(e));
      });
  };
  const toggle = (id: string): void => setCollapsed((c) => {
    const next = new Set(c);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });

  const openSeries = (series: SeriesRow, asVolume: boolean): void =>
    run(async () => {
      const study = data.studies.find((s) => s.id === series.study);
      const patient = data.patients.find((p) => p.id === study?.patient);
      const stack = await seriesStack(client, series, patient, study);
      if (!asVolume) return [stack];
      return volumeViews({ sourceId: series.id, title: stack.title, patient: stack.patient, study: stack.study, modality: series.modality, provenance: series.provenance });
    });
  const openVolume = (volume: VolumeRow, name: string): void => run(() => niftiViews(volume, name));
  const openImages = (name: string, images: ImageRow[]): void => run(() => [imageSetStack(name, images)]);

  return (
    <div className="study-tree">
      <div className="tree-controls">
        <input type="search" aria-label="Search studies" placeholder="Search name, ID, label…" title="Patient name or ID, accession number, study or series description, modality, file path, or a label (key=value)" value={query} onChange={(e) => setQuery(e.target.value)} />
        <select aria-label="Sort" value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
          <option value="date-desc">Newest first</option>
          <option value="date-asc">Oldest first</option>
          <option value="name">Patient name</option>
        </select>
      </div>
      {error && (
        <p className="notice" role="alert">
          {error}
        </p>
      )}
      {data.truncated && <p className="muted">Only the first 5000 rows of a listing are shown; use search to narrow.</p>}
      <ul className="tree" role="tree" aria-label="Patients and studies">
        {tree.patients.map(({ patient, studies }) => (
          <li key={patient.id} role="treeitem" aria-expanded={!collapsed.has(patient.id)}>
            <button type="button" className="tree-row patient-row" onClick={() => toggle(patient.id)}>
              <strong>{patient.name || '(no name)'}</strong> <span className="muted">{patient.patientId}</span> <Chips labels={patient.labels} />
            </button>
            {!collapsed.has(patient.id) && (
              <ul role="group">
                {studies.map(({ study, series, all }) => (
                  <li key={study.id} role="treeitem">
                    <div className="tree-row study-row" data-testid="study-row" data-study-id={study.id}>
                      <SyntheticChip provenance={study.provenance} />
                      <span>{formatDate(study.date) || 'no date'}</span> <span>{study.description || '(no description)'}</span>{' '}
                      <span className="muted">
                        {study.modalities.join('/')} · {studyCountText(all)}
                      </span>{' '}
                      <Chips labels={study.labels} />
                    </div>
                    <ul role="group">
                      {series.map((se) => (
                        <li key={se.id} role="treeitem" className="series-item" data-testid="series-row" data-series-id={se.id}>
                          <button type="button" className="tree-row series-row" disabled={!se.displayable} onClick={() => openSeries(se, false)} title={se.displayable ? 'Open as stack' : 'Not an image series'}>
                            {se.displayable && <Thumbnail source={{ kind: 'series', id: se.id }} />}
                            <span className="series-text">
                              <SyntheticChip provenance={se.provenance} />
                              <span className="modality">{se.modality ?? '??'}</span> {seriesTitle(se)}
                              <span className="muted"> · {seriesCountText(se)}</span>
                              <Chips labels={se.labels} />
                            </span>
                          </button>
                          {se.displayable && se.frameCount > 2 && volumeModalities.has(se.modality ?? '') && (
                            <button type="button" className="mpr-button" title="Open as a volume in axial, sagittal and coronal views" onClick={() => openSeries(se, true)}>
                              MPR
                            </button>
                          )}
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      {tree.volumes.length > 0 && (
        <>
          <h3 className="tree-heading">Volumes</h3>
          <ul className="tree" aria-label="NIfTI volumes">
            {tree.volumes.map(({ volume: v, name }) => (
              <li key={v.id} data-testid="volume-row" data-volume-id={v.id}>
                <button type="button" className="tree-row series-row" onClick={() => openVolume(v, name)} title={v.path}>
                  <Thumbnail source={{ kind: 'volume', id: v.id, slices: v.dims[2] ?? 1 }} />
                  <span className="series-text">
                    <SyntheticChip provenance={v.provenance} /> {name}
                    <span className="muted"> · {v.dims.slice(0, 3).join('×')}</span>
                    <Chips labels={v.labels} />
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {tree.imageSets.length > 0 && (
        <>
          <h3 className="tree-heading">Image sets</h3>
          <ul className="tree" aria-label="2D image sets">
            {tree.imageSets.map((set) => (
              <li key={set.folder} data-testid="image-set-row">
                <button type="button" className="tree-row series-row" onClick={() => openImages(set.name, set.items)} title={set.folder}>
                  <Thumbnail source={{ kind: 'image', id: set.items[0].id }} />
                  <span className="series-text">
                    <SyntheticChip provenance={set.items.some((i) => i.provenance === 'synthetic') ? 'synthetic' : 'acquired'} /> {set.name}
                    <span className="muted"> · {countOf(set.items.length, 'image')}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
