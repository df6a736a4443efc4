// The viewer area; shows an honest empty state until a series or volume is opened.
import type { ReactNode } from 'react';

export function ViewerArea(): ReactNode {
  return (
    <section className="viewer-area" aria-label="Viewer" data-testid="viewer-area">
      <div className="empty-state">
        <h2>No image open</h2>
        <p>Import a DICOM folder, DICOMDIR, NIfTI volume or labelled image folder, then choose a series to view it here.</p>
      </div>
    </section>
  );
}
