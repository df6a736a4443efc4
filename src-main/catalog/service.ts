// The catalog as an app-context service: the database opened once per context (WAL, migrated), the store over it,
// and the imports currently running (so they can be cancelled).
import type { AppContext } from '../base/context.js';
import { openDatabase } from '../db/database.js';
import type { Db } from '../db/database.js';
import { catalogMigrations, catalogPath } from './schema.js';
import { CatalogStore } from './store.js';

export interface CatalogService {
  db: Db;
  store: CatalogStore;
  running: Map<string, AbortController>;
}

export function openCatalog(dataDir: string): CatalogService {
  const db = openDatabase(catalogPath(dataDir), { name: 'catalog', migrations: catalogMigrations });
  const store = new CatalogStore(db);
  store.markInterruptedRuns();
  return { db, store, running: new Map() };
}

export function catalogOf(ctx: AppContext): CatalogService {
  return ctx.service('catalog', () => openCatalog(ctx.dataDir), (c) => {
    for (const controller of c.running.values()) controller.abort();
    c.db.close();
  });
}
