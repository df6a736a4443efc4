// Component maps in the viewer: opens the α = 0 images in two panes (component map | plain subtraction) and keeps
// their colour overlays in step with the component picker, the opacity and the view (joint or one slice position);
// for a series cut from one volume, also the source volume with the map at its slice positions (a third pane).
import { useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { EigenOutput, EigenSummary } from '../../../src-shared/api/eigen.js';
import { useClient } from '../../api/client.js';
import { overlayStore } from '../../viewer/colourOverlay.js';
import { viewerStore } from '../../viewer/store.js';
import type { VolumeDisplay } from '../../viewer/store.js';
import { errorText } from '../common/useApiData.js';
import { EigenFigureButtons } from './EigenFigureButtons.js';
import { sourceUnavailable, sourceVolumeDisplay, untiedLayer } from './eigenSource.js';
import { eigenDisplays, loadEigenLayers } from './eigenViewer.js';
import { FormError } from '../common/FormError.js';

export function EigenMaps({ out, view, summary }: { out: EigenOutput; view: number; summary: EigenSummary }): ReactNode {
  const client = useClient();
  const [component, setComponent] = useState(2);
  const [opacity, setOpacity] = useState(0.8);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const [source, setSource] = useState<VolumeDisplay | null>(null);
  const [opening, setOpening] = useState(false);
  const displays = useMemo(() => eigenDisplays(out), [out]);
  const count = summary.mapScales.length;
  const noSource = sourceUnavailable(out);

  useEffect(() => {
    viewerStore.openAll([displays.component, displays.subtraction]);
    setSource(null);
    return () => {
      overlayStore.set(displays.component.key, null);
      overlayStore.set(displays.subtraction.key, null);
    };
  }, [displays]);

  useEffect(() => () => void (source && overlayStore.set(source.key, null)), [source]);

  const showSource = (): void => {
    setOpening(true);
    setError(null);
    sourceVolumeDisplay(client, out)
      .then((display) => {
        setSource(display);
        viewerStore.openAll([displays.component, displays.subtraction, display]);
      })
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => setOpening(false));
  };

  useEffect(() => {
    let cancelled = false;
    setError(null);
    loadEigenLayers(client, out, view, Math.min(component, count), opacity)
      .then((layers) => {
        if (cancelled) return;
        overlayStore.set(displays.component.key, layers.component);
        overlayStore.set(displays.subtraction.key, layers.subtraction);
        if (source) overlayStore.set(source.key, untiedLayer(layers.component, out.synthetic));
        setShown(`${layers.component.label}: ±${layers.component.scale.toPrecision(3)}; subtraction ±${layers.subtraction.scale.toPrecision(3)}`);
      })
      .catch((e: unknown) => !cancelled && setError(errorText(e)));
    return () => {
      cancelled = true;
    };
  }, [client, out, view, component, count, opacity, displays, source]);

  const r = summary.subtraction.correlationWithComponent2;
  return (
    <section aria-label="Component maps" data-testid="eigen-maps">
      <h4>Maps in the viewer</h4>
      <div className="path-form">
        <label htmlFor="eigen-component">Component</label>
        <select id="eigen-component" value={Math.min(component, count)} onChange={(e) => setComponent(Number(e.target.value))}>
          {Array.from({ length: count }, (_, i) => (
            <option key={i} value={i + 1}>
              {i + 1}
            </option>
          ))}
        </select>
        <label htmlFor="eigen-opacity">Opacity</label>
        <input id="eigen-opacity" type="range" min={0} max={1} step={0.05} value={opacity} onChange={(e) => setOpacity(Number(e.target.value))} />
        <span>{Math.round(opacity * 100)}%</span>
      </div>
      <p data-testid="eigen-correlation">
        Left: component map on the α = {out.alphas[out.referenceIndex]} image; right: plain subtraction (image {summary.subtraction.toIndex} − image {summary.subtraction.fromIndex}). Correlation of component 2
        with the subtraction over the mask: r = {r === null ? '—' : r.toFixed(3)}
      </p>
      {shown && <p className="muted" data-testid="eigen-map-scales">{shown}</p>}
      {noSource === null && (
        <p>
          <button type="button" onClick={showSource} disabled={opening}>
            {opening ? 'Opening the source volume…' : 'Show on the source volume'}
          </button>{' '}
          <span className="muted">
            {source ? `${source.title}: scroll the volume (pane 3) through them.` : `The maps of slices ${out.placement?.slices.join(', ') ?? ''} over the volume they were cut from.`}
          </span>
        </p>
      )}
      <EigenFigureButtons out={out} view={view} component={Math.min(component, count)} />
      <FormError message={error} />
    </section>
  );
}
