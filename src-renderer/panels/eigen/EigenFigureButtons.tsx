// The figure export of the eigen panel: the view and component shown, as PNG or SVG, downloaded by the browser
// (the figure is drawn here from the analysis; a synthetic input burns its SYNTHETIC label into the figure).
import { useState } from 'react';
import type { ReactNode } from 'react';
import type { EigenOutput } from '../../../src-shared/api/eigen.js';
import { useClient } from '../../api/client.js';
import { errorText } from '../common/useApiData.js';
import { loadFigureMaps, renderFigure } from './eigenFigure.js';
import { FormError } from '../common/FormError.js';

export function EigenFigureButtons({ out, view, component }: { out: EigenOutput; view: number; component: number }): ReactNode {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async (target: 'png' | 'svg'): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const blob = await renderFigure(out, view, await loadFigureMaps(client, out, view, component), target);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `${out.result.id}_${view < 0 && out.joint ? 'joint' : `position_${Math.max(0, view)}`}_component_${component}${out.synthetic ? '_SYNTHETIC' : ''}.${target}`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="path-form" data-testid="eigen-figure">
      <span>Figure of this view (charts and component {component} / subtraction maps):</span>
      <button type="button" disabled={busy} onClick={() => void save('png')}>
        Figure PNG
      </button>
      <button type="button" disabled={busy} onClick={() => void save('svg')}>
        Figure SVG
      </button>
      <FormError message={error} />
    </div>
  );
}
