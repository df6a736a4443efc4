// Starts a named worker thread from source (under tsx, in development and tests) or from the build (dist/).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerOptions } from 'node:worker_threads';
import { appRoot } from '../system/paths.js';

interface EntriesFile {
  entries: Record<string, string>;
}

export function workerEntries(): Record<string, string> {
  const file = join(appRoot(), 'src-main', 'workers', 'entries.json');
  const built = join(appRoot(), 'dist', 'main', 'workers', 'entries.json');
  const path = existsSync(built) ? built : file;
  return (JSON.parse(readFileSync(path, 'utf8')) as EntriesFile).entries;
}

/** True when this module runs as TypeScript source (tsx), false when bundled into dist/. */
function runningFromSource(): boolean {
  return fileURLToPath(import.meta.url).endsWith('.ts');
}

/**
 * Spawns `name` from entries.json. From source, the worker gets tsx's loader so it can run TypeScript;
 * the built app runs the bundled `dist/main/workers/<name>.js`.
 */
export function spawnWorker(name: string, options: WorkerOptions = {}): Worker {
  const source = workerEntries()[name];
  if (!source) throw new Error(`unknown worker "${name}" (add it to src-main/workers/entries.json)`);
  if (runningFromSource()) {
    const tsx = import.meta.resolve('tsx');
    return new Worker(join(appRoot(), source), { ...options, execArgv: [...(options.execArgv ?? []), '--import', tsx] });
  }
  return new Worker(join(appRoot(), 'dist', 'main', 'workers', `${name}.js`), options);
}
