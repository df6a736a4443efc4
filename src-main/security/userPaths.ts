// Input paths from the API are limited to what the user chose: files and folders picked in a dialog, dropped or
// typed into the import box (a catalog import grants its roots, remembered in <data dir>/user-paths.json), and the
// data directory itself. The CLI runs in the user's own shell, so every path typed there is the user's choice.
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { ApiError } from '../../src-shared/api/errors.js';
import type { AppContext } from '../base/context.js';

interface Grants {
  roots: Set<string>;
  file: string;
}

function grantsOf(ctx: AppContext): Grants {
  return ctx.service('security.userPaths', () => {
    const file = join(ctx.dataDir, 'user-paths.json');
    let saved: string[] = [];
    try {
      saved = (JSON.parse(readFileSync(file, 'utf8')) as { roots?: string[] }).roots ?? [];
    } catch {
      // No grants yet (or an unreadable file): only the data directory and this session's choices count.
    }
    return { roots: new Set(saved.filter((r) => typeof r === 'string')), file };
  });
}

/** The real location (symlinks resolved) when it exists, so a link inside a granted folder cannot point out of it. */
function real(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync.native(absolute);
  } catch {
    return existsSync(absolute) ? absolute : resolve(real(dirname(absolute)), absolute.slice(dirname(absolute).length + 1));
  }
}

const inside = (path: string, root: string): boolean => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

/** Records paths the user chose (dialog results, dropped files, import roots); `persist` keeps them across launches. */
export function grantUserPaths(ctx: AppContext, paths: readonly string[], persist = false): void {
  const grants = grantsOf(ctx);
  const before = grants.roots.size;
  for (const p of paths) grants.roots.add(real(p));
  if (persist && grants.roots.size !== before) {
    mkdirSync(dirname(grants.file), { recursive: true });
    writeFileSync(grants.file, JSON.stringify({ roots: [...grants.roots].sort() }, null, 1));
  }
}

/** The absolute path when the user chose it (or it lies in the data directory); otherwise bad_input saying why. */
export function checkUserPath(ctx: AppContext, path: string, what = 'input'): string {
  const absolute = resolve(path);
  if (ctx.host.kind === 'cli') return absolute;
  const target = real(absolute);
  if (inside(target, real(ctx.dataDir))) return absolute;
  for (const root of grantsOf(ctx).roots) if (inside(target, root)) return absolute;
  throw new ApiError('bad_input', `${absolute}: this ${what} was not chosen by the user (pick it in a dialog, drop it, or import its folder first)`);
}
