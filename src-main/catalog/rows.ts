// The catalog's tables as better-sqlite3 returns their rows (one record type per table, columns as stored) and the
// mapping of each record to the contract's row: the one place that says what a column holds.
import type { EntityKind, ImageRow, InstanceRow, PatientRow, SeriesRow, StudyRow, VolumeRow } from '../../src-shared/api/catalog.js';

/** One catalog entity: its kind and its row id in that kind's table (`instance:17` as a string). */
export interface EntityRef {
  kind: EntityKind;
  id: number;
}

/** The table of each entity kind. */
export const entityTables: Record<EntityKind, string> = { patient: 'patients', study: 'studies', series: 'series', instance: 'instances', volume: 'volumes', image: 'images' };

export interface PatientRecord {
  id: number;
  patient_key: string;
  patient_id: string;
  name: string;
  birth_date: string | null;
  sex: string | null;
}

export interface StudyRecord {
  id: number;
  patient_id: number;
  study_uid: string;
  date: string | null;
  time: string | null;
  description: string | null;
  accession: string | null;
}

export interface SeriesRecord {
  id: number;
  study_id: number;
  series_uid: string;
  number: number | null;
  modality: string | null;
  description: string | null;
  body_part: string | null;
  frame_of_reference_uid: string | null;
}

export interface InstanceRecord {
  id: number;
  series_id: number;
  sop_uid: string;
  sop_class_uid: string | null;
  instance_number: number | null;
  path: string;
  frames: number;
  transfer_syntax: string;
  rows: number | null;
  columns: number | null;
  /** JSON [row, col] */
  pixel_spacing: string | null;
  /** JSON [x, y, z] */
  image_position: string | null;
  /** JSON [6] */
  image_orientation: string | null;
  /** JSON [[x, y, z], ...] per frame (enhanced multi-frame) */
  frame_positions: string | null;
  slice_location: number | null;
  slice_thickness: number | null;
  rescale_slope: number;
  rescale_intercept: number;
  rescale_type: string | null;
  window_center: number | null;
  window_width: number | null;
  /** JSON [[center, width], ...] when the file lists several */
  windows: string | null;
  photometric: string | null;
  bits_allocated: number | null;
  bits_stored: number | null;
  high_bit: number | null;
  pixel_representation: number | null;
  samples_per_pixel: number | null;
  planar_configuration: number | null;
  modality: string | null;
  displayable: number;
  lossy: number;
  provenance: InstanceRow['provenance'];
}

export interface VolumeRecord {
  id: number;
  path: string;
  image_path: string;
  format: VolumeRow['format'];
  /** JSON arrays */
  dims: string;
  voxel_size: string;
  datatype: string;
  affine: string;
  affine_source: VolumeRow['affineSource'];
  description: string;
  provenance: VolumeRow['provenance'];
}

export interface ImageRecord {
  id: number;
  path: string;
  format: ImageRow['format'];
  rows: number;
  columns: number;
  channels: number;
  bit_depth: number;
  provenance: ImageRow['provenance'];
}

export interface ImportRunRecord {
  id: string;
  started_at: string;
  finished_at: string | null;
  state: string;
  /** JSON [path, ...] */
  paths: string;
  files: number;
  imported: number;
  skipped: number;
  ignored: number;
}

/** The JSON columns (arrays of numbers, lists of paths) parsed; null when the column is. */
export const jsonColumn = <T>(value: string | null): T | null => (value === null ? null : (JSON.parse(value) as T));

/** The aggregate columns that listings add to a table's own. */
export type PatientListRecord = PatientRecord & { study_count: number };
export type StudyListRecord = StudyRecord & { series_count: number; instance_count: number; modalities: string | null; provenance: StudyRow['provenance'] };
export type SeriesListRecord = SeriesRecord & { instance_count: number; frame_count: number; displayable: number; provenance: SeriesRow['provenance'] };

export const patientFromRecord = (r: PatientListRecord): Omit<PatientRow, 'labels'> => ({
  id: `patient:${r.id}`, patientId: r.patient_id, name: r.name, birthDate: r.birth_date, sex: r.sex, studyCount: r.study_count,
});

export const studyFromRecord = (r: StudyListRecord): Omit<StudyRow, 'labels'> => ({
  id: `study:${r.id}`, patient: `patient:${r.patient_id}`, studyInstanceUid: r.study_uid, date: r.date, time: r.time,
  description: r.description, accessionNumber: r.accession,
  modalities: r.modalities ? r.modalities.split(',') : [], seriesCount: r.series_count, instanceCount: r.instance_count,
  provenance: r.provenance,
});

export const seriesFromRecord = (r: SeriesListRecord): Omit<SeriesRow, 'labels'> => ({
  id: `series:${r.id}`, study: `study:${r.study_id}`, seriesInstanceUid: r.series_uid, number: r.number, modality: r.modality,
  description: r.description, bodyPart: r.body_part, instanceCount: r.instance_count, frameCount: r.frame_count,
  displayable: r.displayable === 1, provenance: r.provenance,
});

export const instanceFromRecord = (r: InstanceRecord): Omit<InstanceRow, 'labels'> => ({
  id: `instance:${r.id}`, series: `series:${r.series_id}`, sopInstanceUid: r.sop_uid, sopClassUid: r.sop_class_uid,
  instanceNumber: r.instance_number, path: r.path, frames: r.frames, transferSyntaxUid: r.transfer_syntax,
  rows: r.rows, columns: r.columns, pixelSpacing: jsonColumn(r.pixel_spacing), imagePositionPatient: jsonColumn(r.image_position),
  imageOrientationPatient: jsonColumn(r.image_orientation), sliceLocation: r.slice_location, sliceThickness: r.slice_thickness,
  rescaleSlope: r.rescale_slope, rescaleIntercept: r.rescale_intercept, windowCenter: r.window_center,
  windowWidth: r.window_width, photometricInterpretation: r.photometric, bitsAllocated: r.bits_allocated,
  bitsStored: r.bits_stored, pixelRepresentation: r.pixel_representation, samplesPerPixel: r.samples_per_pixel,
  modality: r.modality, displayable: r.displayable === 1, provenance: r.provenance,
});

export const volumeFromRecord = (r: VolumeRecord): Omit<VolumeRow, 'labels'> => ({
  id: `volume:${r.id}`, path: r.path, format: r.format, dims: jsonColumn<number[]>(r.dims) ?? [], voxelSize: jsonColumn<number[]>(r.voxel_size) ?? [],
  datatype: r.datatype, affine: jsonColumn<number[]>(r.affine) ?? [], affineSource: r.affine_source, description: r.description,
  provenance: r.provenance,
});

export const imageFromRecord = (r: ImageRecord): Omit<ImageRow, 'labels'> => ({
  id: `image:${r.id}`, path: r.path, format: r.format, rows: r.rows, columns: r.columns, channels: r.channels, bitDepth: r.bit_depth,
  provenance: r.provenance,
});
