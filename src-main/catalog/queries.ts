// Reading the catalog: listings shaped as the contract's rows, filtered by parent, by column (`modality=CT`, `*`
// wildcard) or by label (`class=PNEUMONIA`), with stable ordering and paging; and typed lookups of single records.
import type { EntityKind, ImageRow, Provenance, InstanceRow, PatientRow, SeriesRow, StudyRow, VolumeRow } from '../../src-shared/api/catalog.js';
import { ApiError } from '../../src-shared/api/errors.js';
import type { Db } from '../db/database.js';
import { entityTables, imageFromRecord, instanceFromRecord, patientFromRecord, seriesFromRecord, studyFromRecord, volumeFromRecord } from './rows.js';
import type { EntityRef, ImageRecord, InstanceRecord, PatientListRecord, SeriesListRecord, SeriesRecord, StudyListRecord, VolumeRecord } from './rows.js';

interface ListSpec {
  kind: EntityKind;
  from: string;
  /** Filter names (contract field names) → SQL expressions. */
  columns: Record<string, string>;
  parentColumn?: string;
  orderBy: string;
}

/** A series (`t` = series) or a study (`t` = studies) is synthetic when any of its instances is (partial index v4). */
const seriesProvenance = "(CASE WHEN EXISTS (SELECT 1 FROM instances i WHERE i.series_id = t.id AND i.provenance = 'synthetic') THEN 'synthetic' ELSE 'acquired' END)";
const studyProvenance = "(CASE WHEN EXISTS (SELECT 1 FROM series s JOIN instances i ON i.series_id = s.id WHERE s.study_id = t.id AND i.provenance = 'synthetic') THEN 'synthetic' ELSE 'acquired' END)";

const specs = {
  patient: { kind: 'patient', from: 'patients t', columns: { patientId: 't.patient_id', name: 't.name', sex: 't.sex', birthDate: 't.birth_date' }, orderBy: 't.name, t.id' },
  study: { kind: 'study', from: 'studies t', parentColumn: 't.patient_id', columns: { studyInstanceUid: 't.study_uid', date: 't.date', description: 't.description', accessionNumber: 't.accession', provenance: studyProvenance }, orderBy: 't.date DESC, t.time DESC, t.id' },
  series: { kind: 'series', from: 'series t', parentColumn: 't.study_id', columns: { seriesInstanceUid: 't.series_uid', modality: 't.modality', description: 't.description', bodyPart: 't.body_part', provenance: seriesProvenance }, orderBy: 't.number, t.id' },
  instance: { kind: 'instance', from: 'instances t', parentColumn: 't.series_id', columns: { sopInstanceUid: 't.sop_uid', modality: 't.modality', transferSyntaxUid: 't.transfer_syntax', path: 't.path', photometricInterpretation: 't.photometric', provenance: 't.provenance' }, orderBy: 't.instance_number, t.id' },
  volume: { kind: 'volume', from: 'volumes t', columns: { path: 't.path', format: 't.format', datatype: 't.datatype', description: 't.description', provenance: 't.provenance' }, orderBy: 't.path' },
  image: { kind: 'image', from: 'images t', columns: { path: 't.path', format: 't.format', provenance: 't.provenance' }, orderBy: 't.path' },
} satisfies Record<EntityKind, ListSpec>;

export interface ListParams {
  parent?: string;
  where: Record<string, string>;
  limit: number;
  offset: number;
}

