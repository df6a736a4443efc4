// Writes to the catalog database: upserting DICOM patients/studies/series/instances, NIfTI volumes, 2D images,
// the files table (size+mtime to skip unchanged files), labels and import runs. Prepared once per database.
import { dirname } from 'node:path';
import type { EntityKind, ImportError, Provenance } from '../../src-shared/api/catalog.js';
import type { MethodOutput } from '../../src-shared/api/contract.js';
import type { Db } from '../db/database.js';
import type { DicomHeader } from '../io/dicom.js';
import type { NiftiHeaderInfo } from '../io/nifti.js';
import { jsonColumn } from './rows.js';
import type { ImportRunRecord } from './rows.js';

export interface FileStamp {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface ImageHeaderInfo {
  format: 'png' | 'jpeg';
  rows: number;
  columns: number;
  channels: number;
  bitDepth: number;
}

export type InstanceOutcome =
  | { kind: 'stored'; patientId: number; studyId: number; seriesId: number; instanceId: number }
  | { kind: 'duplicate'; existingPath: string };

/** The id an INSERT … RETURNING id gave back (an upsert always returns its row). */
function returnedId(row: { id: number } | undefined): number {
  if (!row) throw new Error('the catalog database returned no row id for an insert');
  return row.id;
}

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

export class CatalogStore {
  private readonly s;

  constructor(readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    /** A statement whose rows have type R (RETURNING id, or a SELECT). */
    const q = <R>(sql: string) => db.prepare<unknown[], R>(sql);
    type Id = { id: number };
    this.s = {
      fileGet: q<{ size: number; mtimeMs: number }>('SELECT size, mtime_ms AS mtimeMs FROM files WHERE path = ?'),
      filePut: p('INSERT INTO files(path, size, mtime_ms, kind) VALUES (?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, kind = excluded.kind'),
      patient: q<Id>(`INSERT INTO patients(patient_key, patient_id, name, birth_date, sex) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(patient_key) DO UPDATE SET name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE name END,
          birth_date = coalesce(excluded.birth_date, birth_date), sex = coalesce(excluded.sex, sex) RETURNING id`),
      study: q<Id>(`INSERT INTO studies(patient_id, study_uid, date, time, description, accession) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(study_uid) DO UPDATE SET date = coalesce(excluded.date, date), time = coalesce(excluded.time, time),
          description = coalesce(excluded.description, description), accession = coalesce(excluded.accession, accession) RETURNING id`),
      series: q<Id>(`INSERT INTO series(study_id, series_uid, number, modality, description, body_part, frame_of_reference_uid) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(series_uid) DO UPDATE SET number = coalesce(excluded.number, number), modality = coalesce(excluded.modality, modality),
          description = coalesce(excluded.description, description), body_part = coalesce(excluded.body_part, body_part),
          frame_of_reference_uid = coalesce(excluded.frame_of_reference_uid, frame_of_reference_uid) RETURNING id`),
      instanceBySop: q<{ id: number; path: string }>('SELECT id, path FROM instances WHERE sop_uid = ?'),
      instanceDelete: p('DELETE FROM instances WHERE id = ?'),
      instanceInsert: q<Id>(`INSERT INTO instances(series_id, sop_uid, sop_class_uid, instance_number, path, frames, transfer_syntax, rows, columns,
          pixel_spacing, image_position, image_orientation, frame_positions, slice_location, slice_thickness, rescale_slope, rescale_intercept, rescale_type,
          window_center, window_width, windows, photometric, bits_allocated, bits_stored, high_bit, pixel_representation, samples_per_pixel,
          planar_configuration, modality, displayable, lossy, provenance)
        VALUES (@series_id, @sop_uid, @sop_class_uid, @instance_number, @path, @frames, @transfer_syntax, @rows, @columns,
          @pixel_spacing, @image_position, @image_orientation, @frame_positions, @slice_location, @slice_thickness, @rescale_slope, @rescale_intercept, @rescale_type,
          @window_center, @window_width, @windows, @photometric, @bits_allocated, @bits_stored, @high_bit, @pixel_representation, @samples_per_pixel,
          @planar_configuration, @modality, @displayable, @lossy, @provenance) RETURNING id`),
      volume: q<Id>(`INSERT INTO volumes(path, image_path, format, dims, voxel_size, datatype, affine, affine_source, description, provenance)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET image_path = excluded.image_path, format = excluded.format,
          dims = excluded.dims, voxel_size = excluded.voxel_size, datatype = excluded.datatype, affine = excluded.affine,
          affine_source = excluded.affine_source, description = excluded.description RETURNING id`),
      image: q<Id>(`INSERT INTO images(path, format, rows, columns, channels, bit_depth, provenance) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(path) DO UPDATE SET format = excluded.format, rows = excluded.rows, columns = excluded.columns,
          channels = excluded.channels, bit_depth = excluded.bit_depth, provenance = excluded.provenance RETURNING id`),
      labelSet: p('INSERT INTO labels(entity_kind, entity_id, key, value) VALUES (?, ?, ?, ?) ON CONFLICT(entity_kind, entity_id, key) DO UPDATE SET value = excluded.value'),
      labelDelete: p('DELETE FROM labels WHERE entity_kind = ? AND entity_id = ? AND key = ?'),
      labelsOf: q<{ key: string; value: string }>('SELECT key, value FROM labels WHERE entity_kind = ? AND entity_id = ? ORDER BY key'),
      labelValues: q<{ value: string }>('SELECT DISTINCT value FROM labels WHERE key = ? LIMIT ?'),
      runStart: p("INSERT INTO import_runs(id, started_at, state, paths) VALUES (?, ?, 'running', ?)"),
      runUpdate: p('UPDATE import_runs SET state = ?, finished_at = ?, files = ?, imported = ?, skipped = ?, ignored = ? WHERE id = ?'),
      runError: p('INSERT INTO import_errors(run_id, path, reason, kind) VALUES (?, ?, ?, ?)'),
      runsLatest: db.prepare<[number], ImportRunRecord>('SELECT * FROM import_runs ORDER BY started_at DESC LIMIT ?'),
      runFiles: db.prepare<[string, 'error' | 'ignored' | 'warning'], ImportError>('SELECT path, reason FROM import_errors WHERE run_id = ? AND kind = ? LIMIT 1000'),
    };
  }

