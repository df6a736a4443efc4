// The files of ARTEFACTS.md as the direction capability reads them: references (result id or path) resolved to
// files, index.csv of a latent set, and labels (two classes, or a numeric column split by threshold/quantile).
import { existsSync } from 'node:fs';
import { dirname, extname, isAbsolute, join } from 'node:path';
import { ApiError } from '../../src-shared/api/errors.js';
import { parseCsv } from '../../src-shared/catalog/csv.js';
import { readNpySync } from '../io/npyFile.js';
import { readTextSync } from '../io/readFile.js';
import type { AppContext } from '../base/context.js';
import { isResultId, resultFile } from '../results/store.js';
import { checkUserPath } from '../security/userPaths.js';

/** A result id → its file `name`; anything else must be an absolute path the user chose, to an existing file. */
export function resolveArtefact(ctx: AppContext, ref: string, name: string): string {
  if (isResultId(ref)) return resultFile(ctx.dataDir, ref, name);
  if (!isAbsolute(ref)) throw new ApiError('bad_input', `${ref}: give a result id or an absolute path`);
  const path = checkUserPath(ctx, ref, name.replace(/\.[a-z]+$/, ''));
  if (!existsSync(path)) throw new ApiError('not_found', `${path}: no such file`);
  return path;
}

/** A sibling file of `path` (D.json beside D.npy, index.csv beside latents.npy) when it exists. */
export function sibling(path: string, name: string): string | null {
  const candidate = join(dirname(path), name);
  return existsSync(candidate) ? candidate : null;
}

/** The sidecar of an array file: `<stem>.json` beside it (age.npy → age.json), else the conventional name (D.json). */
export function sidecarOf(path: string, conventional: string): string | null {
  const own = path.replace(/\.npy$/i, '.json');
  return own !== path && existsSync(own) ? own : sibling(path, conventional);
}

/** A JSON file a user's folder holds (a sidecar, meta.json): regular files only, size-capped (io/readFile.ts). */
export function readJson<T>(path: string): T {
  const text = readTextSync(path);
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    // V8's message quotes the text around the error; only the position is passed on.
    const at = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new ApiError('bad_input', `${path}: not valid JSON${at === undefined ? ' (the text ends too early or is not JSON)' : ` (error at character ${at})`}`);
  }
}

/** index.csv of a latent set as columns by name. */
export interface IndexTable {
  path: string;
  rows: number;
  column(name: string): string[] | null;
  names: string[];
}

export function readIndexCsv(path: string): IndexTable {
  const records = parseCsv(readTextSync(path));
  if (records.length === 0) throw new ApiError('bad_input', `${path}: empty index (expected a header row: row,item,subject,…)`);
  const [header, ...body] = records;
  return {
    path,
    rows: body.length,
    names: header,
    column(name) {
      const j = header.indexOf(name);
      return j < 0 ? null : body.map((r) => r[j] ?? '');
    },
  };
}

const headerNames = new Set(['label', 'labels', 'class', 'y', 'target']);

/** One label per row from .npy or .csv (last column; a header row is skipped). */
export function readLabelValues(path: string): string[] {
  if (extname(path).toLowerCase() === '.npy') return Array.from(readNpySync(path).data, (v) => String(v));
  const text = readTextSync(path);
  const values = parseCsv(text).map((cells) => cells.at(-1) ?? '');
  const numeric = (v: string): boolean => v !== '' && Number.isFinite(Number(v));
  if (values.length && (headerNames.has(values[0].toLowerCase()) || (!numeric(values[0]) && values.slice(1).every(numeric)))) values.shift();
  return values;
}

export interface BinaryLabels {
  /** 0, 1, or −1 for rows left out (the middle of a quantile split). */
  labels: number[];
  classes: [string, string];
}

/** Two distinct values → 0/1 (numeric order when numeric, else text order; the later one is class 1). */
export function binaryLabels(values: string[], source: string): BinaryLabels {
  const distinct = [...new Set(values)];
  if (distinct.length !== 2) {
    const numeric = distinct.every((v) => v !== '' && Number.isFinite(Number(v)));
    const hint = numeric ? '; for a numeric label give a threshold (--threshold) or a quantile (--quantile)' : '';
    throw new ApiError('bad_input', `${source}: a direction needs exactly two classes, found ${distinct.length} (${distinct.slice(0, 5).join(', ')}${distinct.length > 5 ? ', …' : ''})${hint}`);
  }
  const allNumeric = distinct.every((v) => Number.isFinite(Number(v)));
  distinct.sort((a, b) => (allNumeric ? Number(a) - Number(b) : a < b ? -1 : 1));
  return { labels: values.map((v) => (v === distinct[1] ? 1 : 0)), classes: [distinct[0], distinct[1]] };
}

/** A numeric label split by a threshold (< t vs ≥ t) or into its lowest and highest quantile (middle left out). */
export function numericLabels(values: string[], source: string, split: { threshold?: number; quantile?: number }): BinaryLabels {
  const numbers = values.map((v, i) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw new ApiError('bad_input', `${source}: row ${i} has "${v}", not a number`);
    return n;
  });
  if (split.threshold !== undefined) {
    const t = split.threshold;
    return { labels: numbers.map((n) => (n >= t ? 1 : 0)), classes: [`<${t}`, `>=${t}`] };
  }
  if (split.quantile === undefined) throw new ApiError('bad_input', `${source}: a numeric label needs a threshold or a quantile`);
  const sorted = [...numbers].sort((a, b) => a - b);
  const k = Math.floor(sorted.length * split.quantile);
  if (k < 1) throw new ApiError('bad_input', `${source}: quantile ${split.quantile} of ${sorted.length} values leaves an empty group`);
  const low = sorted[k - 1];
  const high = sorted[sorted.length - k];
  if (!(low < high)) throw new ApiError('bad_input', `${source}: the lowest and highest ${split.quantile} overlap (${low} ≥ ${high})`);
  return { labels: numbers.map((n) => (n <= low ? 0 : n >= high ? 1 : -1)), classes: [`<=${low}`, `>=${high}`] };
}
