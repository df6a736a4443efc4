// Uploads for the headless host: a browser cannot hand over OS paths for dropped files, so the renderer posts
// each file (POST /upload?batch=<id>&path=<relative path>) and then imports the batch folder. Files land in
// <dataDir>/uploads/<batch>/...; names are checked segment by segment so nothing escapes that folder, existing
// files are never overwritten, and each file has a size limit. The token check happens before this runs.
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

export interface UploadResult {
  /** The batch folder to pass to catalog.import. */
  folder: string;
  /** Where this file was written. */
  path: string;
  bytes: number;
}

export class UploadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const defaultMaxUploadBytes = 2 * 1024 * 1024 * 1024;

const batchPattern = /^[A-Za-z0-9-]{8,64}$/;

/** The path segments of a relative upload path, or an error saying why it is refused. */
export function safeSegments(relative: string): string[] {
  if (relative.length === 0 || relative.length > 4096) throw new UploadError(400, 'path must be 1–4096 characters');
  const segments = relative.split(/[\\/]/);
  if (segments.length > 32) throw new UploadError(400, `${relative}: more than 32 folder levels`);
  for (const s of segments) {
    // Empty segments would mean an absolute path or "//"; dot segments would climb out of the batch folder.
    if (s === '' || s === '.' || s === '..') throw new UploadError(400, `${relative}: empty, "." or ".." path segment`);
    if (s.length > 255) throw new UploadError(400, `${relative}: a name longer than 255 characters`);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f]/.test(s) || /^[A-Za-z]:$/.test(s)) throw new UploadError(400, `${relative}: control characters or a drive letter in the path`);
  }
  return segments;
}

export async function receiveUpload(req: IncomingMessage, url: URL, dataDir: string, maxBytes = defaultMaxUploadBytes): Promise<UploadResult> {
  if (req.method !== 'POST') throw new UploadError(405, 'uploads are POST with the file as the body');
  const batch = url.searchParams.get('batch') ?? '';
  if (!batchPattern.test(batch)) throw new UploadError(400, 'batch must be 8–64 letters, digits or dashes');
  const segments = safeSegments(url.searchParams.get('path') ?? '');
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw new UploadError(413, `${segments.join('/')}: ${declared} bytes is over the ${maxBytes}-byte upload limit`);

  const folder = resolve(dataDir, 'uploads', batch);
  const target = resolve(folder, ...segments);
  // Belt and braces after the segment checks: the resolved file must lie inside the batch folder.
  if (!target.startsWith(folder + sep)) throw new UploadError(400, `${segments.join('/')}: path leaves the upload folder`);
  await mkdir(join(target, '..'), { recursive: true });

  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes) callback(new UploadError(413, `${segments.join('/')}: over the ${maxBytes}-byte upload limit`));
      else callback(null, chunk);
    },
  });
  try {
    // 'wx': an upload never replaces a file already there (two drops of the same name in one batch).
    await pipeline(req, limit, createWriteStream(target, { flags: 'wx' }));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UploadError(409, `${segments.join('/')}: already uploaded in this batch`);
    await rm(target, { force: true });
    if (error instanceof UploadError) throw error;
    throw new UploadError(400, `${segments.join('/')}: upload interrupted (${(error as Error).message})`);
  }
  return { folder, path: target, bytes };
}
