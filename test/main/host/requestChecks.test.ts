// The host against a hostile browser page and hostile bodies: foreign origins (another port of 127.0.0.1 included)
// are refused on the API, uploads, downloads and the WebSocket; only JSON bodies; 413 over 16 MiB; deep JSON refused
// fast; malformed URLs are 400; the token is never taken from an API URL.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { createAppContext } from '../../../src-main/base/context.js';
import type { AppContext } from '../../../src-main/base/context.js';
import { jsonNestsDeeperThan } from '../../../src-main/host/requestChecks.js';
import { startHost } from '../../../src-main/host/server.js';
import type { RunningHost } from '../../../src-main/host/server.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { tempDirs } from '../../support/tempDirs.js';

const tempDir = tempDirs('latentrad-checks-');
let host: RunningHost;
let ctx: AppContext;

before(async () => {
  ctx = createAppContext({ dataDir: tempDir(), host: { kind: 'headless' } });
  host = await startHost({ dispatch: createAppDispatcher(ctx), ctx, port: 0 });
});
after(async () => {
  await host.close();
  await ctx.close();
});

interface Reply {
  status: number;
  body: string;
}

/** A raw request, so that Origin, Sec-Fetch-Site and Content-Type are exactly what a browser would send. */
function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${host.origin}${path}`, { method: options.method ?? 'POST', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const cookie = () => `latentrad_token=${encodeURIComponent(host.token)}`;
const json = { 'Content-Type': 'application/json' };

test('a page on another port of 127.0.0.1 (same site, so the cookie is sent) cannot call the API', async () => {
  const evil = await send('/api/system.info', { headers: { ...json, Cookie: cookie(), Origin: 'http://127.0.0.1:5999', 'Sec-Fetch-Site': 'same-site' }, body: '{}' });
  assert.equal(evil.status, 403);
  assert.match(evil.body, /http:\/\/127\.0\.0\.1:5999 are refused/);
  const sameSiteOnly = await send('/api/system.info', { headers: { ...json, Cookie: cookie(), 'Sec-Fetch-Site': 'same-site' }, body: '{}' });
  assert.equal(sameSiteOnly.status, 403);
  const own = await send('/api/system.info', { headers: { ...json, Cookie: cookie(), Origin: host.origin, 'Sec-Fetch-Site': 'same-origin' }, body: '{}' });
  assert.equal(own.status, 200);
});

test('a text/plain or form POST from a foreign origin is refused, and so is one without a JSON content type', async () => {
  for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
    const foreign = await send('/api/system.info', { headers: { 'Content-Type': type, Cookie: cookie(), Origin: 'http://evil.example' }, body: '{}' });
    assert.equal(foreign.status, 403, type);
    const sameOrigin = await send('/api/system.info', { headers: { 'Content-Type': type, Authorization: `Bearer ${host.token}` }, body: '{}' });
    assert.equal(sameOrigin.status, 415, type);
    assert.match(sameOrigin.body, /Content-Type: application\/json/);
  }
});

test('uploads and result downloads check the origin too', async () => {
  const upload = await send('/upload?batch=batch-0001&path=a.dcm', { headers: { Cookie: cookie(), Origin: 'http://localhost:3000' }, body: 'DICM' });
  assert.equal(upload.status, 403);
  const download = await send('/results/eigen-20260101T000000-00000000/eigen.json', { method: 'GET', headers: { Cookie: cookie(), 'Sec-Fetch-Site': 'cross-site' } });
  assert.equal(download.status, 403);
});

test('the token in the query string of an API route or the WebSocket is not accepted', async () => {
  const viaQuery = await send(`/api/system.info?token=${encodeURIComponent(host.token)}`, { headers: json, body: '{}' });
  assert.equal(viaQuery.status, 401);
  await assert.rejects(opened(new WebSocket(`ws://127.0.0.1:${host.port}/events?token=${encodeURIComponent(host.token)}`)), /401/);
});

function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.on('open', () => {
      ws.close();
      resolve();
    });
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
  });
}

test('the WebSocket refuses a foreign Origin even with the cookie, and accepts its own', async () => {
  const url = `ws://127.0.0.1:${host.port}/events`;
  await assert.rejects(opened(new WebSocket(url, { headers: { Cookie: cookie() }, origin: 'http://127.0.0.1:5999' })), /403/);
  await opened(new WebSocket(url, { headers: { Cookie: cookie() }, origin: host.origin }));
});

test('a body over 16 MiB gets 413 with a message, not a connection reset', async () => {
  const big = Buffer.alloc(17 * 1024 * 1024, 0x20);
  const declared = await send('/api/system.info', { headers: { ...json, Authorization: `Bearer ${host.token}` }, body: big });
  assert.equal(declared.status, 413);
  assert.match(declared.body, /larger than 16 MiB/);
});

test('JSON nested deeper than 64 levels is refused before parsing, and 16 MB of it does not block the host', async () => {
  assert.equal(jsonNestsDeeperThan('{"a":"[[[[[[[[[["}', 3), false, 'brackets inside strings do not count');
  assert.equal(jsonNestsDeeperThan('[[[[]]]]', 3), true);
  const deep = '['.repeat(8 * 1024 * 1024) + ']'.repeat(8 * 1024 * 1024);
  // What blocked the host was JSON.parse of the whole body (9 s for 16 MB): the host runs in this process, so a spy
  // on JSON.parse proves the body is refused without it (a wall-clock bound would fail on a busy machine).
  const parse = JSON.parse;
  let largest = 0;
  JSON.parse = (text: string, reviver?: Parameters<typeof JSON.parse>[1]): unknown => {
    largest = Math.max(largest, text.length);
    return parse(text, reviver);
  };
  try {
    const reply = await send('/api/system.info', { headers: { ...json, Authorization: `Bearer ${host.token}` }, body: deep });
    assert.equal(reply.status, 400);
    assert.match(reply.body, /deeper than 64 levels/);
  } finally {
    JSON.parse = parse;
  }
  assert.ok(largest < 1024 * 1024, `JSON.parse saw ${largest} characters`);
});

test('a malformed percent-escape in the method name or URL is 400, not 500', async () => {
  const reply = await send('/api/system.%E0%A4%A', { headers: { ...json, Authorization: `Bearer ${host.token}` }, body: '{}' });
  assert.equal(reply.status, 400);
  assert.match(reply.body, /malformed percent-escape/);
  const download = await send('/results/%ZZ/x', { method: 'GET', headers: { Authorization: `Bearer ${host.token}` } });
  assert.equal(download.status, 400);
});
