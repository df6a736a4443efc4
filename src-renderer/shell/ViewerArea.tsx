// The viewer area: toolbar, the panes of the current layout (Cornerstone viewports), measurement list and help.
// Shows an honest empty state until a series, volume or image set is opened from the study browser.
import { useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { layouts } from '../../src-shared/viewer/layout.js';
import { Help } from '../viewer/Help.js';
import { MeasurementList } from '../viewer/MeasurementList.js';
import { Pane } from '../viewer/Pane.js';
import { handleViewerKey } from '../viewer/shortcuts.js';
import { useViewerState, viewerStore } from '../viewer/store.js';
import { Toolbar } from '../viewer/Toolbar.js';
import '../viewer/viewer.css';

export function ViewerArea(): ReactNode {
  const state = useViewerState();
  const section = useRef<HTMLElement>(null);
  const anyOpen = state.panes.some((p) => p !== null);
  const { rows, columns } = layouts[state.layout];

  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    if (handleViewerKey(event.nativeEvent)) event.preventDefault();
  };

  return (
    <section
      ref={section}
      className="viewer-area"
      aria-label="Viewer"
      data-testid="viewer-area"
      tabIndex={0}
      onKeyDown={onKeyDown}
      onMouseDown={(e) => {
        // Keep shortcuts working after clicking an image (the canvas itself is not focusable).
        if (!(e.target instanceof HTMLInputElement) && !(e.target instanceof HTMLButtonElement)) section.current?.focus({ preventScroll: true });
      }}
    >
      {anyOpen ? (
        <>
          <Toolbar ready={anyOpen} />
          <div className="pane-grid" data-layout={state.layout} style={{ gridTemplateRows: `repeat(${rows}, 1fr)`, gridTemplateColumns: `repeat(${columns}, 1fr)` }}>
            {state.panes.map((display, i) =>
              display ? (
                <Pane key={`${i}:${display.key}`} pane={i} display={display} active={i === state.active} />
              ) : (
                <div key={`${i}:empty`} className={`pane pane-empty${i === state.active ? ' active' : ''}`} data-testid={`pane-${i}`} onMouseDown={() => viewerStore.setActive(i)}>
                  <p>Choose a series in the study browser to show it here.</p>
                </div>
              ),
            )}
          </div>
          <MeasurementList />
        </>
      ) : (
        <div className="empty-state">
          <h2>No image open</h2>
          <p>Choose a series, volume or image set in the study browser on the left to view it here. To add studies, import a DICOM folder, DICOMDIR, NIfTI volume or labelled image folder there.</p>
        </div>
      )}
      {state.helpOpen && <Help />}
    </section>
  );
}
