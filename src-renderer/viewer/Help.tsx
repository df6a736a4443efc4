// In-app help: the mouse bindings and keyboard shortcuts (from the same table the key handler uses).
import type { ReactNode } from 'react';
import { mouseBindings, shortcuts } from './shortcuts.js';
import { viewerStore } from './store.js';

export function Help(): ReactNode {
  return (
    <div className="viewer-help" role="dialog" aria-label="Viewer help" data-testid="viewer-help">
      <div className="viewer-help-head">
        <h3>Mouse and keyboard</h3>
        <button type="button" onClick={() => viewerStore.closeHelp()} aria-label="Close help">
          ×
        </button>
      </div>
      <table>
        <tbody>
          {[...mouseBindings, ...shortcuts].map((s) => (
            <tr key={s.keys + s.action}>
              <th scope="row">{s.keys}</th>
              <td>{s.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Pixels are decoded in the main process; the viewer renders with WebGL when available, otherwise on the CPU.</p>
    </div>
  );
}
