// Serves the built renderer from one folder, refusing anything that resolves outside it.
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export function contentTypeOf(path: string): string {
  return contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a URL path to a file under `root`, or null when it escapes the root (`..`, encoded separators).
 * Paths without an extension fall back to index.html so client-side routes reload.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = resolve(root);
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const target = resolve(base, normalize(relative));
  if (target !== base && !target.startsWith(base + sep)) return null;
  return target;
}

export async function readStatic(root: string, urlPath: string): Promise<{ body: Buffer; contentType: string } | null> {
  const target = resolveStaticPath(root, urlPath);
  if (!target) return null;
  const file = await regularFile(target);
  if (file) return { body: await readFile(file), contentType: contentTypeOf(file) };
  if (extname(target) === '') {
    const index = join(resolve(root), 'index.html');
    if (await regularFile(index)) return { body: await readFile(index), contentType: contentTypeOf(index) };
  }
  return null;
}

async function regularFile(path: string): Promise<string | null> {
  try {
    return (await stat(path)).isFile() ? path : null;
  } catch {
    return null;
  }
}
