// The application frame: study browser, viewer, analysis panel tabs (collapsible, remembered) and status bar.
import { useState } from 'react';
import type { ReactNode } from 'react';
import { AnalysisTabs } from './AnalysisTabs.js';
import { PanelBoundary } from './PanelBoundary.js';
import { StatusBar } from './StatusBar.js';
import { StudyBrowser } from './StudyBrowser.js';
import { readPref, writePref } from './uiPrefs.js';
import { useInfo } from './useInfo.js';
import { ViewerArea } from './ViewerArea.js';

export function App(): ReactNode {
  const info = useInfo();
  const [analysisCollapsed, setAnalysisCollapsed] = useState(() => readPref('analysisCollapsed') === 'true');
  const toggleAnalysis = (): void => {
    setAnalysisCollapsed(!analysisCollapsed);
    writePref('analysisCollapsed', String(!analysisCollapsed));
  };
  return (
    <div className="app" data-testid="app-shell">
      <header className="app-header">
        <span className="app-title">LatentRad</span>
        <span className="app-subtitle">latent-space analysis for radiology</span>
      </header>
      <main className={`app-body${analysisCollapsed ? ' analysis-hidden' : ''}`}>
        <PanelBoundary name="Study browser">
          <StudyBrowser info={info} />
        </PanelBoundary>
        <PanelBoundary name="Viewer">
          <ViewerArea />
        </PanelBoundary>
        <AnalysisTabs collapsed={analysisCollapsed} onToggle={toggleAnalysis} />
      </main>
      <PanelBoundary name="Status bar">
        <StatusBar info={info} />
      </PanelBoundary>
    </div>
  );
}