  /** True when the file is catalogued with the same size and mtime: nothing to do. */
  unchanged(f: FileStamp): boolean {
    const row = this.s.fileGet.get(f.path);
    return Boolean(row && row.size === f.size && Math.abs(row.mtimeMs - f.mtimeMs) < 1);
  }

  recordFile(f: FileStamp, kind: 'dicom' | 'dicomdir' | 'nifti' | 'image' | 'sidecar'): void {
    this.s.filePut.run(f.path, f.size, f.mtimeMs, kind);
  }

  /** Files missing UIDs (old ACR-NEMA, secondary captures) are grouped by folder so they still land somewhere sensible. */
  putDicom(f: FileStamp, h: DicomHeader, pathExists: (p: string) => boolean): InstanceOutcome {
    const sop = h.sopInstanceUid ?? `file:${f.path}`;
    const existing = this.s.instanceBySop.get(sop);
    if (existing && existing.path !== f.path && pathExists(existing.path)) {
      // Remembered so a re-import skips it by size+mtime like any other unchanged file.
      this.recordFile(f, 'dicom');
      return { kind: 'duplicate', existingPath: existing.path };
    }
    const folder = dirname(f.path);
    const patientKey = h.patientId || (h.patientName ? `name:${h.patientName}` : '(anonymous)');
    const patientId = returnedId(this.s.patient.get(patientKey, h.patientId, h.patientName, h.birthDate, h.sex));
    const studyId = returnedId(this.s.study.get(patientId, h.studyInstanceUid ?? `folder:${folder}`, h.studyDate, h.studyTime, h.studyDescription, h.accessionNumber));
    const seriesUid = h.seriesInstanceUid ?? `folder:${folder}#${h.seriesNumber ?? ''}${h.modality ?? ''}`;
    const seriesId = returnedId(this.s.series.get(studyId, seriesUid, h.seriesNumber, h.modality, h.seriesDescription, h.bodyPart, h.frameOfReferenceUid));
    // Replace rather than update: an instance whose file changed may now belong to another series.
    if (existing) this.s.instanceDelete.run(existing.id);
    const first = h.windows[0];
    const row = this.s.instanceInsert.get({
      series_id: seriesId, sop_uid: sop, sop_class_uid: h.sopClassUid, instance_number: h.instanceNumber, path: f.path, frames: h.frames,
      transfer_syntax: h.transferSyntaxUid, rows: h.rows, columns: h.columns, pixel_spacing: json(h.pixelSpacing),
      image_position: json(h.imagePositionPatient), image_orientation: json(h.imageOrientationPatient), frame_positions: json(h.framePositions),
      slice_location: h.sliceLocation, slice_thickness: h.sliceThickness, rescale_slope: h.rescaleSlope, rescale_intercept: h.rescaleIntercept,
      rescale_type: h.rescaleType, window_center: first?.[0] ?? null, window_width: first?.[1] ?? null, windows: h.windows.length > 1 ? json(h.windows) : null,
      photometric: h.photometric, bits_allocated: h.bitsAllocated, bits_stored: h.bitsStored, high_bit: h.highBit, pixel_representation: h.pixelRepresentation,
      samples_per_pixel: h.samplesPerPixel, planar_configuration: h.planarConfiguration, modality: h.modality, displayable: h.displayable ? 1 : 0, lossy: h.lossy ? 1 : 0,
      provenance: h.synthetic ? 'synthetic' : 'acquired',
    });
    const instanceId = returnedId(row);
    if (existing) this.moveLabels('instance', existing.id, instanceId);
    this.recordFile(f, 'dicom');
    return { kind: 'stored', patientId, studyId, seriesId, instanceId };
  }

