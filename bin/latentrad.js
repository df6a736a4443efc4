#!/usr/bin/env node
// Runs the built CLI (dist/main/cli.js). In a source checkout whose build is missing or older than the sources
// (e.g. after a `git pull` without `npm run build`), runs the TypeScript through tsx instead of stale code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/main/cli.js', import.meta.url);
const sources = ['../src-main/', '../src-shared/'].map((d) => fileURLToPath(new URL(d, import.meta.url)));

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const checkout = sources.every((d) => existsSync(d));
const stale = !existsSync(built) || (checkout && Math.max(...sources.map(newestMtime)) > statSync(built).mtime.getTime());
if (!stale) {
  await import(built.href);
} else {
  try {
    const { register } = await import('tsx/esm/api');
    register();
  } catch {
    process.stderr.write('latentrad: not built: run `npm run build` first\n');
    process.exit(1);
  }
  await import(new URL('../src-main/cli/main.ts', import.meta.url).href);
}
