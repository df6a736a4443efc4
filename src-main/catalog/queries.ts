// Catalog listings: rows shaped as the contract's schemas, filtered by parent, by column (`modality=CT`, `*` wildcard)
// or by label (`class=PNEUMONIA`), with stable ordering and paging.
import type { EntityKind, ImageRow, InstanceRow, PatientRow, SeriesRow, StudyRow, VolumeRow } from '../../src-shared/api/catalog.js';
import { ApiError } from '../../src-shared/api/errors.js';
import type { Db } from '../db/database.js';

type Row = Record<string, unknown>;

interface ListSpec {
  kind: EntityKind;
  from: string;
  /** Filter names (contract field names) → SQL expressions. */
  columns: Record<string, string>;
  parentColumn?: string;
  orderBy: string;
}

const specs = {
  patient: { kind: 'patient', from: 'patients t', columns: { patientId: 't.patient_id', name: 't.name', sex: 't.sex', birthDate: 't.birth_date' }, orderBy: 't.name, t.id' },
  study: { kind: 'study', from: 'studies t', parentColumn: 't.patient_id', columns: { studyInstanceUid: 't.study_uid', date: 't.date', description: 't.description', accessionNumber: 't.accession' }, orderBy: 't.date DESC, t.time DESC, t.id' },
  series: { kind: 'series', from: 'series t', parentColumn: 't.study_id', columns: { seriesInstanceUid: 't.series_uid', modality: 't.modality', description: 't.description', bodyPart: 't.body_part' }, orderBy: 't.number, t.id' },
  instance: { kind: 'instance', from: 'instances t', parentColumn: 't.series_id', columns: { sopInstanceUid: 't.sop_uid', modality: 't.modality', transferSyntaxUid: 't.transfer_syntax', path: 't.path', photometricInterpretation: 't.photometric' }, orderBy: 't.instance_number, t.id' },
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

function list<T>(db: Db, spec: ListSpec, select: string, params: ListParams, map: (r: Row) => Omit<T, 'labels'>): { rows: T[]; total: number } {
  const where = buildWhere(spec, params);
  const total = (db.prepare(`SELECT count(*) AS n FROM ${spec.from} ${where.sql}`).get(...where.args) as { n: number }).n;
  const raw = db.prepare(`SELECT ${select} FROM ${spec.from} ${where.sql} ORDER BY ${spec.orderBy} LIMIT ? OFFSET ?`).all(...where.args, params.limit, params.offset) as Row[];
  const labels = labelsFor(db, spec.kind, raw.map((r) => r.id as number));
  return { rows: raw.map((r) => ({ ...map(r), labels: labels.get(r.id as number) ?? {} }) as T), total };
}

function labelsFor(db: Db, kind: EntityKind, ids: number[]): Map<number, Record<string, string>> {
  const out = new Map<number, Record<string, string>>();
  if (ids.length === 0) return out;
  const rows = db.prepare(`SELECT entity_id AS id, key, value FROM labels WHERE entity_kind = ? AND entity_id IN (${ids.map(() => '?').join(',')})`).all(kind, ...ids) as Array<{ id: number; key: string; value: string }>;
  for (const r of rows) {
    const m = out.get(r.id) ?? {};
    m[r.key] = r.value;
    out.set(r.id, m);
  }
  return out;
}

const parse = <T>(v: unknown): T | null => (typeof v === 'string' ? (JSON.parse(v) as T) : null);

export const listPatients = (db: Db, p: ListParams) =>
  list<PatientRow>(db, specs.patient, 't.*, (SELECT count(*) FROM studies s WHERE s.patient_id = t.id) AS study_count', p, (r) => ({
    id: `patient:${r.id}`, patientId: r.patient_id as string, name: r.name as string, birthDate: (r.birth_date as string) ?? null, sex: (r.sex as string) ?? null, studyCount: r.study_count as number,
  }));

export const listStudies = (db: Db, p: ListParams) =>
  list<StudyRow>(db, specs.study, `t.*, (SELECT count(*) FROM series s WHERE s.study_id = t.id) AS series_count,
      (SELECT count(*) FROM instances i JOIN series s ON i.series_id = s.id WHERE s.study_id = t.id) AS instance_count,
      (SELECT group_concat(DISTINCT s.modality) FROM series s WHERE s.study_id = t.id) AS modalities`, p, (r) => ({
    id: `study:${r.id}`, patient: `patient:${r.patient_id}`, studyInstanceUid: r.study_uid as string, date: (r.date as string) ?? null, time: (r.time as string) ?? null,
    description: (r.description as string) ?? null, accessionNumber: (r.accession as string) ?? null,
    modalities: r.modalities ? String(r.modalities).split(',') : [], seriesCount: r.series_count as number, instanceCount: r.instance_count as number,
  }));

export const listSeries = (db: Db, p: ListParams) =>
  list<SeriesRow>(db, specs.series, `t.*, (SELECT count(*) FROM instances i WHERE i.series_id = t.id) AS instance_count,
      (SELECT coalesce(sum(i.frames), 0) FROM instances i WHERE i.series_id = t.id) AS frame_count,
      (SELECT coalesce(max(i.displayable), 0) FROM instances i WHERE i.series_id = t.id) AS displayable`, p, (r) => ({
    id: `series:${r.id}`, study: `study:${r.study_id}`, seriesInstanceUid: r.series_uid as string, number: (r.number as number) ?? null, modality: (r.modality as string) ?? null,
    description: (r.description as string) ?? null, bodyPart: (r.body_part as string) ?? null, instanceCount: r.instance_count as number, frameCount: r.frame_count as number,
    displayable: r.displayable === 1,
  }));

export function instanceFromRow(r: Row): Omit<InstanceRow, 'labels'> {
  return {
    id: `instance:${r.id}`, series: `series:${r.series_id}`, sopInstanceUid: r.sop_uid as string, sopClassUid: (r.sop_class_uid as string) ?? null,
    instanceNumber: (r.instance_number as number) ?? null, path: r.path as string, frames: r.frames as number, transferSyntaxUid: r.transfer_syntax as string,
    rows: (r.rows as number) ?? null, columns: (r.columns as number) ?? null, pixelSpacing: parse(r.pixel_spacing), imagePositionPatient: parse(r.image_position),
    imageOrientationPatient: parse(r.image_orientation), sliceLocation: (r.slice_location as number) ?? null, sliceThickness: (r.slice_thickness as number) ?? null,
    rescaleSlope: r.rescale_slope as number, rescaleIntercept: r.rescale_intercept as number, windowCenter: (r.window_center as number) ?? null,
    windowWidth: (r.window_width as number) ?? null, photometricInterpretation: (r.photometric as string) ?? null, bitsAllocated: (r.bits_allocated as number) ?? null,
    bitsStored: (r.bits_stored as number) ?? null, pixelRepresentation: (r.pixel_representation as number) ?? null, samplesPerPixel: (r.samples_per_pixel as number) ?? null,
    modality: (r.modality as string) ?? null, displayable: r.displayable === 1,
  };
}

export const listInstances = (db: Db, p: ListParams) => list<InstanceRow>(db, specs.instance, 't.*', p, instanceFromRow);

export function volumeFromRow(r: Row): Omit<VolumeRow, 'labels'> {
  return {
    id: `volume:${r.id}`, path: r.path as string, format: r.format as VolumeRow['format'], dims: parse<number[]>(r.dims) ?? [], voxelSize: parse<number[]>(r.voxel_size) ?? [],
    datatype: r.datatype as string, affine: parse<number[]>(r.affine) ?? [], affineSource: r.affine_source as VolumeRow['affineSource'], description: r.description as string,
    provenance: r.provenance as VolumeRow['provenance'],
  };
}

export const listVolumes = (db: Db, p: ListParams) => list<VolumeRow>(db, specs.volume, 't.*', p, volumeFromRow);

export const listImages = (db: Db, p: ListParams) =>
  list<ImageRow>(db, specs.image, 't.*', p, (r) => ({
    id: `image:${r.id}`, path: r.path as string, format: r.format as ImageRow['format'], rows: r.rows as number, columns: r.columns as number,
    channels: r.channels as number, bitDepth: r.bit_depth as number, provenance: r.provenance as ImageRow['provenance'],
  }));

export function getRow(db: Db, table: 'instances' | 'volumes' | 'images' | 'series', id: string): Row {
  const n = Number(id.split(':')[1]);
  const row = db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(n) as Row | undefined;
  if (!row) throw new ApiError('not_found', `${id} is not in the catalog`);
  return row;
}
