// Resolving references (entity ids, UIDs, paths) to catalog entities, and applying label CSV files.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { EntityKind } from '../../src-shared/api/catalog.js';
import { parseLabelCsv } from '../../src-shared/catalog/csv.js';
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
  unmatched: Array<{ line: number; key: string; reason: string }>;
}

export function applyLabelCsv(store: CatalogStore, csvPath: string): LabelCsvResult {
  let text: string;
  try {
    text = readFileSync(csvPath, 'utf8');
  } catch (error) {
    throw new Error(`${csvPath}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let table: ReturnType<typeof parseLabelCsv>;
  try {
    table = parseLabelCsv(text);
  } catch (error) {
    throw new Error(`${csvPath}: not a valid CSV (${(error as Error).message})`);
  }
  const unmatched: LabelCsvResult['unmatched'] = [];
  let applied = 0;
  store.db.transaction(() => {
    for (const row of table.rows) {
      const entity = resolveRef(store, row.ref, dirname(csvPath));
      if (!entity) {
        unmatched.push({ line: row.line, key: row.ref, reason: 'no catalogued file, id or UID matches' });
        continue;
      }
      for (const [k, v] of Object.entries(row.labels)) store.setLabel(entity.kind, entity.id, k, v);
      applied++;
    }
  })();
  return { rows: table.rows.length, applied, unmatched };
}
