// Child process for the kill test: imports a folder in small batches and prints every progress event as a JSON line,
// so the parent can SIGKILL it in the middle of an import.
import { randomUUID } from 'node:crypto';
import { runImport } from '../../../src-main/catalog/importer.js';
import { openCatalog } from '../../../src-main/catalog/service.js';

const [dataDir, folder] = process.argv.slice(2);
const catalog = openCatalog(dataDir);
const summary = await runImport(catalog.store, {
  paths: [folder], copy: false, runId: randomUUID(), dataDir, signal: new AbortController().signal, batchSize: 16, progressIntervalMs: 0,
  onProgress: (p) => process.stdout.write(`${JSON.stringify(p)}\n`),
});
process.stdout.write(`${JSON.stringify({ summary: { imported: summary.imported } })}\n`);
catalog.db.close();
