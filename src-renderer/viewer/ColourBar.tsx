// The colour bar of a diverging overlay: what the map is, its unit, and the symmetric scale from −s (blue) to +s (red).
import type { ReactNode } from 'react';
import { divergingColor } from '../../src-shared/analysis/differenceMap.js';
import { colourBarTicks } from '../../src-shared/viewer/colourOverlay.js';
import type { OverlayLayer } from '../../src-shared/viewer/colourOverlay.js';

const stops = Array.from({ length: 9 }, (_, i) => {
  const t = 1 - i / 4;
  return `rgb(${divergingColor(t).join(',')}) ${(i / 8) * 100}%`;
}).join(', ');

export function ColourBar({ layer, testId }: { layer: OverlayLayer; testId: string }): ReactNode {
  const ticks = colourBarTicks(layer.scale);
  return (
    <div className="colour-bar" data-testid={testId} role="img" aria-label={`Colour bar: ${layer.label}, ${ticks[0].label} to ${ticks[4].label} ${layer.unit}`}>
      <div className="colour-bar-label">{layer.label}</div>
      <div className="colour-bar-body">
        <div className="colour-bar-ramp" style={{ background: `linear-gradient(to bottom, ${stops})` }} />
        <div className="colour-bar-ticks">
          {ticks.map((t) => (
            <span key={t.position} style={{ bottom: `${t.position * 100}%` }}>
              {t.label}
            </span>
          ))}
        </div>
      </div>
      <div className="colour-bar-unit">{layer.unit}</div>
    </div>
  );
}
