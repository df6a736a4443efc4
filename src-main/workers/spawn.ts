// Starts a named worker thread from source (under tsx, in development and tests) or from the build (dist/).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerOptions } from 'node:worker_threads';
import { appRoot } from '../base/paths.js';

interface EntriesFile {
  entries: Record<string, string>;
}

/** True when this module runs as TypeScript source (tsx), false when bundled into dist/. */
function runningFromSource(): boolean {
  return fileURLToPath(import.meta.url).endsWith('.ts');
}

/**
 * Worker names → source files. Source runs read the source list (a stale dist/ copy must not hide a new worker);
 * the built app reads the copy the build put beside the bundles.
 */
export function workerEntries(fromSource = runningFromSource()): Record<string, string> {
  const path = fromSource
    ? join(appRoot(), 'src-main', 'workers', 'entries.json')
    : join(appRoot(), 'dist', 'main', 'workers', 'entries.json');
  if (!existsSync(path)) throw new Error(`worker list missing: ${path} (run npm run build)`);
  return (JSON.parse(readFileSync(path, 'utf8')) as EntriesFile).entries;
}

/**
 * The one-line module a source-run worker starts from. Node 20 ignores `--import tsx` in a worker's execArgv for the
 * entry module itself ("Unknown file extension .ts"), but tsx's tsImport works inside workers.
 */
export function sourceWorkerBootstrap(entryFile: string): string {
  const api = import.meta.resolve('tsx/esm/api');
  const entry = pathToFileURL(entryFile).href;
  return `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}));`;
}

/** Spawns `name` from entries.json: the TypeScript source through tsx, or the bundled dist/main/workers/<name>.js. */
export function spawnWorker(name: string, options: WorkerOptions = {}): Worker {
  const fromSource = runningFromSource();
  const source = workerEntries(fromSource)[name];
  if (!source) throw new Error(`unknown worker "${name}" (add it to src-main/workers/entries.json)`);
  if (fromSource) return new Worker(sourceWorkerBootstrap(join(appRoot(), source)), { ...options, eval: true });
  return new Worker(join(appRoot(), 'dist', 'main', 'workers', `${name}.js`), options);
}
