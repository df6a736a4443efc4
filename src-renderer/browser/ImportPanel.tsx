// Importing: drop files or folders anywhere on the window, "Open folder…/Open file…" (native dialogs in the
// desktop app), a path field and uploads in the headless host; live progress (counts, ETA) and per-file errors,
// with the ignored non-image files (READMEs, viewer programs on CD media...) apart and collapsed.
import { useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { ImportSummary } from '../../src-shared/api/catalog.js';
import { importPaths } from '../../src-shared/api/awaitJob.js';
import type { JobEvent } from '../../src-shared/api/awaitJob.js';
import { preloadBridge, useClient } from '../api/client.js';
import { droppedFiles, uploadFiles } from './upload.js';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function eta(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 60) return `${Math.ceil(seconds)} s left`;
  return `${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s left`;
}

export function ImportPanel({ nativeDialogs, empty }: { nativeDialogs: boolean; empty: boolean }): ReactNode {
  const client = useClient();
  const [path, setPath] = useState('');
  const [dragging, setDragging] = useState(false);
  // The import job's latest event (null while no import runs from this box), and its id for Cancel.
  const [progress, setProgress] = useState<JobEvent | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const startImport = async (paths: string[]): Promise<void> => {
    if (paths.length === 0) return;
    setBusy(true);
    setSummary(null);
    setNotice(null);
    try {
      // The import runs as a job (also listed in the Jobs tab); this box follows it to its summary.
      setSummary(await importPaths(client, { paths }, { onSubmitted: (job) => setJobId(job.id), onEvent: setProgress }));
    } catch (error) {
      setNotice(`Import of ${paths.join(', ')} failed: ${message(error)}`);
    } finally {
      setBusy(false);
      setProgress(null);
      setJobId(null);
    }
  };

  // The window-level drop listener is installed once; it reaches the latest importPaths through this ref.
  const importRef = useRef(startImport);
  importRef.current = startImport;

  // Desktop app: File > Open Folder… / Open File… in the application menu import the same way.
  useEffect(() => preloadBridge()?.onOpenPaths((paths) => void importRef.current(paths)), []);

  // Drops are accepted anywhere on the window, not only on the drop zone.
  useEffect(() => {
    const over = (e: DragEvent): void => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent): void => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent): void => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      setDragging(false);
      const bridge = preloadBridge();
      const data = e.dataTransfer;
      if (bridge) {
        void importRef.current([...data.files].map((f) => bridge.pathForFile(f)).filter(Boolean));
        return;
      }
      // In a browser there are no OS paths: upload the files to the host, then import that folder.
      void (async () => {
        try {
          const files = await droppedFiles(data);
          if (files.length === 0) return;
          setBusy(true);
          setNotice(`Uploading ${files.length} file${files.length === 1 ? '' : 's'}…`);
          const folder = await uploadFiles(files, (done, total) => setNotice(`Uploading ${done}/${total} files…`));
          setNotice(null);
          await importRef.current([folder]);
        } catch (error) {
          setNotice(message(error));
          setBusy(false);
        }
      })();
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  const openDialog = async (kind: 'folder' | 'file'): Promise<void> => {
    try {
      const { paths } = await client.call('system.openDialog', { kind, multiple: true });
      await startImport(paths);
    } catch (error) {
      setNotice(message(error));
    }
  };

  const onSubmitPath = (event: FormEvent): void => {
    event.preventDefault();
    void startImport(path.trim() ? [path.trim()] : []);
  };

  const counts = progress?.progress ?? {};
  const total = counts.total ?? null;
  const done = (counts.imported ?? 0) + (counts.skipped ?? 0) + (counts.ignored ?? 0) + (counts.errors ?? 0);

  return (
    <div className={`drop-zone${dragging ? ' dragging' : ''}${empty ? '' : ' compact'}`} data-testid="drop-zone">
      {empty && (
        <>
          <p className="empty-title">No studies yet</p>
          <p>Drop a PACS-exported folder, DICOMDIR, NIfTI volume or image folder here.</p>
        </>
      )}
      {nativeDialogs ? (
        <div className="import-buttons">
          <button type="button" disabled={busy} onClick={() => void openDialog('folder')}>
            Open folder…
          </button>
          <button type="button" disabled={busy} onClick={() => void openDialog('file')}>
            Open file…
          </button>
        </div>
      ) : (
        <form onSubmit={onSubmitPath} className="path-form">
          <label htmlFor="import-path">Open folder… (path on this machine, or drop files to upload)</label>
          <div className="path-row">
            <input id="import-path" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/DICOM" />
            <button type="submit" disabled={busy}>
              Open
            </button>
          </div>
        </form>
      )}
      {busy && jobId && (
        <div className="import-progress" data-testid="import-progress" role="status">
          <progress max={total ?? undefined} value={total !== null ? done : undefined} />
          <div>
            {total === null ? `Scanning… ${counts.scanned ?? 0} files` : `${done}/${total} files`} · {counts.imported ?? 0} imported · {counts.skipped ?? 0} skipped ·{' '}
            {counts.ignored ?? 0} ignored · {counts.errors ?? 0} errors {eta(progress?.etaSeconds ?? null)}
          </div>
          <button type="button" onClick={() => void client.call('jobs.cancel', { id: jobId })}>
            Cancel
          </button>
        </div>
      )}
      {summary && (
        <div className="import-summary" data-testid="import-summary" role="status">
          Import {summary.state}: {summary.imported} imported, {summary.skipped} skipped, {summary.errors.length} error{summary.errors.length === 1 ? '' : 's'} ({summary.files} files,{' '}
          {(summary.elapsedMs / 1000).toFixed(1)} s)
          {summary.errors.length > 0 && (
            <details open={summary.errors.length <= 5}>
              <summary>Files not imported</summary>
              <ul className="import-errors" data-testid="import-errors">
                {summary.errors.map((e) => (
                  <li key={e.path}>
                    <span className="error-path">{e.path}</span>: {e.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {summary.warnings.length > 0 && (
            <details open={summary.warnings.length <= 5} data-testid="import-warnings">
              <summary>
                {summary.warnings.length} imported with a warning
              </summary>
              <ul className="import-errors import-warnings">
                {summary.warnings.map((w) => (
                  <li key={w.path}>
                    <span className="error-path">{w.path}</span>: {w.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {summary.ignored > 0 && (
            // Collapsed: these files are expected on PACS/CD exports and ask nothing of the user.
            <details data-testid="import-ignored">
              <summary>{summary.ignored} ignored (not image files)</summary>
              <ul className="import-errors import-ignored">
                {summary.ignoredFiles.map((e) => (
                  <li key={e.path}>
                    <span className="error-path">{e.path}</span>: {e.reason}
                  </li>
                ))}
                {summary.ignored > summary.ignoredFiles.length && <li>… and {summary.ignored - summary.ignoredFiles.length} more</li>}
              </ul>
            </details>
          )}
          <button type="button" className="link-button" onClick={() => setSummary(null)}>
            Dismiss
          </button>
        </div>
      )}
      {notice && (
        <p className="notice" role="alert">
          {notice}
        </p>
      )}
    </div>
  );
}
