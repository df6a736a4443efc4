// Results of analyses live in `<data dir>/results/<id>/`: the API writes only there and returns ids, never user paths.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../src-shared/api/errors.js';
import { tempSuffix } from '../io/atomicWrite.js';

/** What every result folder records about itself in `result.json`. */
export interface ResultInfo {
  id: string;
  /** The capability that made it: `projection`, `fidelity`, `direction`, `edit`, `eigen`, `metrics`, … */
  kind: string;
  created: string;
  /** True when any file in it derives from a generator output (ARTEFACTS.md: the flag is inherited). */
  synthetic: boolean;
  /** Free-form provenance: inputs by catalog id or result id, model id, settings. */
  meta: Record<string, unknown>;
}

export interface ResultFile {
  name: string;
  bytes: number;
}

// Ids are made here and checked on the way back in, so a caller can never steer a path out of the results folder.
const idPattern = /^[a-z][a-z0-9-]{0,31}-\d{8}T\d{6}-[0-9a-f]{8}$/;

export function resultsRoot(dataDir: string): string {
  return join(dataDir, 'results');
}

export function isResultId(id: string): boolean {
  return idPattern.test(id);
}

/** Creates a new, empty result folder and its `result.json`. */
export function createResult(dataDir: string, kind: string, opts: { synthetic: boolean; meta?: Record<string, unknown> }, now = new Date()): { info: ResultInfo; dir: string } {
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(kind)) throw new Error(`result kind "${kind}" must be lower-case letters, digits and dashes`);
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  const id = `${kind}-${stamp}-${randomBytes(4).toString('hex')}`;
  const dir = join(resultsRoot(dataDir), id);
  mkdirSync(dir, { recursive: true });
  const info: ResultInfo = { id, kind, created: now.toISOString(), synthetic: opts.synthetic, meta: opts.meta ?? {} };
  writeFileSync(join(dir, 'result.json'), JSON.stringify(info, null, 2));
  return { info, dir };
}

/** The folder of an existing result; `bad_input` for a malformed id, `not_found` for an unknown one. */
export function resultDir(dataDir: string, id: string): string {
  if (!isResultId(id)) throw new ApiError('bad_input', `"${id}" is not a result id`);
  const dir = join(resultsRoot(dataDir), id);
  if (!existsSync(join(dir, 'result.json'))) throw new ApiError('not_found', `no result with id ${id}`);
  return dir;
}

export function readResult(dataDir: string, id: string): { info: ResultInfo; files: ResultFile[] } {
  const dir = resultDir(dataDir, id);
  const info = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as ResultInfo;
  return { info, files: listFiles(dir, '') };
}

/** A file inside a result by its relative name (`maps/ssim.png`); names with `..` or absolute paths are refused. */
export function resultFile(dataDir: string, id: string, name: string): string {
  const parts = name.split('/');
  if (name.length === 0 || name.startsWith('/') || parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\'))) {
    throw new ApiError('bad_input', `"${name}" is not a file name inside result ${id}`);
  }
  const path = join(resultDir(dataDir, id), ...parts);
  if (!existsSync(path) || !statSync(path).isFile()) throw new ApiError('not_found', `result ${id} has no file ${name}`);
  return path;
}

/** The reference a method returns once it has written its files: the id and every file but `result.json`. */
export function resultRef(dataDir: string, id: string): { id: string; files: string[] } {
  return { id, files: listFiles(resultDir(dataDir, id), '').map((f) => f.name).filter((n) => n !== 'result.json') };
}

/** Every result (optionally of one kind), newest first; folders without a readable `result.json` are skipped. */
export function listResults(dataDir: string, kind?: string): ResultInfo[] {
  const root = resultsRoot(dataDir);
  if (!existsSync(root)) return [];
  const out: ResultInfo[] = [];
  for (const name of readdirSync(root)) {
    if (!isResultId(name)) continue;
    try {
      const info = JSON.parse(readFileSync(join(root, name, 'result.json'), 'utf8')) as ResultInfo;
      if (!kind || info.kind === kind) out.push(info);
    } catch {
      // A half-written or foreign folder is not a result; listing the others matters more than naming it.
    }
  }
  return out.sort((a, b) => b.created.localeCompare(a.created) || b.id.localeCompare(a.id));
}

function listFiles(dir: string, prefix: string): ResultFile[] {
  const out: ResultFile[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.name.endsWith(tempSuffix)) continue; // a file being written (io/atomicWrite.ts), not yet part of the result
    if (entry.isDirectory()) out.push(...listFiles(join(dir, entry.name), rel));
    else if (entry.isFile()) out.push({ name: rel, bytes: statSync(join(dir, entry.name)).size });
  }
  return out;
}
