// Tabs for the analysis panels (keyboard: arrow keys move between tabs, as WAI-ARIA tabs do). Opens on the last
// tab chosen, else the first that does something; the whole side panel collapses to a strip to give the viewer room.
import { useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { initialPanelId } from '../panels/lastTab.js';
import { panels } from '../panels/registry.js';
import { PanelBoundary } from './PanelBoundary.js';
import { readPref, writePref } from './uiPrefs.js';

export function AnalysisTabs({ collapsed, onToggle }: { collapsed: boolean; onToggle: () => void }): ReactNode {
  const [active, setActiveState] = useState(() => initialPanelId(panels, readPref('analysisTab')));
  const current = panels.find((p) => p.id === active) ?? panels[0];
  const setActive = (id: string): void => {
    setActiveState(id);
    writePref('analysisTab', id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const index = panels.findIndex((p) => p.id === active);
    const next = (index + (event.key === 'ArrowRight' ? 1 : panels.length - 1)) % panels.length;
    setActive(panels[next].id);
    document.getElementById(`tab-${panels[next].id}`)?.focus();
  };

  if (collapsed) {
    return (
      <section className="analysis analysis-collapsed" aria-label="Analysis panels" data-testid="analysis-panels">
        <button type="button" className="panel-toggle" onClick={onToggle} aria-expanded={false} aria-label="Show the analysis panels" title="Show the analysis panels">
          ‹
        </button>
        <span className="analysis-collapsed-title">{current.title}</span>
      </section>
    );
  }

  return (
    <section className="analysis" aria-label="Analysis panels" data-testid="analysis-panels">
      <div className="tab-bar">
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
        <button type="button" className="panel-toggle" onClick={onToggle} aria-expanded aria-label="Hide the analysis panels" title="Hide the analysis panels">
          ›
        </button>
      </div>
      <div role="tabpanel" id={`panel-${current.id}`} aria-labelledby={`tab-${current.id}`} className="tab-panel">
        <PanelBoundary key={current.id} name={current.title}>
          {current.render()}
        </PanelBoundary>
      </div>
    </section>
  );
}
