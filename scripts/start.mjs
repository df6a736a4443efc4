// `npm start`: builds if needed, then opens the Electron app; without an Electron runtime (offline machines, CI),
// says so in one line and starts the headless host instead, printing the URL to open.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const passThrough = process.argv.slice(2);

const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--if-stale'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

let electron = electronBinary();
if (!electron && process.env.LATENTRAD_NO_ELECTRON_DOWNLOAD !== '1' && process.env.ELECTRON_SKIP_BINARY_DOWNLOAD !== '1') {
  // The install script is denied at `npm install` (it downloads), so fetch the runtime on first start instead.
  spawnSync(process.execPath, [join(root, 'node_modules/electron/install.js')], { stdio: 'ignore', timeout: 180_000 });
  electron = electronBinary();
}

if (!electron) {
  console.log('Electron runtime not installed (it could not be downloaded here); starting the headless host — open the URL below in a browser.');
  const host = spawn(process.execPath, [join(root, 'bin/latentrad.js'), 'serve', ...passThrough], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => host.kill(signal));
  host.on('exit', (code) => process.exit(code ?? 0));
} else {
  const env = { ...process.env, LATENTRAD_SQLITE_BINDING: electronSqliteBinding() };
  delete env.ELECTRON_RUN_AS_NODE;
  const app = spawn(electron, [root, ...passThrough], { stdio: 'inherit', env });
  app.on('exit', (code) => process.exit(code ?? 0));
}

/**
 * better-sqlite3 in node_modules is built for Node's ABI (the CLI and tests use it). Electron needs its own
 * build, kept apart in electron-native/ and handed to better-sqlite3 through its nativeBinding option.
 */
function electronSqliteBinding() {
  const dir = join(root, 'electron-native');
  const binding = join(dir, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  const { version } = require('electron/package.json');
  const stamp = join(dir, `electron-${version}`);
  if (existsSync(binding) && existsSync(stamp)) return binding;
  console.log(`Building better-sqlite3 for Electron ${version} (once)…`);
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  cpSync(join(root, 'node_modules/better-sqlite3'), join(dir, 'node_modules/better-sqlite3'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'latentrad-electron-native', private: true, dependencies: { 'better-sqlite3': '*' } }));
  const result = spawnSync(join(root, 'node_modules/.bin/electron-rebuild'), ['--version', version, '--module-dir', dir, '--only', 'better-sqlite3', '--force'], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('Could not build better-sqlite3 for Electron (it needs Electron headers); the catalog will not open in the desktop app.');
    return '';
  }
  writeFileSync(stamp, '');
  return binding;
}
