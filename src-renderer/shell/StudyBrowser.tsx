// The study browser's empty state: Open folder… (native dialog in the desktop app, a path field in a browser)
// and a drop zone. Importing arrives with the catalog; until then the actions say so plainly.
import { useState } from 'react';
import type { DragEvent, FormEvent, ReactNode } from 'react';
import { useClient, preloadBridge } from '../api/client.js';
import type { InfoState } from './useInfo.js';

export function StudyBrowser({ info }: { info: InfoState }): ReactNode {
  const client = useClient();
  const [message, setMessage] = useState<string | null>(null);
  const [path, setPath] = useState('');
  const [dragging, setDragging] = useState(false);
  const nativeDialogs = info.status === 'ready' && info.info.host.nativeDialogs;

  const importPaths = (paths: string[]): void => {
    if (paths.length === 0) return;
    setMessage(`Importing is not available yet in this build (${paths.length} path${paths.length > 1 ? 's' : ''} chosen).`);
  };

  const openFolder = async (): Promise<void> => {
    try {
      const { paths } = await client.call('system.openDialog', { kind: 'folder', multiple: true });
      importPaths(paths);
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error));
    }
  };

  const onDrop = (event: DragEvent<HTMLElement>): void => {
    event.preventDefault();
    setDragging(false);
    const bridge = preloadBridge();
    const files = [...event.dataTransfer.files];
    if (bridge) importPaths(files.map((f) => bridge.pathForFile(f)));
    else setMessage(`${files.length} file${files.length === 1 ? '' : 's'} dropped; uploads from a browser are not available yet.`);
  };

  const onSubmitPath = (event: FormEvent): void => {
    event.preventDefault();
    importPaths(path.trim() ? [path.trim()] : []);
  };

  return (
    <aside className="study-browser" aria-label="Study browser" data-testid="study-browser">
      <h2>Studies</h2>
      <div
        className={`drop-zone${dragging ? ' dragging' : ''}`}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p className="empty-title">No studies yet</p>
        <p>Drop a PACS-exported folder, DICOMDIR, NIfTI volume or image folder here.</p>
        {nativeDialogs ? (
          <button type="button" onClick={() => void openFolder()}>
            Open folder…
          </button>
        ) : (
          <form onSubmit={onSubmitPath} className="path-form">
            <label htmlFor="import-path">Open folder… (path on this machine)</label>
            <input id="import-path" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/DICOM" />
            <button type="submit">Open</button>
          </form>
        )}
        {message && (
          <p className="notice" role="alert">
            {message}
          </p>
        )}
      </div>
    </aside>
  );
}
