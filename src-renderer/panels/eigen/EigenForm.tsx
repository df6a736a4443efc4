// The eigen panel's request: which ordered stack (an edit series, a catalog DICOM series with α = frame index or typed
// α values, or a stack file with its α values) and which mask (Otsu on the reference image, none, a mask file, or the
// ROIs drawn on the reference images in the viewer).
import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { SeriesRow } from '../../../src-shared/api/catalog.js';
import type { EigenInput, EigenOutput } from '../../../src-shared/api/eigen.js';
import { roisOn } from '../../viewer/roiAnnotations.js';
import { drawnRegion } from './eigenRegion.js';
import { referenceImageIds } from './eigenViewer.js';
import { FormError } from '../common/FormError.js';

type MaskChoice = 'auto' | 'none' | 'file' | 'region';
const stackFile = '__stack_file__';

/** α values typed as "0, 0.5, 1" (commas or spaces); `min` per stack kind (a catalog series may have 2 frames). */
export function parseAlphas(text: string, min = 3): number[] {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  const values = parts.map(Number);
  const bad = parts.find((_, i) => !Number.isFinite(values[i]));
  if (bad !== undefined) throw new Error(`α values: "${bad}" is not a number`);
  if (values.length < min) throw new Error(`α values: give one per image of the stack (at least ${min}), e.g. "0, 1, 2, 3"`);
  return values;
}

/** How the form lists a catalog series: id, modality, description, frame count, and the synthetic mark. */
export function catalogSeriesLabel(row: Pick<SeriesRow, 'id' | 'modality' | 'description' | 'frameCount' | 'provenance'>): string {
  const what = [row.modality, row.description, `${row.frameCount} frames`].filter(Boolean).join(', ');
  return `${row.id} — ${what}${row.provenance === 'synthetic' ? ' (SYNTHETIC)' : ''}`;
}

export interface EigenFormProps {
  series: Array<{ id: string; synthetic: boolean }>;
  /** Catalog DICOM series with at least 2 frames (the panel filters them). */
  catalogSeries: SeriesRow[];
  busy: boolean;
  /** The last analysis and the series it analysed: its α = 0 images are where a region is drawn. */
  last: { series: string; out: EigenOutput } | null;
  onRun: (input: EigenInput) => void;
}

export function EigenForm({ series, catalogSeries, busy, last, onRun }: EigenFormProps): ReactNode {
  const [chosen, setChosen] = useState('');
  const [path, setPath] = useState('');
  const [alphas, setAlphas] = useState('');
  const [mask, setMask] = useState<MaskChoice>('auto');
  const [maskPath, setMaskPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const target = chosen || series[0]?.id || catalogSeries[0]?.id || stackFile;
  const isFile = target === stackFile;
  const isCatalog = catalogSeries.some((r) => r.id === target);

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    setError(null);
    try {
      // A catalog series' α is its frame index unless α values are typed (one per frame, e.g. months since baseline).
      const input: EigenInput = isFile
        ? { series: path.trim(), alphas: parseAlphas(alphas) }
        : isCatalog && alphas.trim()
          ? { series: target, alphas: parseAlphas(alphas, 2) }
          : { series: target };
      if (!input.series) throw new Error('Stack file: give the path of a K×H×W or K×S×H×W .npy stack');
      if (mask === 'file') {
        if (!maskPath.trim()) throw new Error('Mask file: give the path of a .npy or PNG mask');
        input.mask = maskPath.trim();
      } else if (mask === 'region') {
        if (!last || last.series !== input.series) throw new Error('Region: analyse this series once (Otsu mask) to show its α = 0 images, draw an Ellipse or Rectangle on them, then analyse again.');
        const [positions, height, width] = last.out.imageShape;
        const drawn = drawnRegion(referenceImageIds(last.out.result.id, positions).map(roisOn), width, height);
        if ('reason' in drawn) throw new Error(drawn.reason);
        input.mask = drawn.region;
      } else input.mask = mask;
      onRun(input);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <form className="path-form" onSubmit={onSubmit} data-testid="eigen-form">
      <label htmlFor="eigen-series">Ordered stack</label>
      <select id="eigen-series" value={target} onChange={(e) => setChosen(e.target.value)}>
        {series.length > 0 && (
          <optgroup label="Edit results">
            {series.map((r) => (
              <option key={r.id} value={r.id}>
                {r.id}
                {r.synthetic ? ' (SYNTHETIC)' : ''}
              </option>
            ))}
          </optgroup>
        )}
        {catalogSeries.length > 0 && (
          <optgroup label="Catalog series (DICOM, frames in instance order)">
            {catalogSeries.map((r) => (
              <option key={r.id} value={r.id}>
                {catalogSeriesLabel(r)}
              </option>
            ))}
          </optgroup>
        )}
        <optgroup label="File">
          <option value={stackFile}>a stack file (.npy) with its α values…</option>
        </optgroup>
      </select>
      {isFile && (
        <>
          <label htmlFor="eigen-stack-path">Stack file</label>
          <input id="eigen-stack-path" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/stack.npy (K×H×W or K×S×H×W)" />
          <label htmlFor="eigen-alphas">α per image</label>
          <input id="eigen-alphas" value={alphas} onChange={(e) => setAlphas(e.target.value)} placeholder="0, 1, 2, 3 (e.g. months since baseline)" />
        </>
      )}
      {isCatalog && (
        <>
          <label htmlFor="eigen-frame-alphas">α per frame (optional)</label>
          <input id="eigen-frame-alphas" value={alphas} onChange={(e) => setAlphas(e.target.value)} placeholder="blank: frame index 0, 1, 2… in instance order (not time)" />
        </>
      )}
      <label htmlFor="eigen-mask">Mask</label>
      <select id="eigen-mask" value={mask} onChange={(e) => setMask(e.target.value as MaskChoice)}>
        <option value="auto">{isCatalog ? 'Otsu on the first frame' : 'Otsu on the α = 0 image'}</option>
        <option value="none">none (every pixel)</option>
        <option value="file">a mask file (.npy / PNG)</option>
        <option value="region">the region drawn in the viewer</option>
      </select>
      {mask === 'file' && <input aria-label="Mask file" value={maskPath} onChange={(e) => setMaskPath(e.target.value)} placeholder="/path/to/mask.npy" />}
      {mask === 'region' && (
        <span className="muted" data-testid="eigen-region-hint">
          Ellipse (E) or Rectangle (B) ROIs on each slice position&apos;s α = 0 image; positions without one use the union of the others.
        </span>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Analysing…' : 'Analyse'}
      </button>
      <FormError message={error} />
    </form>
  );
}
