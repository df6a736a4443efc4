// Recursive file listing for imports: follows symlinks but never enters a directory twice (loops), records
// unreadable entries as errors instead of failing, never opens a FIFO, socket or device (one named on its own is an
// error, one inside a folder is passed to `onSpecial`, both with its kind), and expands DICOMDIR references to files outside the walk
// (marking every referenced file, so one that turns out not to be DICOM is an error rather than ignored).
// The listing is synchronous on purpose: it runs in the import worker, where a thread-pool round trip per stat() cost
// more than the stat itself; it yields to the worker's event loop every few hundred entries so a stop is seen.
import type { Stats } from 'node:fs';
import { opendirSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import dicomParser from 'dicom-parser';
import { describeParseError, sniffDicom } from '../io/dicom.js';
import { kindOf, readBytes } from '../io/readFile.js';
import { boundedDicomInflater } from '../io/bounded.js';

export interface WalkedFile {
  path: string;
  size: number;
  mtimeMs: number;
  /** A DICOMDIR names this file: it is DICOM data whatever its name (media files usually have no extension). */
  dicomdirReference?: boolean;
}

export type ErrorSink = (path: string, reason: string) => void;

const reasonOf = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

export async function walkPaths(
  roots: readonly string[],
  onError: ErrorSink,
  signal?: AbortSignal,
  onFile?: (count: number) => void,
  onSpecial?: ErrorSink,
): Promise<WalkedFile[]> {
  const files: WalkedFile[] = [];
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();

  type Info = Stats;
  const statOf = (path: string): Info | null => {
    try {
      return statSync(path); // follows symlinks; loops are cut by the device:inode set below
    } catch (error) {
      onError(path, `cannot read (${reasonOf(error)})`);
      return null;
    }
  };
  let sinceYield = 0;

  const visit = async (path: string, known?: Info | null, root = false): Promise<void> => {
    if (signal?.aborted) return;
    if (++sinceYield >= 500) {
      sinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const info = known === undefined ? statOf(path) : known;
    if (!info) return;
    if (info.isFile()) {
      if (seenFiles.has(path)) return;
      seenFiles.add(path);
      files.push({ path, size: info.size, mtimeMs: info.mtimeMs });
      onFile?.(files.length);
      return;
    }
    if (!info.isDirectory()) {
      // FIFOs, sockets, devices: never opened (reading a FIFO waits for a writer), but named with their kind.
      const reason = `${kindOf(info)}, not a regular file: not read`;
      if (root) onError(path, reason);
      else onSpecial?.(path, reason);
      return;
    }
    const id = `${info.dev}:${info.ino}`;
    if (seenDirs.has(id)) return;
    seenDirs.add(id);
    let dir;
    try {
      dir = opendirSync(path);
    } catch (error) {
      onError(path, `cannot list folder (${reasonOf(error)})`);
      return;
    }
    const children: string[] = [];
    try {
      for (let entry = dir.readSync(); entry; entry = dir.readSync()) children.push(entry.name);
    } catch (error) {
      // EIO halfway through a damaged disc: report this folder, keep what was listed, go on with the rest.
      onError(path, `cannot list folder completely (${reasonOf(error)})`);
    } finally {
      dir.closeSync();
    }
    children.sort();
    for (const name of children) await visit(join(path, name));
  };

  for (const root of roots) await visit(resolve(root), undefined, true);
  await expandDicomdirs(files, seenFiles, onError);
  return files;
}

/**
 * DICOMDIR records name their files as path components relative to the DICOMDIR's folder (0004,1500). A reference
 * that would leave that folder (`..`, an absolute or drive path) is reported through `onRefused` and dropped: a
 * crafted DICOMDIR must not make the import read files outside the media it came on.
 */
export async function dicomdirReferences(path: string, onRefused: (id: string) => void = () => undefined): Promise<string[]> {
  const bytes = await readBytes(path, 64 * 1024 * 1024);
  const flavour = sniffDicom(bytes);
  if (!flavour) throw new Error('named DICOMDIR but not DICOM');
  let ds: ReturnType<typeof dicomParser.parseDicom>;
  try {
    ds = dicomParser.parseDicom(bytes, { inflater: boundedDicomInflater, ...(flavour.kind === 'raw' ? { TransferSyntaxUID: flavour.transferSyntax } : {}) });
  } catch (error) {
    throw new Error(`${path}: not a readable DICOMDIR (${describeParseError(error)})`);
  }
  const records = ds.elements.x00041220?.items ?? [];
  const out: string[] = [];
  for (const record of records) {
    const id = record.dataSet?.string('x00041500');
    if (!id) continue;
    const parts = id.trim().split(/[\\/]/).filter(Boolean);
    const root = dirname(path);
    const target = resolve(root, ...parts);
    if (parts.some((p) => p === '..' || p === '.' || /^[A-Za-z]:$/.test(p)) || !target.startsWith(root + sep)) {
      onRefused(id);
      continue;
    }
    out.push(target);
  }
  return out;
}

async function expandDicomdirs(files: WalkedFile[], seen: Set<string>, onError: ErrorSink): Promise<void> {
  const dirs = files.filter((f) => /^DICOMDIR/i.test(basename(f.path)));
  if (dirs.length === 0) return;
  const walked = new Map(files.map((f) => [f.path, f]));
  for (const d of dirs) {
    let refs: string[];
    try {
      refs = await dicomdirReferences(d.path, (id) => onError(d.path, `a referenced file (${id.slice(0, 200)}) lies outside the DICOMDIR's folder; not read`));
    } catch {
      continue; // the import step reports the broken file itself
    }
    for (const ref of refs) {
      const known = walked.get(ref);
      if (known) known.dicomdirReference = true;
      if (seen.has(ref)) continue;
      seen.add(ref);
      try {
        const info = await stat(ref);
        if (!info.isFile()) {
          onError(ref, `referenced by ${d.path} but not a regular file`);
          continue;
        }
        const file: WalkedFile = { path: ref, size: info.size, mtimeMs: info.mtimeMs, dicomdirReference: true };
        files.push(file);
        walked.set(ref, file);
      } catch {
        onError(ref, `referenced by ${d.path} but missing`);
      }
    }
  }
}
