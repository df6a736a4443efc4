// Builds the main process (CLI, Electron main, preload, workers) with esbuild and the renderer with Vite.
// Usage: node scripts/build.mjs [--main] [--renderer] [--if-stale]
import { build as esbuild } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const only = args.has('--main') || args.has('--renderer');
const doMain = !only || args.has('--main');
const doRenderer = !only || args.has('--renderer');
const stamp = join(root, 'dist', '.build-stamp');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isStale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  const inputs = ['src-main', 'src-shared', 'src-renderer'].map((d) => newestMtime(join(root, d)));
  inputs.push(statSync(join(root, 'package.json')).mtimeMs, statSync(join(root, 'vite.config.ts')).mtimeMs);
  return Math.max(...inputs) > built;
}

if (args.has('--if-stale') && !isStale()) process.exit(0);

if (doMain) {
  const started = Date.now();
  const workers = JSON.parse(readFileSync(join(root, 'src-main/workers/entries.json'), 'utf8')).entries;
  const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning', absWorkingDir: root };
  await esbuild({
    ...common,
    format: 'esm',
    // Shared chunks, so that a dynamic import (tfjs, onnxruntime) stays lazy: without splitting esbuild inlines
    // it into the entry and the package loads at start-up (tfjs costs ~2 s per process).
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    packages: 'external',
    entryPoints: {
      cli: 'src-main/cli/main.ts',
      'electron/main': 'src-main/electron/main.ts',
      ...Object.fromEntries(Object.entries(workers).map(([name, source]) => [`workers/${name}`, source])),
    },
    outdir: 'dist/main',
    external: ['electron'],
  });
  // A sandboxed preload must be one CommonJS file that requires nothing but 'electron'.
  await esbuild({ ...common, format: 'cjs', entryPoints: ['src-main/preload/preload.ts'], outfile: 'dist/main/preload.cjs', external: ['electron'] });
  mkdirSync(join(root, 'dist/main/workers'), { recursive: true });
  copyFileSync(join(root, 'src-main/workers/entries.json'), join(root, 'dist/main/workers/entries.json'));
  console.log(`built main process in ${Date.now() - started} ms`);
}

if (doRenderer) {
  const started = Date.now();
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  console.log(`built renderer in ${Date.now() - started} ms`);
}

mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(stamp, new Date().toISOString());
