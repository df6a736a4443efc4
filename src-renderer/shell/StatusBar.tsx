// The status bar: ML backend in use, data directory, host kind, version.
import type { ReactNode } from 'react';
import type { InfoState } from './useInfo.js';

export function StatusBar({ info }: { info: InfoState }): ReactNode {
  if (info.status === 'loading') return <footer className="status-bar" role="status">Connecting…</footer>;
  if (info.status === 'error') {
    return (
      <footer className="status-bar status-error" role="status">
        Cannot reach the LatentRad back end: {info.message}
      </footer>
    );
  }
  const { ml, dataDir, host, app } = info.info;
  return (
    <footer className="status-bar" role="status">
      <span data-testid="status-backend">ML backend: {ml.preferred ?? 'none available'}</span>
      <span data-testid="status-data-dir" title={dataDir}>
        Data: {dataDir}
      </span>
      <span>{host.kind === 'electron' ? 'Desktop' : host.kind === 'headless' ? 'Headless host' : host.kind}</span>
      <span>
        {app.name} {app.version}
      </span>
    </footer>
  );
}
