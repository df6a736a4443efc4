// The catalog as an app-context service: the database opened once per context (WAL, migrated) and the store over
// it. Imports run as jobs in the import worker (./importJob.ts), with their own connection.
import type { AppContext } from '../base/context.js';
import { openDatabase } from '../db/database.js';
import type { Db } from '../db/database.js';
import { catalogMigrations, catalogPath } from './schema.js';
import { CatalogStore } from './store.js';

export interface CatalogService {
  db: Db;
  store: CatalogStore;
}

/** Opens the catalog; by default import runs left 'running' by a killed process are marked interrupted. */
export function openCatalog(dataDir: string, options: { markInterrupted?: boolean } = {}): CatalogService {
  const db = openDatabase(catalogPath(dataDir), { name: 'catalog', migrations: catalogMigrations });
  const store = new CatalogStore(db);
  if (options.markInterrupted ?? true) store.markInterruptedRuns();
  return { db, store };
}

export function catalogOf(ctx: AppContext): CatalogService {
  return ctx.service('catalog', () => openCatalog(ctx.dataDir), (c) => {
    c.db.close();
  });
}
