#!/usr/bin/env node
// Runs the built CLI (dist/main/cli.js); in a source checkout without a build, runs the TypeScript through tsx.
import { existsSync } from 'node:fs';

const built = new URL('../dist/main/cli.js', import.meta.url);
if (existsSync(built)) {
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
