// Worker thread that runs catalog imports: its own connection to the catalog database (WAL lets the main process
// keep reading), one per data directory for the thread's lifetime.
import { serveWorker } from '../workers/serve.js';
import { runImport } from './importer.js';
import { openCatalog } from './service.js';
import type { CatalogService } from './service.js';
import type { ImportWorkerApi } from './importWorkerApi.js';

const catalogs = new Map<string, CatalogService>();

function catalogFor(dataDir: string): CatalogService {
  let catalog = catalogs.get(dataDir);
  if (!catalog) {
    // Interrupted runs were marked by the main process when it opened the catalog; a second mark here could hit a
    // run another import of this thread has just started.
    catalog = openCatalog(dataDir, { markInterrupted: false });
    catalogs.set(dataDir, catalog);
  }
  return catalog;
}

serveWorker<ImportWorkerApi>({
  import: (input, op) => runImport(catalogFor(input.dataDir).store, { ...input, signal: op.signal, onProgress: op.progress }),
});
