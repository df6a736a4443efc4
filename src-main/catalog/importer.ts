// One catalog import: walk the paths, read each file's header (DICOM, NIfTI, PNG/JPEG) a batch at a time, and commit
// every batch in its own transaction so a cancel or a kill leaves a consistent catalog; then apply label CSVs.
// Files that are not image data are counted as ignored, apart from errors (see inspect.ts for the rule).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { ignoredListLimit } from '../../src-shared/api/catalog.js';
import type { ImportError, ImportProgress, ImportSummary } from '../../src-shared/api/catalog.js';
import { inspect } from './inspect.js';
import { applyLabelCsv } from './labels.js';
import { libraryDir } from './schema.js';
import type { CatalogStore } from './store.js';
import { walkPaths } from './walk.js';
import type { WalkedFile } from './walk.js';

export interface ImportOptions {
  paths: string[];
  copy: boolean;
  runId: string;
  dataDir: string;
  signal: AbortSignal;
  onProgress: (progress: ImportProgress) => void;
  /** Files per transaction. */
  batchSize?: number;
  /** Minimum time between progress events (the final one always goes out). */
  progressIntervalMs?: number;
}

/** Copies the walked files into the library, keeping their layout under a folder per source root. */
async function copyIntoLibrary(files: WalkedFile[], roots: string[], dataDir: string, onError: (p: string, r: string) => void): Promise<WalkedFile[]> {
  const out: WalkedFile[] = [];
  const absRoots = roots.map((r) => resolve(r));
  for (const f of files) {
    const root = absRoots.find((r) => f.path === r || f.path.startsWith(r + '/')) ?? dirname(f.path);
    const rootDir = f.path === root ? dirname(root) : root;
    const tag = `${createHash('sha1').update(rootDir).digest('hex').slice(0, 10)}-${basename(rootDir) || 'root'}`;
    const target = join(libraryDir(dataDir), tag, relative(rootDir, f.path));
    try {
      const existing = await stat(target).catch(() => null);
      if (!existing || existing.size !== f.size) {
        await mkdir(dirname(target), { recursive: true });
        await copyFile(f.path, target);
      }
      const info = await stat(target);
      out.push({ path: target, size: info.size, mtimeMs: info.mtimeMs });
    } catch (error) {
      onError(f.path, `cannot copy into the library (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  return out;
}

export async function runImport(store: CatalogStore, options: ImportOptions): Promise<ImportSummary> {
  try {
    return await importRun(store, options);
  } catch (error) {
    // The import itself broke (disk full, database closed...): record it and tell the caller; committed batches stay.
    try {
      store.failRun(options.runId);
    } catch {
      // the database may be the thing that failed
    }
    options.onProgress({ runId: options.runId, state: 'failed', scanned: 0, imported: 0, skipped: 0, ignored: 0, errors: 0, total: null, filesPerSecond: 0, etaSeconds: null, current: (error as Error).message });
    throw error;
  }
}

async function importRun(store: CatalogStore, options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const { runId, signal } = options;
  const errors: ImportError[] = [];
  const ignoredFiles: ImportError[] = [];
  const warnings: ImportError[] = [];
  const duplicates: Array<{ path: string; of: string }> = [];
  const touched = { patients: new Set<number>(), studies: new Set<number>(), series: new Set<number>(), instances: 0, volumes: 0, images: 0 };
  let imported = 0;
  let skipped = 0;
  let ignored = 0;
  let processed = 0;
  /** FIFOs, sockets and devices met inside the folders: part of `files`, never read. */
  let special = 0;
  let total: number | null = null;
  let scannedSoFar = 0;
  let lastEmit = 0;

  const progress = (state: ImportProgress['state'], current?: string, force = false): void => {
    const now = Date.now();
    if (!force && now - lastEmit < (options.progressIntervalMs ?? 250)) return;
    lastEmit = now;
    const seconds = Math.max((now - started) / 1000, 1e-3);
    const rate = processed / seconds;
    const eta = total !== null && rate > 0 ? Math.max(0, (total - special - processed) / rate) : null;
    options.onProgress({ runId, state, scanned: total ?? scannedSoFar, imported, skipped, ignored, errors: errors.length, total, filesPerSecond: rate, etaSeconds: eta, current });
  };
  const pendingErrors: Array<ImportError & { kind: 'error' | 'ignored' | 'warning' }> = [];
  const addError = (path: string, reason: string): void => {
    errors.push({ path, reason });
    pendingErrors.push({ path, reason, kind: 'error' });
  };
  // Imported, but with a stated value defaulted: listed like errors (same limit as ignored files) so nothing is silent.
  const addWarning = (path: string, reason: string): void => {
    if (warnings.length >= ignoredListLimit) return;
    warnings.push({ path, reason });
    pendingErrors.push({ path, reason, kind: 'warning' });
  };
  const addIgnored = (path: string, reason: string): void => {
    ignored++;
    // The count is exact; the list (summary and run record) stops at the limit — see ignoredListLimit.
    if (ignoredFiles.length >= ignoredListLimit) return;
    ignoredFiles.push({ path, reason });
    pendingErrors.push({ path, reason, kind: 'ignored' });
  };

  store.startRun(runId, options.paths.map((p) => resolve(p)));
  progress('scanning', undefined, true);
  for (const p of options.paths) if (!existsSync(p)) addError(resolve(p), 'does not exist');
  // FIFOs, sockets and devices inside the folders: never read, counted as ignored with their kind.
  const onSpecial = (path: string, reason: string): void => {
    special++;
    addIgnored(path, reason);
  };
  let files = await walkPaths(
    options.paths.filter((p) => existsSync(p)),
    addError,
    signal,
    (count) => {
      scannedSoFar = count;
      progress('scanning');
    },
    onSpecial,
  );
  if (options.copy) files = await copyIntoLibrary(files, options.paths, options.dataDir, addError);
  total = files.length + special;
  const csvs: string[] = [];
  const batchSize = options.batchSize ?? 128;
  const exists = (p: string): boolean => existsSync(p);

  for (let start = 0; start < files.length && !signal.aborted; start += batchSize) {
    const batch = files.slice(start, start + batchSize);
    const inspected = await Promise.all(batch.map((f) => inspect(store, f)));
    // One transaction per batch: the files table, entities and errors commit together or not at all.
    store.db.transaction(() => {
      batch.forEach((f, i) => {
        const r = inspected[i];
        switch (r.kind) {
          case 'dicom': {
            const outcome = store.putDicom(f, r.header, exists);
            if (outcome.kind === 'duplicate') {
              duplicates.push({ path: f.path, of: outcome.existingPath });
              skipped++;
            } else {
              if (r.header.geometryWarnings.length) addWarning(f.path, r.header.geometryWarnings.join('; '));
              touched.patients.add(outcome.patientId);
              touched.studies.add(outcome.studyId);
              touched.series.add(outcome.seriesId);
              touched.instances++;
              imported++;
            }
            break;
          }
          case 'nifti':
            // Generated volumes say so in the NIfTI description (descrip) field.
            store.putVolume(f, r.header, /\bsynthetic\b/i.test(r.header.description) ? 'synthetic' : 'acquired');
            if (r.header.warnings.length) addWarning(f.path, r.header.warnings.join('; '));
            touched.volumes++;
            imported++;
            break;
          case 'image': {
            const id = store.putImage(f, r.header, r.header.synthetic ? 'synthetic' : 'acquired');
            // ImageFolder convention: the parent folder names the class.
            store.setLabel('image', id, 'class', basename(dirname(f.path)));
            touched.images++;
            imported++;
            break;
          }
          case 'error':
            addError(f.path, r.reason);
            break;
          case 'ignored':
            addIgnored(f.path, r.reason);
            break;
          case 'csv':
            csvs.push(f.path);
            skipped++;
            break;
          case 'sidecar':
          case 'dicomdir':
            store.recordFile(f, r.kind);
            skipped++;
            break;
          default:
            skipped++;
        }
      });
      for (const e of pendingErrors.splice(0)) store.runError(runId, e.path, e.reason, e.kind);
      store.updateRun(runId, 'running', { files: special + processed + batch.length, imported, skipped, ignored }, false);
    })();
    processed += batch.length;
    progress('importing', batch[batch.length - 1]?.path);
    // Let IPC, pixel requests and cancel calls in between batches.
    await new Promise<void>((r) => setImmediate(r));
  }

  if (!signal.aborted) {
    for (const csv of csvs) {
      try {
        const result = applyLabelCsv(store, csv);
        if (result.unmatched.count > 0) addError(csv, `${result.unmatched.count} row(s) match no catalogued file, id or UID (lines ${result.unmatched.lines.join(', ')}${result.unmatched.count > result.unmatched.lines.length ? ', …' : ''})`);
      } catch (error) {
        addError(csv, (error as Error).message);
      }
    }
  }
  const state = signal.aborted ? 'cancelled' : 'done';
  store.db.transaction(() => {
    for (const e of pendingErrors.splice(0)) store.runError(runId, e.path, e.reason, e.kind);
    store.updateRun(runId, state, { files: special + processed, imported, skipped, ignored }, true);
  })();
  progress(state, undefined, true);
  return {
    runId, state, files: total, imported, skipped, ignored, ignoredFiles, errors, warnings, duplicates,
    patients: touched.patients.size, studies: touched.studies.size, series: touched.series.size,
    instances: touched.instances, volumes: touched.volumes, images: touched.images, elapsedMs: Date.now() - started,
  };
}
