// The New dataset form: a catalog selection and the slicing/normalisation settings, submitted as a `dataset` job
// (datasets.submit) that the Jobs panel follows.
import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { catalogDatasetEntities, modalities } from '../../../src-shared/api/datasets.js';
import type { DatasetCreateInput } from '../../../src-shared/api/datasets.js';
import { ApiError } from '../../../src-shared/api/errors.js';
import { fieldName } from '../../../src-shared/api/issueMessages.js';
import { parseWhere } from '../../../src-shared/catalog/where.js';
import { useClient } from '../../api/client.js';
import { errorText } from '../common/useApiData.js';
import { FormError } from '../common/FormError.js';

type Entity = (typeof catalogDatasetEntities)[number];
type Modality = (typeof modalities)[number];

const entityLabels: Record<Entity, string> = { volumes: 'Volumes (NIfTI)', images: 'Images (PNG/JPEG)', series: 'DICOM series' };
const axes = [
  ['z', 'Axial (z)'],
  ['y', 'Coronal (y)'],
  ['x', 'Sagittal (x)'],
] as const;

/** Contract field paths in the words of the form, so a refused request names the control to fix. */
const fieldLabels: Record<string, string> = {
  name: 'Dataset name',
  'source.where': 'Filters',
  'source.entities': 'Catalog entries',
  resolution: 'Resolution',
  sliceRange: 'Slice range',
  'sliceRange.0': 'Slice range from',
  'sliceRange.1': 'Slice range to',
  minForeground: 'Minimum foreground',
  sliceStep: 'Slice step',
};

function issueLines(error: unknown): string[] {
  if (error instanceof ApiError && error.code === 'validation' && error.issues?.length) {
    // The message starts with the field in contract words (issueMessages.ts): say it as the form's label does.
    return error.issues.map((i) => {
      const label = fieldLabels[i.path];
      const generic = fieldName(i.path);
      if (!label) return i.message;
      // A schema's own message ("use 1–64 letters, …") does not name the field: put the label in front.
      return i.message.startsWith(generic) ? `${label}${i.message.slice(generic.length)}` : `${label}: ${i.message}`;
    });
  }
  return [errorText(error)];
}

export function NewDatasetForm(): ReactNode {
  const client = useClient();
  const [name, setName] = useState('');
  const [entities, setEntities] = useState<Entity[]>([...catalogDatasetEntities]);
  const [filters, setFilters] = useState('');
  const [resolution, setResolution] = useState('64');
  const [axis, setAxis] = useState<DatasetCreateInput['axis']>('z');
  const [rangeFrom, setRangeFrom] = useState('0');
  const [rangeTo, setRangeTo] = useState('1');
  const [minForeground, setMinForeground] = useState('0.2');
  const [sliceStep, setSliceStep] = useState('1');
  const [resample, setResample] = useState<DatasetCreateInput['resample']>('area');
  const [fit, setFit] = useState<DatasetCreateInput['fit']>('pad');
  const [modality, setModality] = useState<Modality>('MR');
  const [errors, setErrors] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);

  const toggle = (entity: Entity, on: boolean): void =>
    setEntities((list) => catalogDatasetEntities.filter((e) => (e === entity ? on : list.includes(e))));

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    setNotice(null);
    let where: Record<string, string>;
    try {
      where = parseWhere(filters.split('\n'));
    } catch (e) {
      setErrors([`Filters: ${errorText(e)}`]);
      return;
    }
    setErrors([]);
    // Empty number fields go to the API as NaN so that its validation names them, instead of a silent 0.
    const number = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));
    client
      .call('datasets.submit', {
        name: name.trim(),
        source: { kind: 'catalog', where, entities },
        resolution: Number(resolution),
        axis,
        sliceRange: [number(rangeFrom), number(rangeTo)],
        minForeground: number(minForeground),
        sliceStep: number(sliceStep),
        resample,
        fit,
        modality,
      })
      .then((job) => setNotice(`Building dataset "${name.trim()}" (job ${job.id}); follow it in the Jobs tab.`))
      .catch((e: unknown) => setErrors(issueLines(e)));
  };

  return (
    <section aria-label="New dataset">
      <h3>New dataset</h3>
      <p className="muted">Built from catalogued files: volumes are sliced along the axis, images and DICOM frames used whole.</p>
      <form className="path-form" onSubmit={onSubmit} noValidate>
        <label htmlFor="ds-name">Dataset name</label>
        <input id="ds-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. cxr-64" />
        <fieldset>
          <legend>Catalog entries</legend>
          {catalogDatasetEntities.map((entity) => (
            <div key={entity}>
              <label>
                <input type="checkbox" checked={entities.includes(entity)} onChange={(e) => toggle(entity, e.target.checked)} /> {entityLabels[entity]}
              </label>
            </div>
          ))}
        </fieldset>
        <label htmlFor="ds-where">Filters (key=value, one per line, as in latentrad ls --where)</label>
        <textarea id="ds-where" rows={2} value={filters} onChange={(e) => setFilters(e.target.value)} placeholder={'class=PNEUMONIA\nmodality=MR'} />
        <label htmlFor="ds-resolution">Resolution</label>
        <select id="ds-resolution" value={resolution} onChange={(e) => setResolution(e.target.value)}>
          {[32, 64, 128, 256].map((r) => (
            <option key={r} value={r}>
              {r}×{r}
            </option>
          ))}
        </select>
        <label htmlFor="ds-axis">Slice axis</label>
        <select id="ds-axis" value={axis} onChange={(e) => setAxis(e.target.value as DatasetCreateInput['axis'])}>
          {axes.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
        <label htmlFor="ds-range-from">Slice range from (fraction of the axis, 0–1)</label>
        <input id="ds-range-from" type="number" min="0" max="1" step="0.05" value={rangeFrom} onChange={(e) => setRangeFrom(e.target.value)} />
        <label htmlFor="ds-range-to">Slice range to (0–1)</label>
        <input id="ds-range-to" type="number" min="0" max="1" step="0.05" value={rangeTo} onChange={(e) => setRangeTo(e.target.value)} />
        <label htmlFor="ds-min-foreground">Minimum foreground (fraction of pixels, 0–1)</label>
        <input id="ds-min-foreground" type="number" min="0" max="1" step="0.05" value={minForeground} onChange={(e) => setMinForeground(e.target.value)} />
        <label htmlFor="ds-step">Slice step (every n-th slice)</label>
        <input id="ds-step" type="number" min="1" step="1" value={sliceStep} onChange={(e) => setSliceStep(e.target.value)} />
        <label htmlFor="ds-resample">Resample</label>
        <select id="ds-resample" value={resample} onChange={(e) => setResample(e.target.value as DatasetCreateInput['resample'])}>
          <option value="area">area (box average)</option>
          <option value="lanczos">lanczos</option>
        </select>
        <label htmlFor="ds-fit">Fit (non-square images)</label>
        <select id="ds-fit" value={fit} onChange={(e) => setFit(e.target.value as DatasetCreateInput['fit'])}>
          <option value="pad">pad</option>
          <option value="crop">crop</option>
        </select>
        <label htmlFor="ds-modality">Modality (normalisation)</label>
        <select id="ds-modality" value={modality} onChange={(e) => setModality(e.target.value as Modality)}>
          {modalities.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
        <button type="submit">Build dataset</button>
      </form>
      <FormError lines={errors} label="Dataset form errors" />
      {notice && (
        <p className="muted" role="status">
          {notice}
        </p>
      )}
    </section>
  );
}
