// `latentrad serve`: the built renderer plus the API over HTTP (POST /api/<method>; frames, slices and images as
// binary at POST /pixels/<frame|slice|image|result>) and events over WebSocket (/events), for browsers and tests where no
// Electron runtime exists. Every request needs the launch token and,
// from a browser, this host's own origin (requestChecks.ts).
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { ApiResult } from '../../src-shared/api/errors.js';
import { binaryPixelPath, isBinaryPixelMethod, pixelMessageParts, pixelMessageType } from '../../src-shared/api/pixels.js';
import type { PixelFrame, PixelVolume } from '../../src-shared/api/pixels.js';
import type { AppContext } from '../base/context.js';
import type { Dispatch } from '../api/dispatcher.js';
import { toApiError } from '../api/dispatcher.js';
import { resultFile } from '../results/store.js';
import { securityHeaders } from '../security/csp.js';
import { hostHeaderAllowed, isLoopbackHost, newToken, requestToken, sameToken, tokenCookie } from './auth.js';
import { RequestError, checkJsonContentType, checkSameOrigin, decodePathPart, readJsonBody } from './requestChecks.js';
import { readStatic } from './static.js';
import { UploadError, receiveUpload } from './upload.js';

export interface HostOptions {
  dispatch: Dispatch;
  ctx: AppContext;
  /** Folder of the built renderer; API-only when absent. */
  staticDir?: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  token?: string;
  /** Largest JSON request body accepted, in bytes. */
  maxBodyBytes?: number;
  /** Largest single uploaded file (POST /upload), in bytes. */
  maxUploadBytes?: number;
}

export interface RunningHost {
  /** Open this in a browser: it carries the token. */
  url: string;
  origin: string;
  port: number;
  host: string;
  token: string;
  loopbackOnly: boolean;
  close(): Promise<void>;
}

