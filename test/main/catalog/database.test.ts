// The migration runner: versions advance in one transaction, a failing migration leaves the old version intact,
// a database from a newer LatentRad is refused, the catalog opens in WAL mode with foreign keys on, and each
// catalog migration keeps the rows of the version before it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { migrate, openDatabase } from '../../../src-main/db/database.js';
import type { Migration } from '../../../src-main/db/database.js';
import { catalogMigrations } from '../../../src-main/catalog/schema.js';
import { openCatalog } from '../../../src-main/catalog/service.js';
import { listSeries, listStudies } from '../../../src-main/catalog/queries.js';

const withDir = (fn: (dir: string) => void): void => {
  const dir = mkdtempSync(join(tmpdir(), 'latentrad-db-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const createA: Migration = (db) => db.exec('CREATE TABLE a (x INTEGER)');
const createB: Migration = (db) => db.exec('CREATE TABLE b (y INTEGER)');

test('migrations run in order and set user_version; re-opening runs nothing', () => {
  withDir((dir) => {
    const path = join(dir, 'x.sqlite');
    openDatabase(path, { name: 'x', migrations: [createA] }).close();
    const db = openDatabase(path, { name: 'x', migrations: [createA, createB] });
    assert.equal(db.pragma('user_version', { simple: true }), 2);
    assert.deepEqual(migrate(db, [createA, createB]), { from: 2, to: 2 });
    db.close();
  });
});

test('a failing migration rolls back every step of that run, keeping the previous version', () => {
  withDir((dir) => {
    const path = join(dir, 'x.sqlite');
    openDatabase(path, { name: 'x', migrations: [createA] }).close();
    const broken: Migration = (db) => db.exec('CREATE TABLE c (z INTEGER); SELECT * FROM no_such_table');
    assert.throws(() => openDatabase(path, { name: 'x', migrations: [createA, createB, broken] }), /no_such_table|no such table/);
    const db = openDatabase(path, { name: 'x', migrations: [createA] });
    assert.equal(db.pragma('user_version', { simple: true }), 1);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name);
    assert.deepEqual(tables, ['a'], 'b and c were rolled back with the failed run');
    db.close();
  });
});

test('a database written by a newer LatentRad is refused with a clear message', () => {
  withDir((dir) => {
    const path = join(dir, 'x.sqlite');
    openDatabase(path, { name: 'x', migrations: [createA, createB] }).close();
    assert.throws(() => openDatabase(path, { name: 'catalog', migrations: [createA] }), /schema version 2, newer than this LatentRad understands \(1\)/);
  });
});

test('the catalog database uses WAL and enforces foreign keys', () => {
  withDir((dir) => {
    const { db } = openCatalog(dir);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    assert.throws(() => db.prepare("INSERT INTO studies(patient_id, study_uid) VALUES (999, '1.2')").run(), /FOREIGN KEY/);
    db.close();
  });
});

test('catalog migration 2 keeps past import runs: their rows are errors and they ignored nothing', () => {
  withDir((dir) => {
    const v1 = openDatabase(join(dir, 'catalog.sqlite'), { name: 'catalog', migrations: catalogMigrations.slice(0, 1) });
    v1.prepare("INSERT INTO import_runs(id, started_at, state, paths) VALUES ('r1', '2026-01-01', 'done', '[]')").run();
    v1.prepare("INSERT INTO import_errors(run_id, path, reason) VALUES ('r1', '/x/README', 'not a recognised image file')").run();
    v1.close();
    const { db } = openCatalog(dir);
    assert.equal(db.pragma('user_version', { simple: true }), catalogMigrations.length);
    assert.deepEqual(db.prepare('SELECT ignored FROM import_runs').get(), { ignored: 0 });
    assert.deepEqual(db.prepare('SELECT path, kind FROM import_errors').all(), [{ path: '/x/README', kind: 'error' }]);
    db.close();
  });
});

test('catalog migration 3 adds the projection cache: one row per (item, slice, model, method, settings hash)', () => {
  withDir((dir) => {
    openDatabase(join(dir, 'catalog.sqlite'), { name: 'catalog', migrations: catalogMigrations.slice(0, 2) }).close();
    const { db } = openCatalog(dir);
    const insert = db.prepare("INSERT INTO projections (item, slice, model, method, settings_hash, result_id, row, created_at) VALUES ('volume:1', 'z:40', 'm1', 'project', 'h', ?, 0, 'now')");
    insert.run('projection-a');
    assert.throws(() => insert.run('projection-b'), /UNIQUE|PRIMARY KEY/);
    db.close();
  });
});

test('catalog migration 4 keeps the catalogued DICOM rows and lists them acquired until a file says otherwise', () => {
  withDir((dir) => {
    const v3 = openDatabase(join(dir, 'catalog.sqlite'), { name: 'catalog', migrations: catalogMigrations.slice(0, 3) });
    v3.exec(`INSERT INTO patients(id, patient_key, patient_id, name) VALUES (1, 'P1', 'P1', 'OLD^CATALOG');
      INSERT INTO studies(id, patient_id, study_uid) VALUES (1, 1, '1.2.3');
      INSERT INTO series(id, study_id, series_uid, modality, description) VALUES (1, 1, '1.2.3.4', 'MR', 'made before v4');
      INSERT INTO instances(id, series_id, sop_uid, path, transfer_syntax, rows, columns, displayable) VALUES (7, 1, '1.2.3.4.5', '/old/1.dcm', '1.2.840.10008.1.2.1', 4, 4, 1);`);
    v3.close();
    const { db } = openCatalog(dir);
    assert.equal(db.pragma('user_version', { simple: true }), catalogMigrations.length);
    assert.deepEqual(db.prepare('SELECT id, sop_uid, path, provenance FROM instances').all(), [{ id: 7, sop_uid: '1.2.3.4.5', path: '/old/1.dcm', provenance: 'acquired' }]);
    const page = { where: {}, limit: 10, offset: 0 };
    assert.deepEqual(listSeries(db, page).rows.map((s) => [s.id, s.description, s.instanceCount, s.provenance]), [['series:1', 'made before v4', 1, 'acquired']]);
    assert.deepEqual(listStudies(db, page).rows.map((s) => [s.id, s.provenance]), [['study:1', 'acquired']]);
    // The new column takes a generated instance, and the series and study listings follow it.
    db.prepare("UPDATE instances SET provenance = 'synthetic' WHERE id = 7").run();
    assert.equal(listSeries(db, page).rows[0].provenance, 'synthetic');
    assert.equal(listStudies(db, page).rows[0].provenance, 'synthetic');
    db.close();
  });
});
