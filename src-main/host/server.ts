// `latentrad serve`: the built renderer plus the API over HTTP (POST /api/<method>; frames, slices and images as
// binary at POST /pixels/<frame|slice|image>) and events over WebSocket (/events), for browsers and tests where no
// Electron runtime exists. Every request needs the launch token.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { ApiResult } from '../../src-shared/api/errors.js';
import { binaryPixelPath, encodePixelMessage, isBinaryPixelMethod, pixelMessageType } from '../../src-shared/api/pixels.js';
import type { PixelFrame } from '../../src-shared/api/pixels.js';
import type { AppContext } from '../base/context.js';
import type { Dispatch } from '../api/dispatcher.js';
import { toApiError } from '../api/dispatcher.js';
import { resultFile } from '../results/store.js';
import { securityHeaders } from '../security/csp.js';
import { hostHeaderAllowed, isLoopbackHost, newToken, requestToken, sameToken, tokenCookie } from './auth.js';
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
      sendJson(res, 500, { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    if (!hostHeaderAllowed(req.headers.host, host)) {
      return sendJson(res, 403, { ok: false, error: { code: 'unauthorized', message: 'requests must address this host by a loopback name' } });
    }
    const given = requestToken(req, url);
    if (!sameToken(token, given)) {
      return sendJson(res, 401, { ok: false, error: { code: 'unauthorized', message: 'missing or wrong token: open the URL that `latentrad serve` printed' } });
    }
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, decodeURIComponent(url.pathname.slice('/api/'.length)));
    if (url.pathname.startsWith('/pixels/')) return handleApi(req, res, `pixels.${decodeURIComponent(url.pathname.slice('/pixels/'.length))}`, true);
    if (url.pathname === '/upload') return handleUpload(req, res, url);
    if (url.pathname.startsWith('/results/')) return handleResultDownload(req, res, url.pathname.slice('/results/'.length));
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
        ? `POST /pixels/ serves frame, slice and image; call ${method} at POST /api/${method}`
        : `${method} answers pixels as binary: POST /${isBinaryPixelMethod(method) ? binaryPixelPath(method) : ''} with the same JSON body`;
      return sendJson(res, 404, { ok: false, error: { code: 'unknown_method', message } });
    }
    let body: unknown;
    try {
      const raw = await readBody(req, maxBody);
      body = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
    } catch (error) {
      return sendJson(res, 400, { ok: false, error: { code: 'validation', message: `request body is not valid JSON: ${(error as Error).message}` } });
    }
    const result = await options.dispatch(method, body);
    if (binary && result.ok) {
      const message = encodePixelMessage(result.value as PixelFrame);
      res.writeHead(200, { 'Content-Type': pixelMessageType, 'Content-Length': message.byteLength, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      res.end(message);
      return;
    }
    sendJson(res, result.ok ? 200 : (statusOf[result.error.code] ?? 500), result);
  }

  // A browser's "export": a result file by id as a download (the user's browser picks where it goes).
  async function handleResultDownload(req: IncomingMessage, res: ServerResponse, rest: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false, error: { code: 'validation', message: 'result files are GET' } });
    const slash = rest.indexOf('/');
    let path: string;
    try {
      path = resultFile(options.ctx.dataDir, decodeURIComponent(rest.slice(0, slash < 0 ? rest.length : slash)), slash < 0 ? '' : decodeURIComponent(rest.slice(slash + 1)));
    } catch (error) {
      const apiError = toApiError(error);
      return sendJson(res, statusOf[apiError.code] ?? 500, { ok: false, error: apiError.toData() });
    }
    const name = basename(path).replace(/[^\w.-]/g, '_');
    res.writeHead(200, {
      ...securityHeaders,
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${name}"`,
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
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    if (url.pathname !== '/events' || !hostHeaderAllowed(req.headers.host, host) || !sameToken(token, requestToken(req, url))) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
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

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error(`body larger than ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
