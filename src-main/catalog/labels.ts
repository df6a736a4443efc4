// Resolving references (entity ids, UIDs, paths) to catalog entities, and applying label CSV files.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { EntityKind } from '../../src-shared/api/catalog.js';
import { parseLabelCsv } from '../../src-shared/catalog/csv.js';
import type { CatalogStore } from './store.js';

export interface EntityRef {
  kind: EntityKind;
  id: number;
}

const tables: Record<EntityKind, string> = { patient: 'patients', study: 'studies', series: 'series', instance: 'instances', volume: 'volumes', image: 'images' };

export function parseEntityId(ref: string): EntityRef | null {
  const m = /^(patient|study|series|instance|volume|image):(\d+)$/.exec(ref);
  return m ? { kind: m[1] as EntityKind, id: Number(m[2]) } : null;
}

export const formatEntityId = (ref: EntityRef): string => `${ref.kind}:${ref.id}`;

export function entityExists(store: CatalogStore, ref: EntityRef): boolean {
  return Boolean(store.db.prepare(`SELECT 1 FROM ${tables[ref.kind]} WHERE id = ?`).get(ref.id));
}

/** An entity id, a SOP/Series/Study Instance UID, or a catalogued file path (absolute, or relative to `baseDir`). */
export function resolveRef(store: CatalogStore, ref: string, baseDir?: string): EntityRef | null {
  const byId = parseEntityId(ref);
  if (byId) return entityExists(store, byId) ? byId : null;
  const db = store.db;
  const one = (sql: string, v: string): number | undefined => (db.prepare(sql).get(v) as { id: number } | undefined)?.id;
  if (/^[0-9.]+$/.test(ref)) {
    for (const [kind, sql] of [
      ['instance', 'SELECT id FROM instances WHERE sop_uid = ?'],
      ['series', 'SELECT id FROM series WHERE series_uid = ?'],
      ['study', 'SELECT id FROM studies WHERE study_uid = ?'],
    ] as const) {
      const id = one(sql, ref);
      if (id !== undefined) return { kind, id };
    }
  }
  const path = isAbsolute(ref) ? ref : resolve(baseDir ?? process.cwd(), ref);
  for (const [kind, sql] of [
    ['volume', 'SELECT id FROM volumes WHERE path = ?'],
    ['image', 'SELECT id FROM images WHERE path = ?'],
    ['instance', 'SELECT id FROM instances WHERE path = ?'],
  ] as const) {
    const id = one(sql, path);
    if (id !== undefined) return { kind, id };
  }
  return null;
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
