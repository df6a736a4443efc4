// Checks a host request passes before any handler sees it: same origin (Origin / Sec-Fetch-Site), JSON-only API
// bodies, a body size limit answered with 413, and a nesting limit checked before JSON.parse runs.
import type { IncomingMessage } from 'node:http';

export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Browsers tell us who is asking. A page on another port of 127.0.0.1 is "same-site" (cookies with SameSite=Strict
 * are sent), so only the exact origin of this host counts. Requests without Origin and Sec-Fetch-Site come from
 * non-browser clients (CLI scripts, tests), which still need the token. `allowNavigation` admits a top-level page
 * load the user typed or bookmarked (Sec-Fetch-Site: none) — only for static pages, never for the API.
 */
export function checkSameOrigin(req: IncomingMessage, allowNavigation = false): void {
  const own = `http://${req.headers.host ?? ''}`;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== own) throw new RequestError(403, `requests from ${origin} are refused: only pages served by this host (${own}) may call it`);
  const site = req.headers['sec-fetch-site'];
  if (site === undefined || site === 'same-origin' || (allowNavigation && site === 'none')) return;
  throw new RequestError(403, `cross-origin request refused (Sec-Fetch-Site: ${String(site)})`);
}

/** `/api/*` bodies are JSON only: a form or text/plain POST (what a foreign page can send without preflight) is refused. */
export function checkJsonContentType(req: IncomingMessage): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') throw new RequestError(415, `API calls need Content-Type: application/json (got ${type || 'none'})`);
}

/** True when JSON text nests arrays/objects deeper than `max`; a linear scan, so it cannot block like a deep parse. */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

export const maxJsonDepth = 64;

/** Reads a whole body up to `limit` bytes; over it (declared or streamed) → 413, and the rest is discarded. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = (): RequestError => new RequestError(413, `request body larger than ${Math.round(limit / (1024 * 1024))} MiB`);
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        // Keep reading (and dropping) so the client receives the 413 instead of a connection reset.
        over = true;
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

/** Parses an API body: size-limited, nesting-limited JSON; an empty body is `{}`. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const raw = (await readBody(req, limit)).toString('utf8');
  if (raw.length === 0) return {};
  if (jsonNestsDeeperThan(raw, maxJsonDepth)) throw new RequestError(400, `request body nests deeper than ${maxJsonDepth} levels`);
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    throw new RequestError(400, `request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** `decodeURIComponent` that answers 400 for a malformed escape (`%E0%A4%A`) instead of throwing a URIError. */
export function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new RequestError(400, `malformed percent-escape in the URL path "${part.slice(0, 80)}"`);
  }
}
