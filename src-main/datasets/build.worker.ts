// Worker thread that builds datasets. A catalog source is resolved here through this thread's own catalog
// connection and pixel service (WAL lets the main process keep reading), opened on first need per data directory.
import type { DatasetCreateInput } from '../../src-shared/api/datasets.js';
import { openCatalog } from '../catalog/service.js';
import type { CatalogService } from '../catalog/service.js';
import { PixelService } from '../pixels/service.js';
import { serveWorker } from '../workers/serve.js';
import { BuildStopped, buildDataset, fileInputs } from './build.js';
import type { BuildOptions } from './build.js';
import type { BuildOutcome, DatasetWorkerApi } from './buildWorkerApi.js';
import { catalogInputs } from './catalogSource.js';

const catalogs = new Map<string, { catalog: CatalogService; pixels: PixelService }>();

function catalogFor(dataDir: string): { catalog: CatalogService; pixels: PixelService } {
  let open = catalogs.get(dataDir);
  if (!open) {
    // Interrupted import runs are the main process's to mark (see catalog/import.worker.ts).
    const catalog = openCatalog(dataDir, { markInterrupted: false });
    open = { catalog, pixels: new PixelService(catalog) };
    catalogs.set(dataDir, open);
  }
  return open;
}

async function inputsOf(dataDir: string, spec: DatasetCreateInput): Promise<NonNullable<BuildOptions['resolved']>> {
  if (spec.source.kind !== 'catalog') return fileInputs(spec);
  const { catalog, pixels } = catalogFor(dataDir);
  return catalogInputs(catalog.db, pixels, spec.source);
}

serveWorker<DatasetWorkerApi>({
  build: async ({ dataDir, spec }, op): Promise<BuildOutcome> => {
    const resolved = await inputsOf(dataDir, spec);
    try {
      const info = await buildDataset(dataDir, spec, {
        resolved,
        shouldStop: () => op.stopRequested() !== null,
        progress: (done, total, path) => op.progress({ done, total, path }),
      });
      return { state: 'done', info };
    } catch (error) {
      if (error instanceof BuildStopped) return { state: 'stopped', done: error.done, total: error.total };
      throw error;
    }
  },
});