  putVolume(f: FileStamp, h: NiftiHeaderInfo, provenance: Provenance = 'acquired'): number {
    const id = returnedId(this.s.volume.get(f.path, h.imagePath, h.format, JSON.stringify(h.dims), JSON.stringify(h.voxelSize), h.datatype, JSON.stringify(h.affine), h.affineSource, h.description, provenance));
    this.recordFile(f, 'nifti');
    return id;
  }

  putImage(f: FileStamp, h: ImageHeaderInfo, provenance: Provenance = 'acquired'): number {
    const id = returnedId(this.s.image.get(f.path, h.format, h.rows, h.columns, h.channels, h.bitDepth, provenance));
    this.recordFile(f, 'image');
    return id;
  }

  setLabel(kind: EntityKind, id: number, key: string, value: string | null): void {
    if (value === null) this.s.labelDelete.run(kind, id, key);
    else this.s.labelSet.run(kind, id, key, value);
  }

  labelsOf(kind: EntityKind, id: number): Record<string, string> {
    const out: Record<string, string> = {};
    for (const r of this.s.labelsOf.all(kind, id)) out[r.key] = r.value;
    return out;
  }

  /** Distinct values label `key` holds anywhere in the catalog (at most `limit`): enough to tell its type. */
  labelValues(key: string, limit = 1000): string[] {
    return this.s.labelValues.all(key, limit).map((r) => r.value);
  }

  private moveLabels(kind: EntityKind, from: number, to: number): void {
    this.db.prepare('UPDATE OR REPLACE labels SET entity_id = ? WHERE entity_kind = ? AND entity_id = ?').run(to, kind, from);
  }

  startRun(id: string, paths: string[]): void {
    this.s.runStart.run(id, new Date().toISOString(), JSON.stringify(paths));
  }

  updateRun(id: string, state: string, counts: { files: number; imported: number; skipped: number; ignored: number }, finished: boolean): void {
    this.s.runUpdate.run(state, finished ? new Date().toISOString() : null, counts.files, counts.imported, counts.skipped, counts.ignored, id);
  }

  /** Marks a run failed, keeping the counts its committed batches recorded. */
  failRun(id: string): void {
    this.db.prepare("UPDATE import_runs SET state = 'failed', finished_at = ? WHERE id = ?").run(new Date().toISOString(), id);
  }

  /** One file of a run that was not imported (an error, or an ignored file: not image data), or imported with a warning. */
  runError(id: string, path: string, reason: string, kind: 'error' | 'ignored' | 'warning' = 'error'): void {
    this.s.runError.run(id, path, reason, kind);
  }

  /** The latest runs, newest first, each with its error, warning and ignored files (the first 1000 of each). */
  latestRuns(limit: number): MethodOutput<'catalog.listImports'>['rows'] {
    return this.s.runsLatest.all(limit).map((r) => ({
      runId: r.id, startedAt: r.started_at, finishedAt: r.finished_at, state: r.state, paths: jsonColumn<string[]>(r.paths) ?? [],
      files: r.files, imported: r.imported, skipped: r.skipped, ignored: r.ignored,
      ignoredFiles: this.s.runFiles.all(r.id, 'ignored'), errors: this.s.runFiles.all(r.id, 'error'), warnings: this.s.runFiles.all(r.id, 'warning'),
    }));
  }

  /** Runs left 'running' by a killed process are marked so on the next open. */
  markInterruptedRuns(): void {
    this.db.prepare("UPDATE import_runs SET state = 'interrupted' WHERE state = 'running'").run();
  }
}
