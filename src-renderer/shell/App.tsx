// The application frame: study browser, viewer, analysis panel tabs and status bar.
import type { ReactNode } from 'react';
import { AnalysisTabs } from './AnalysisTabs.js';
import { StatusBar } from './StatusBar.js';
import { StudyBrowser } from './StudyBrowser.js';
import { useInfo } from './useInfo.js';
import { ViewerArea } from './ViewerArea.js';

export function App(): ReactNode {
  const info = useInfo();
  return (
    <div className="app" data-testid="app-shell">
      <header className="app-header">
        <span className="app-title">LatentRad</span>
        <span className="app-subtitle">latent-space analysis for radiology</span>
      </header>
      <main className="app-body">
        <StudyBrowser info={info} />
        <ViewerArea />
        <AnalysisTabs />
      </main>
      <StatusBar info={info} />
    </div>
  );
}
