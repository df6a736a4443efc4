// The catalog database schema, one migration per version (append only), and where the database file lives.
import { join } from 'node:path';
import type { Db, Migration } from '../db/database.js';

export const catalogFileName = 'catalog.sqlite';
export const catalogPath = (dataDir: string): string => join(dataDir, catalogFileName);
export const libraryDir = (dataDir: string): string => join(dataDir, 'library');

const v1: Migration = (db: Db) => {
  db.exec(`
    CREATE TABLE patients (
      id INTEGER PRIMARY KEY,
      patient_key TEXT NOT NULL UNIQUE,      -- PatientID, or the name when the files carry no ID
      patient_id TEXT NOT NULL,
      name TEXT NOT NULL,
      birth_date TEXT,
      sex TEXT
    );
    CREATE INDEX patients_name ON patients(name);

    CREATE TABLE studies (
      id INTEGER PRIMARY KEY,
      patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
      study_uid TEXT NOT NULL UNIQUE,
      date TEXT, time TEXT, description TEXT, accession TEXT
    );
    CREATE INDEX studies_patient ON studies(patient_id);
    CREATE INDEX studies_date ON studies(date);

    CREATE TABLE series (
      id INTEGER PRIMARY KEY,
      study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
      series_uid TEXT NOT NULL UNIQUE,
      number REAL, modality TEXT, description TEXT, body_part TEXT, frame_of_reference_uid TEXT
    );
    CREATE INDEX series_study ON series(study_id);
    CREATE INDEX series_modality ON series(modality);

    CREATE TABLE instances (
      id INTEGER PRIMARY KEY,
      series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
      sop_uid TEXT NOT NULL UNIQUE,
      sop_class_uid TEXT,
      instance_number REAL,
      path TEXT NOT NULL,
      frames INTEGER NOT NULL DEFAULT 1,
      transfer_syntax TEXT NOT NULL,
      rows INTEGER, columns INTEGER,
      pixel_spacing TEXT,                    -- JSON [row, col]
      image_position TEXT,                   -- JSON [x, y, z]
      image_orientation TEXT,                -- JSON [6]
      frame_positions TEXT,                  -- JSON [[x, y, z], ...] per frame (enhanced multi-frame)
      slice_location REAL, slice_thickness REAL,
      rescale_slope REAL NOT NULL DEFAULT 1, rescale_intercept REAL NOT NULL DEFAULT 0, rescale_type TEXT,
      window_center REAL, window_width REAL,
      windows TEXT,                          -- JSON [[center, width], ...] when the file lists several
      photometric TEXT,
      bits_allocated INTEGER, bits_stored INTEGER, high_bit INTEGER, pixel_representation INTEGER,
      samples_per_pixel INTEGER, planar_configuration INTEGER,
      modality TEXT,
      displayable INTEGER NOT NULL,
      lossy INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX instances_series ON instances(series_id, instance_number);
    CREATE INDEX instances_path ON instances(path);

    CREATE TABLE volumes (
      id INTEGER PRIMARY KEY,
      path TEXT NOT NULL UNIQUE,
      image_path TEXT NOT NULL,
      format TEXT NOT NULL,
      dims TEXT NOT NULL, voxel_size TEXT NOT NULL, datatype TEXT NOT NULL,
      affine TEXT NOT NULL, affine_source TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      provenance TEXT NOT NULL DEFAULT 'acquired'
    );

    CREATE TABLE images (
      id INTEGER PRIMARY KEY,
      path TEXT NOT NULL UNIQUE,
      format TEXT NOT NULL,
      rows INTEGER NOT NULL, columns INTEGER NOT NULL, channels INTEGER NOT NULL, bit_depth INTEGER NOT NULL,
      provenance TEXT NOT NULL DEFAULT 'acquired'
    );

    -- Labels hang off any entity by kind + id (no FK: one table serves six parents; deletes clean up explicitly).
    CREATE TABLE labels (
      entity_kind TEXT NOT NULL,
      entity_id INTEGER NOT NULL,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      PRIMARY KEY (entity_kind, entity_id, key)
    ) WITHOUT ROWID;
    CREATE INDEX labels_key_value ON labels(key, value);

    -- Every catalogued file with the size and mtime it had, so a re-import skips unchanged files without parsing.
    CREATE TABLE files (
      path TEXT PRIMARY KEY,
      size INTEGER NOT NULL,
      mtime_ms REAL NOT NULL,
      kind TEXT NOT NULL                     -- dicom | dicomdir | nifti | image | sidecar
    ) WITHOUT ROWID;

    CREATE TABLE import_runs (
      id TEXT PRIMARY KEY,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      state TEXT NOT NULL,                   -- running | done | cancelled | failed | interrupted
      paths TEXT NOT NULL,
      files INTEGER NOT NULL DEFAULT 0, imported INTEGER NOT NULL DEFAULT 0, skipped INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE import_errors (
      run_id TEXT NOT NULL REFERENCES import_runs(id) ON DELETE CASCADE,
      path TEXT NOT NULL,
      reason TEXT NOT NULL
    );
    CREATE INDEX import_errors_run ON import_errors(run_id);
  `);
};

/**
 * Files that are not image data (READMEs, viewer programs on CD media...) are counted apart from errors: a run
 * keeps how many it ignored, and its per-file rows say which are errors and which are ignored files.
 */
const v2: Migration = (db: Db) => {
  db.exec(`
    ALTER TABLE import_runs ADD COLUMN ignored INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE import_errors ADD COLUMN kind TEXT NOT NULL DEFAULT 'error';  -- error | ignored
  `);
};

/**
 * Projections of catalogued images, so the fidelity panel and cohort directions reuse them: one row per (source
 * item, slice, model, method, settings hash), pointing at the row of a latent set in <data dir>/results/<result>/.
 */
const v3: Migration = (db: Db) => {
  db.exec(`
    CREATE TABLE projections (
      item TEXT NOT NULL,                    -- catalog id or file path
      slice TEXT NOT NULL,                   -- "z:40", or "" for a 2D image
      model TEXT NOT NULL,                   -- model id
      method TEXT NOT NULL,                  -- project | encode | encode+refine
      settings_hash TEXT NOT NULL,           -- sha256 of the settings that define the result
      result_id TEXT NOT NULL,
      row INTEGER NOT NULL,
      ssim REAL, mse REAL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (item, slice, model, method, settings_hash)
    );
    CREATE INDEX projections_result ON projections(result_id);
  `);
};

/**
 * Which DICOM instances are generated (Synthetic Data (0008,001C) = YES), so listings mark a synthetic series and its
 * study before anything is opened; a series is synthetic when any of its instances is. Rows catalogued before this
 * version say 'acquired' (a re-import skips unchanged files unread); opening one still shows the viewport marker,
 * which the pixel service takes from the file itself.
 */
const v4: Migration = (db: Db) => {
  db.exec(`
    ALTER TABLE instances ADD COLUMN provenance TEXT NOT NULL DEFAULT 'acquired';  -- acquired | synthetic
    CREATE INDEX instances_synthetic ON instances(series_id) WHERE provenance = 'synthetic';
  `);
};

export const catalogMigrations: readonly Migration[] = [v1, v2, v3, v4];
