// The CLI's half of "paths belong to the user": the API writes into a result by id; the command then copies the
// files to the path the user typed. This runs in the user's own process, never behind the API.
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ApiError } from '../../src-shared/api/errors.js';
import type { ResultRef } from '../../src-shared/api/results.js';
import { resultFile } from '../results/store.js';

/** Copies one file of a result to `dest` (its folder is created); returns the absolute destination. */
export function exportResultFile(dataDir: string, ref: ResultRef, name: string, dest: string): string {
  const target = resolve(dest);
  const source = resultFile(dataDir, ref.id, name);
  try {
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
  } catch (error) {
    throw new ApiError('bad_input', `${target}: cannot write (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return target;
}

/** Copies every file of a result (or the named ones) into the folder `destDir`; returns the destinations. */
/** An --out folder that can take files: missing (made when copying) or a folder; refused when it is a file. Returns it absolute. */
export function checkOutFolder(destDir: string): string {
  const folder = resolve(destDir);
  let isFolder = true;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    // Missing: it is created when the files are copied.
  }
  if (!isFolder) throw new ApiError('bad_input', `${folder}: exists and is not a folder`);
  return folder;
}

export function exportResultFiles(dataDir: string, ref: ResultRef, destDir: string, names: readonly string[] = ref.files): string[] {
  const folder = checkOutFolder(destDir);
  return names.map((name) => exportResultFile(dataDir, ref, name, join(folder, ...name.split('/'))));
}
