// Recursive file listing for imports: follows symlinks but never enters a directory twice (loops), records
// unreadable entries as errors instead of failing, and expands DICOMDIR references to files outside the walk
// (marking every referenced file, so one that turns out not to be DICOM is an error rather than ignored).
import type { Stats } from 'node:fs';
import { opendir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import dicomParser from 'dicom-parser';
import { sniffDicom } from '../io/dicom.js';

export interface WalkedFile {
  path: string;
  size: number;
  mtimeMs: number;
  /** A DICOMDIR names this file: it is DICOM data whatever its name (media files usually have no extension). */
  dicomdirReference?: boolean;
}

export type ErrorSink = (path: string, reason: string) => void;

const reasonOf = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

export async function walkPaths(roots: readonly string[], onError: ErrorSink, signal?: AbortSignal, onFile?: (count: number) => void): Promise<WalkedFile[]> {
  const files: WalkedFile[] = [];
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();

  type Info = Stats;
  const statOf = async (path: string): Promise<Info | null> => {
    try {
      return await stat(path); // follows symlinks; loops are cut by the device:inode set below
    } catch (error) {
      onError(path, `cannot read (${reasonOf(error)})`);
      return null;
    }
  };

  const visit = async (path: string, known?: Info | null): Promise<void> => {
    if (signal?.aborted) return;
    const info = known === undefined ? await statOf(path) : known;
    if (!info) return;
    if (info.isFile()) {
      if (seenFiles.has(path)) return;
      seenFiles.add(path);
      files.push({ path, size: info.size, mtimeMs: info.mtimeMs });
      onFile?.(files.length);
      return;
    }
    if (!info.isDirectory()) return; // sockets, fifos, devices: not images
    const id = `${info.dev}:${info.ino}`;
    if (seenDirs.has(id)) return;
    seenDirs.add(id);
    let dir;
    try {
      dir = await opendir(path);
    } catch (error) {
      onError(path, `cannot list folder (${reasonOf(error)})`);
      return;
    }
    const children: string[] = [];
    for await (const entry of dir) children.push(entry.name);
    children.sort();
    // stat() a folder's entries 64 at a time (one by one costs a thread-pool round trip each), then descend in order.
    for (let i = 0; i < children.length; i += 64) {
      const paths = children.slice(i, i + 64).map((name) => join(path, name));
      const infos = await Promise.all(paths.map(statOf));
      for (let k = 0; k < paths.length; k++) await visit(paths[k], infos[k]);
    }
  };

  for (const root of roots) await visit(resolve(root));
  await expandDicomdirs(files, seenFiles, onError);
  return files;
}

/** DICOMDIR records name their files as path components relative to the DICOMDIR's folder (0004,1500). */
export async function dicomdirReferences(path: string): Promise<string[]> {
  const bytes = await readFile(path);
  const flavour = sniffDicom(bytes);
  if (!flavour) throw new Error('named DICOMDIR but not DICOM');
  const ds = dicomParser.parseDicom(bytes, flavour.kind === 'raw' ? { TransferSyntaxUID: flavour.transferSyntax } : {});
  const records = ds.elements.x00041220?.items ?? [];
  const out: string[] = [];
  for (const record of records) {
    const id = record.dataSet?.string('x00041500');
    if (id) out.push(join(dirname(path), ...id.trim().split('\\').filter(Boolean)));
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
      refs = await dicomdirReferences(d.path);
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
        const file: WalkedFile = { path: ref, size: info.size, mtimeMs: info.mtimeMs, dicomdirReference: true };
        files.push(file);
        walked.set(ref, file);
      } catch {
        onError(ref, `referenced by ${d.path} but missing`);
      }
    }
  }
}