const statusOf: Record<string, number> = {
  validation: 400,
  bad_input: 422,
  unknown_method: 404,
  not_found: 404,
  unauthorized: 401,
  unavailable: 501,
  cancelled: 409,
  internal: 500,
};

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  const maxBody = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const sockets = new Set<WebSocket>();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof RequestError) {
        const code = error.status === 401 || error.status === 403 ? 'unauthorized' : error.status === 413 || error.status === 415 ? 'bad_input' : 'validation';
        return sendJson(res, error.status, { ok: false, error: { code, message: error.message } });
      }
      sendJson(res, 500, { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } });
    });
  });

  /** Host name, origin and token, in that order, for every route; `?token=` only on a page load. */
  function admit(req: IncomingMessage, url: URL | undefined, pageLoad: boolean): void {
    if (!hostHeaderAllowed(req.headers.host, host)) throw new RequestError(403, 'requests must address this host by a loopback name');
    checkSameOrigin(req, pageLoad);
    if (!sameToken(token, requestToken(req, pageLoad ? url : undefined))) {
      throw new RequestError(401, 'missing or wrong token: open the URL that `latentrad serve` printed');
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://host.invalid');
    } catch {
      throw new RequestError(400, 'malformed request URL');
    }
    const api = url.pathname.startsWith('/api/') || url.pathname.startsWith('/pixels/');
    const upload = url.pathname === '/upload';
    const download = url.pathname.startsWith('/results/');
    admit(req, url, !api && !upload && !download && (req.method === 'GET' || req.method === 'HEAD'));
    if (url.pathname.startsWith('/pixels/')) return handleApi(req, res, `pixels.${decodePathPart(url.pathname.slice('/pixels/'.length))}`, true);
    if (api) return handleApi(req, res, decodePathPart(url.pathname.slice('/api/'.length)));
    if (upload) return handleUpload(req, res, url);
    if (download) return handleResultDownload(req, res, url.pathname.slice('/results/'.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false, error: { code: 'validation', message: 'only GET for files' } });
    const file = options.staticDir ? await readStatic(options.staticDir, url.pathname) : null;
    if (!file) return sendJson(res, 404, { ok: false, error: { code: 'not_found', message: `no such file: ${url.pathname}` } });
    const headers: Record<string, string> = { ...securityHeaders, 'Content-Type': file.contentType, 'Cache-Control': 'no-cache' };
    if (url.searchParams.has('token')) {
      // The first load carries the token in the URL; later requests (assets, API, events) use this cookie.
      headers['Set-Cookie'] = `${tokenCookie}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
    }
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  /** `binary`: the /pixels/ route, which answers a PixelFrame as one binary message (see encodePixelMessage). */
  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string, binary = false): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'validation', message: 'API calls are POST with a JSON body' } });
    if (binary !== isBinaryPixelMethod(method)) {
      const message = binary
        ? `POST /pixels/ serves frame, slice, image, result and volume; call ${method} at POST /api/${method}`
        : `${method} answers pixels as binary: POST /${isBinaryPixelMethod(method) ? binaryPixelPath(method) : ''} with the same JSON body`;
      return sendJson(res, 404, { ok: false, error: { code: 'unknown_method', message } });
    }
    checkJsonContentType(req);
    const body = await readJsonBody(req, maxBody);
    const result = await options.dispatch(method, body);
    if (binary && result.ok) {
      // Header and pixels written as they are: joining them would copy a whole volume once more.
      const [head, pixels] = pixelMessageParts(result.value as PixelFrame | PixelVolume);
      res.writeHead(200, { 'Content-Type': pixelMessageType, 'Content-Length': head.byteLength + pixels.byteLength, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      res.write(head);
      res.end(pixels);
      return;
    }
    sendJson(res, result.ok ? 200 : (statusOf[result.error.code] ?? 500), result);
  }

  // A browser's "export": a result file by id as a download (the user's browser picks where it goes).
  async function handleResultDownload(req: IncomingMessage, res: ServerResponse, rest: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false, error: { code: 'validation', message: 'result files are GET' } });
    const slash = rest.indexOf('/');
    const id = decodePathPart(rest.slice(0, slash < 0 ? rest.length : slash));
    const name = slash < 0 ? '' : decodePathPart(rest.slice(slash + 1));
    let path: string;
    try {
      path = resultFile(options.ctx.dataDir, id, name);
    } catch (error) {
      const apiError = toApiError(error);
      return sendJson(res, statusOf[apiError.code] ?? 500, { ok: false, error: apiError.toData() });
    }
    const fileName = basename(path).replace(/[^\w.-]/g, '_');
    res.writeHead(200, {
      ...securityHeaders,
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Content-Length': String(statSync(path).size),
      'Cache-Control': 'no-store',
    });
    if (req.method === 'HEAD') return void res.end();
    await pipeline(createReadStream(path), res);
  }

  // Files dropped on the page in a browser (no OS paths there): saved under the data directory, then imported.
  async function handleUpload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    try {
      const value = await receiveUpload(req, url, options.ctx.dataDir, options.maxUploadBytes);
      sendJson(res, 200, { ok: true, value });
    } catch (error) {
      const status = error instanceof UploadError ? error.status : 500;
      if (!req.complete) req.resume();
      sendJson(res, status, { ok: false, error: { code: status === 405 ? 'validation' : status >= 500 ? 'internal' : 'bad_input', message: (error as Error).message } });
    }
  }

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    // Browsers do not apply the same-origin policy to WebSockets: the Origin check here is the only one.
    try {
      if (new URL(req.url ?? '/', 'http://host.invalid').pathname !== '/events') throw new RequestError(404, 'no such WebSocket');
      admit(req, undefined, false);
    } catch (error) {
      const status = error instanceof RequestError ? error.status : 400;
      socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Bad Request'}\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
    });
  });
  const unsubscribe = options.ctx.subscribe((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const origin = `http://${urlHost}:${port}`;

  return {
    url: `${origin}/?token=${encodeURIComponent(token)}`,
    origin,
    port,
    host,
    token,
    loopbackOnly: isLoopbackHost(host),
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: ApiResult<unknown>): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(JSON.stringify(body));
}
