// The honest placeholder of a panel whose capability has not landed.
import type { ReactNode } from 'react';

export function NotAvailable({ what, needs }: { what: string; needs: string }): ReactNode {
  return (
    <div className="not-available" data-testid="not-available">
      <p className="not-available-title">Not available yet</p>
      <p>{what}</p>
      <p className="muted">Needs {needs}, which this build does not include.</p>
    </div>
  );
}
