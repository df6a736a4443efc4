// Where things live: the data directory (same place Electron's userData uses) and the installed app's root.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const appName = 'LatentRad';

/** The platform's per-user app-data location, as Electron's `app.getPath('userData')` computes it. */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), appName);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', appName);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), appName);
}

/** `--data-dir` wins, then `LATENTRAD_HOME`, then the platform default. */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag ?? env.LATENTRAD_HOME;
  return chosen ? resolve(chosen) : defaultDataDir(process.platform, env);
}

let cachedRoot: string | undefined;

/** The folder holding LatentRad's package.json, from source (tsx), from dist/ or inside an asar. */
export function appRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === 'latentrad') return (cachedRoot = dir);
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the LatentRad package root (package.json named "latentrad")');
    dir = parent;
  }
}

export function appVersion(): string {
  const pkg = JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** The built renderer (index.html and assets), as `npm run build` leaves it. */
export function rendererDir(): string {
  return join(appRoot(), 'dist', 'renderer');
}

/**
 * Where a file packed into the app's asar really is when electron-builder unpacked it (`asarUnpack`: .wasm, .node,
 * models). Code that hands a path to a loader reading outside Electron's asar shim (wasm runtimes, worker threads)
 * must use this; elsewhere the path is returned unchanged.
 */
export function unpackedPath(path: string, exists: (p: string) => boolean = existsSync): string {
  const unpacked = path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  return unpacked !== path && exists(unpacked) ? unpacked : path;
}
