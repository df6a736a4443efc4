// Opening SQLite databases (better-sqlite3) the one way LatentRad does: WAL, foreign keys, and a migration runner
// keyed on PRAGMA user_version. Any capability with its own database file can reuse `openDatabase`.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ApiError } from '../../src-shared/api/errors.js';

export type Db = Database.Database;

/** Migration n (0-based) takes a database at user_version n to n + 1. Never edit a shipped one; append. */
export type Migration = (db: Db) => void;

export interface OpenOptions {
  /** For messages: "catalog", "experiments"... */
  name: string;
  migrations: readonly Migration[];
  readonly?: boolean;
}

/**
 * node_modules holds better-sqlite3 built for Node (CLI, tests). `npm start` builds a copy for Electron's ABI
 * apart (electron-native/) and names it here; packaged apps are rebuilt for Electron by electron-builder.
 */
function nativeBinding(): { nativeBinding?: string } {
  const binding = process.env.LATENTRAD_SQLITE_BINDING;
  return binding ? { nativeBinding: binding } : {};
}

export function openDatabase(path: string, options: OpenOptions): Db {
  if (!options.readonly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Db;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, ...nativeBinding() });
  } catch (error) {
    throw new ApiError('unavailable', `${options.name} database ${path}: cannot open (${(error as Error).message})`);
  }
  try {
    if (!options.readonly) {
      // WAL lets readers (the viewer's pixel requests) run while an import batch commits;
      // synchronous=NORMAL is durable across process crashes in WAL mode, which is what the kill test checks.
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) migrate(db, options.migrations, `${options.name} database ${path}`);
    else checkVersion(db, options.migrations.length, `${options.name} database ${path}`);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function checkVersion(db: Db, known: number, what: string): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > known) {
    throw new ApiError('unavailable', `${what} has schema version ${version}, newer than this LatentRad understands (${known}); update LatentRad or use another data directory`);
  }
  return version;
}

/** Runs the pending migrations in ONE transaction: a failure (or a kill) leaves the previous version intact. */
export function migrate(db: Db, migrations: readonly Migration[], what = 'database'): { from: number; to: number } {
  const from = checkVersion(db, migrations.length, what);
  if (from === migrations.length) return { from, to: from };
  db.transaction(() => {
    for (let v = from; v < migrations.length; v++) migrations[v](db);
    // user_version lives in the database header, so it commits (or rolls back) with the schema changes.
    db.pragma(`user_version = ${migrations.length}`);
  })();
  return { from, to: migrations.length };
}