function buildWhere(spec: ListSpec, params: ListParams): { sql: string; args: unknown[] } {
  const clauses: string[] = [];
  const args: unknown[] = [];
  if (params.parent !== undefined && spec.parentColumn) {
    clauses.push(`${spec.parentColumn} = ?`);
    args.push(Number(params.parent.split(':')[1]));
  }
  for (const [key, value] of Object.entries(params.where)) {
    const column = (spec.columns as Record<string, string>)[key];
    const like = value.includes('*');
    const pattern = like ? value.replace(/[%_\\]/g, '\\$&').replace(/\*/g, '%') : value;
    if (column) {
      clauses.push(like ? `${column} LIKE ? ESCAPE '\\'` : `${column} = ?`);
      args.push(pattern);
    } else {
      const labelKey = key.startsWith('label.') ? key.slice(6) : key;
      clauses.push(`EXISTS (SELECT 1 FROM labels l WHERE l.entity_kind = ? AND l.entity_id = t.id AND l.key = ? AND l.value ${like ? "LIKE ? ESCAPE '\\'" : '= ?'})`);
      args.push(spec.kind, labelKey, pattern);
    }
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', args };
}

function list<R extends { id: number }, T>(db: Db, spec: ListSpec, select: string, params: ListParams, map: (r: R) => Omit<T, 'labels'>): { rows: T[]; total: number } {
  const where = buildWhere(spec, params);
  const total = db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM ${spec.from} ${where.sql}`).get(...where.args)?.n ?? 0;
  const raw = db.prepare<unknown[], R>(`SELECT ${select} FROM ${spec.from} ${where.sql} ORDER BY ${spec.orderBy} LIMIT ? OFFSET ?`).all(...where.args, params.limit, params.offset);
  const labels = labelsFor(db, spec.kind, raw.map((r) => r.id));
  return { rows: raw.map((r) => ({ ...map(r), labels: labels.get(r.id) ?? {} }) as T), total };
}

function labelsFor(db: Db, kind: EntityKind, ids: number[]): Map<number, Record<string, string>> {
  const out = new Map<number, Record<string, string>>();
  if (ids.length === 0) return out;
  const sql = `SELECT entity_id AS id, key, value FROM labels WHERE entity_kind = ? AND entity_id IN (${ids.map(() => '?').join(',')})`;
  const rows = db.prepare<unknown[], { id: number; key: string; value: string }>(sql).all(kind, ...ids);
  for (const r of rows) {
    const m = out.get(r.id) ?? {};
    m[r.key] = r.value;
    out.set(r.id, m);
  }
  return out;
}

export const listPatients = (db: Db, p: ListParams) =>
  list<PatientListRecord, PatientRow>(db, specs.patient, 't.*, (SELECT count(*) FROM studies s WHERE s.patient_id = t.id) AS study_count', p, patientFromRecord);

export const listStudies = (db: Db, p: ListParams) =>
  list<StudyListRecord, StudyRow>(db, specs.study, `t.*, (SELECT count(*) FROM series s WHERE s.study_id = t.id) AS series_count,
      (SELECT count(*) FROM instances i JOIN series s ON i.series_id = s.id WHERE s.study_id = t.id) AS instance_count,
      (SELECT group_concat(DISTINCT s.modality) FROM series s WHERE s.study_id = t.id) AS modalities, ${studyProvenance} AS provenance`, p, studyFromRecord);

export const listSeries = (db: Db, p: ListParams) =>
  list<SeriesListRecord, SeriesRow>(db, specs.series, `t.*, (SELECT count(*) FROM instances i WHERE i.series_id = t.id) AS instance_count,
      (SELECT coalesce(sum(i.frames), 0) FROM instances i WHERE i.series_id = t.id) AS frame_count,
      (SELECT coalesce(max(i.displayable), 0) FROM instances i WHERE i.series_id = t.id) AS displayable, ${seriesProvenance} AS provenance`, p, seriesFromRecord);

export const listInstances = (db: Db, p: ListParams) => list<InstanceRecord, InstanceRow>(db, specs.instance, 't.*', p, instanceFromRecord);

export const listVolumes = (db: Db, p: ListParams) => list<VolumeRecord, VolumeRow>(db, specs.volume, 't.*', p, volumeFromRecord);

export const listImages = (db: Db, p: ListParams) => list<ImageRecord, ImageRow>(db, specs.image, 't.*', p, imageFromRecord);

/** The record of an entity id (`instance:17`) in its table; not_found when the catalog has no such row. */
function recordOf<R>(db: Db, table: string, id: string): R {
  const row = db.prepare<[number], R>(`SELECT * FROM ${table} WHERE id = ?`).get(Number(id.split(':')[1]));
  if (!row) throw new ApiError('not_found', `${id} is not in the catalog`);
  return row;
}

export const getInstance = (db: Db, id: string): InstanceRecord => recordOf(db, 'instances', id);
export const getVolume = (db: Db, id: string): VolumeRecord => recordOf(db, 'volumes', id);
export const getImage = (db: Db, id: string): ImageRecord => recordOf(db, 'images', id);
export const getSeries = (db: Db, id: string): SeriesRecord => recordOf(db, 'series', id);

/** The DICOM Patient ID of a catalogued series (`series:N`) or instance (`instance:N`): the subject for splits. */
export function patientIdOf(db: Db, id: string): string {
  const m = /^(series|instance):(\d+)$/.exec(id);
  if (!m) return '';
  const seriesId = m[1] === 'series' ? Number(m[2]) : getInstance(db, id).series_id;
  const row = db
    .prepare<[number], { patientId: string }>('SELECT p.patient_id AS patientId FROM series se JOIN studies st ON st.id = se.study_id JOIN patients p ON p.id = st.patient_id WHERE se.id = ?')
    .get(seriesId);
  return row?.patientId ?? '';
}

/** Whether a series is synthetic: any of its instances said Synthetic Data = YES at import (the same rule as its listing). */
export function seriesProvenanceOf(db: Db, seriesId: string): Provenance {
  const series = getSeries(db, seriesId);
  const row = db.prepare<[number], { provenance: Provenance }>(`SELECT ${seriesProvenance} AS provenance FROM series t WHERE t.id = ?`).get(series.id);
  return row?.provenance ?? 'acquired';
}

/** The displayable instances of a series in instance-number order (the pixel service sorts them in space). */
export function displayableInstances(db: Db, seriesId: string): InstanceRecord[] {
  const series = getSeries(db, seriesId);
  return db.prepare<[number], InstanceRecord>('SELECT * FROM instances WHERE series_id = ? AND displayable = 1 ORDER BY instance_number, id').all(series.id);
}

/** The catalogued dims of the volume at `path` (JSON column), or null when it is not catalogued. */
export function volumeDimsByPath(db: Db, path: string): string | null {
  return db.prepare<[string], { dims: string }>('SELECT dims FROM volumes WHERE path = ?').get(path)?.dims ?? null;
}

export function entityExists(db: Db, ref: EntityRef): boolean {
  return db.prepare<[number], { one: number }>(`SELECT 1 AS one FROM ${entityTables[ref.kind]} WHERE id = ?`).get(ref.id) !== undefined;
}

/** The instance, series or study with this DICOM UID (in that order), or null. */
export function entityByUid(db: Db, uid: string): EntityRef | null {
  const lookups = [
    ['instance', 'SELECT id FROM instances WHERE sop_uid = ?'],
    ['series', 'SELECT id FROM series WHERE series_uid = ?'],
    ['study', 'SELECT id FROM studies WHERE study_uid = ?'],
  ] as const;
  return firstMatch(db, lookups, uid);
}

/** The volume, image or instance catalogued at this absolute path (in that order), or null. */
export function entityByPath(db: Db, path: string): EntityRef | null {
  const lookups = [
    ['volume', 'SELECT id FROM volumes WHERE path = ?'],
    ['image', 'SELECT id FROM images WHERE path = ?'],
    ['instance', 'SELECT id FROM instances WHERE path = ?'],
  ] as const;
  return firstMatch(db, lookups, path);
}

function firstMatch(db: Db, lookups: ReadonlyArray<readonly [EntityKind, string]>, value: string): EntityRef | null {
  for (const [kind, sql] of lookups) {
    const row = db.prepare<[string], { id: number }>(sql).get(value);
    if (row) return { kind, id: row.id };
  }
  return null;
}

/** The DICOM UIDs of a catalogued series (`series:N`) or instance (`instance:N`), for a derived series to reference; null otherwise. */
export function dicomUidsOf(db: Db, id: string): { studyUid: string; seriesUid: string; sopClassUid?: string; sopInstanceUid?: string } | null {
  const m = /^(series|instance):(\d+)$/.exec(id);
  if (!m) return null;
  const base = 'SELECT st.study_uid AS studyUid, se.series_uid AS seriesUid FROM series se JOIN studies st ON st.id = se.study_id';
  if (m[1] === 'series') return db.prepare<[number], { studyUid: string; seriesUid: string }>(`${base} WHERE se.id = ?`).get(Number(m[2])) ?? null;
  const row = db
    .prepare<[number], { studyUid: string; seriesUid: string; sopClassUid: string | null; sopInstanceUid: string }>(
      'SELECT st.study_uid AS studyUid, se.series_uid AS seriesUid, i.sop_class_uid AS sopClassUid, i.sop_uid AS sopInstanceUid FROM instances i JOIN series se ON se.id = i.series_id JOIN studies st ON st.id = se.study_id WHERE i.id = ?',
    )
    .get(Number(m[2]));
  return row ? { studyUid: row.studyUid, seriesUid: row.seriesUid, sopInstanceUid: row.sopInstanceUid, ...(row.sopClassUid ? { sopClassUid: row.sopClassUid } : {}) } : null;
}
