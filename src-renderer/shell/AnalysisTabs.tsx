// Tabs for the analysis panels (keyboard: arrow keys move between tabs, as WAI-ARIA tabs do).
import { useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { panels } from '../panels/registry.js';

export function AnalysisTabs(): ReactNode {
  const [active, setActive] = useState(panels[0].id);
  const current = panels.find((p) => p.id === active) ?? panels[0];

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const index = panels.findIndex((p) => p.id === active);
    const next = (index + (event.key === 'ArrowRight' ? 1 : panels.length - 1)) % panels.length;
    setActive(panels[next].id);
    document.getElementById(`tab-${panels[next].id}`)?.focus();
  };

  return (
    <section className="analysis" aria-label="Analysis panels">
      <div role="tablist" aria-label="Analysis" className="tab-list" onKeyDown={onKeyDown}>
        {panels.map((panel) => (
          <button
            key={panel.id}
            id={`tab-${panel.id}`}
            role="tab"
            type="button"
            aria-selected={panel.id === active}
            aria-controls={`panel-${panel.id}`}
            tabIndex={panel.id === active ? 0 : -1}
            onClick={() => setActive(panel.id)}
          >
            {panel.title}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${current.id}`} aria-labelledby={`tab-${current.id}`} className="tab-panel">
        {current.render()}
      </div>
    </section>
  );
}
