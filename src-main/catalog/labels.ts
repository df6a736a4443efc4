// Resolving references (entity ids, UIDs, paths) to catalog entities, and applying label CSV files.
import { dirname, isAbsolute, resolve } from 'node:path';
import type { EntityKind } from '../../src-shared/api/catalog.js';
import { ApiError } from '../../src-shared/api/errors.js';
import { readTextSync } from '../io/readFile.js';
import { parseLabelCsv } from '../../src-shared/catalog/csv.js';
import { labelCsvProblem } from '../../src-shared/catalog/labelValues.js';
import { entityByPath, entityByUid, entityExists } from './queries.js';
import type { EntityRef } from './rows.js';
import type { CatalogStore } from './store.js';

export function parseEntityId(ref: string): EntityRef | null {
  const m = /^(patient|study|series|instance|volume|image):(\d+)$/.exec(ref);
  return m ? { kind: m[1] as EntityKind, id: Number(m[2]) } : null;
}

export const formatEntityId = (ref: EntityRef): string => `${ref.kind}:${ref.id}`;

/** An entity id, a SOP/Series/Study Instance UID, or a catalogued file path (absolute, or relative to `baseDir`). */
export function resolveRef(store: CatalogStore, ref: string, baseDir?: string): EntityRef | null {
  const byId = parseEntityId(ref);
  if (byId) return entityExists(store.db, byId) ? byId : null;
  if (/^[0-9.]+$/.test(ref)) {
    const byUid = entityByUid(store.db, ref);
    if (byUid) return byUid;
  }
  return entityByPath(store.db, isAbsolute(ref) ? ref : resolve(baseDir ?? process.cwd(), ref));
}

export interface LabelCsvResult {
  rows: number;
  applied: number;
  /** Rows whose first cell matches nothing: how many, and the first few line numbers — never the cells themselves. */
  unmatched: { count: number; lines: number[] };
}

const reportedLines = 10;

/** csv-parse's messages quote the offending text; only its error code and line are passed on. */
function csvFailure(csvPath: string, error: unknown): ApiError {
  const { code, lines } = error as { code?: string; lines?: number };
  const what = (code ?? 'parse error').replace(/^CSV_/, '').toLowerCase().replace(/_/g, ' ');
  return new ApiError('bad_input', `${csvPath}: not a valid CSV (${what}${lines ? ` at line ${lines}` : ''})`);
}

export function applyLabelCsv(store: CatalogStore, csvPath: string): LabelCsvResult {
  const text = readTextSync(csvPath);
  let table: ReturnType<typeof parseLabelCsv>;
  try {
    table = parseLabelCsv(text);
  } catch (error) {
    throw csvFailure(csvPath, error);
  }
  // A word in a numeric column would silently drop that file from every `age>60` filter: refuse the file instead.
  const problem = labelCsvProblem(table, (key) => store.labelValues(key));
  if (problem) throw new ApiError('bad_input', `${csvPath}: ${problem}`);
  const unmatched: LabelCsvResult['unmatched'] = { count: 0, lines: [] };
  let applied = 0;
  store.db.transaction(() => {
    for (const row of table.rows) {
      const entity = resolveRef(store, row.ref, dirname(csvPath));
      if (!entity) {
        unmatched.count++;
        if (unmatched.lines.length < reportedLines) unmatched.lines.push(row.line);
        continue;
      }
      for (const [k, v] of Object.entries(row.labels)) store.setLabel(entity.kind, entity.id, k, v);
      applied++;
    }
  })();
  return { rows: table.rows.length, applied, unmatched };
}
