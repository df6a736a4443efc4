// Keeps a render error inside one part of the window (an analysis panel, the viewer, the study browser): that part
// shows "This panel stopped: <reason>" with a "Reload panel" button instead of the whole app going blank.
import { ErrorBoundary } from 'react-error-boundary';
import type { FallbackProps } from 'react-error-boundary';
import type { ReactNode } from 'react';
import { stoppedLogPrefix, stoppedReason } from './panelStopped.js';

function Stopped({ name, error, resetErrorBoundary }: FallbackProps & { name: string }): ReactNode {
  return (
    <div className="panel-stopped" role="alert" data-testid="panel-stopped" data-panel={name}>
      <p>
        This panel stopped: {stoppedReason(error)}
      </p>
      <p className="muted">{name}: the rest of the window still works. Reload the panel to try again.</p>
      <button type="button" onClick={() => resetErrorBoundary()}>
        Reload panel
      </button>
    </div>
  );
}

export function PanelBoundary({ name, children }: { name: string; children: ReactNode }): ReactNode {
  return (
    <ErrorBoundary
      fallbackRender={(props) => <Stopped name={name} {...props} />}
      onError={(error, info) => console.error(`${stoppedLogPrefix} (${name}): ${stoppedReason(error)}${info.componentStack ?? ''}`)}
    >
      {children}
    </ErrorBoundary>
  );
}
