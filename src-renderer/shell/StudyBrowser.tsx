// The study browser: import (drop, dialogs, path field, uploads) and the catalog tree. The empty state
// ("No studies yet") stays until something is catalogued.
import type { ReactNode } from 'react';
import { ImportPanel } from '../browser/ImportPanel.js';
import { OpenDemo } from '../browser/OpenDemo.js';
import { StudyTree } from '../browser/StudyTree.js';
import { useCatalog } from '../browser/useCatalog.js';
import '../browser/browser.css';
import type { InfoState } from './useInfo.js';

export function StudyBrowser({ info }: { info: InfoState }): ReactNode {
  const { state } = useCatalog();
  const nativeDialogs = info.status === 'ready' && info.info.host.nativeDialogs;
  const data = state.status === 'ready' ? state.data : null;
  const empty = !data || (data.patients.length === 0 && data.volumes.length === 0 && data.images.length === 0);

  return (
    <aside className="study-browser" aria-label="Study browser" data-testid="study-browser">
      <h2>Studies</h2>
      <ImportPanel nativeDialogs={nativeDialogs} empty={empty} />
      <OpenDemo empty={empty} />
      {state.status === 'error' && (
        <p className="notice" role="alert">
          Cannot list the catalog: {state.message}
        </p>
      )}
      {data && !empty && <StudyTree data={data} />}
    </aside>
  );
}
