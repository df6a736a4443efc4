// The headless host: loopback by default, the per-launch token on every request, session cookie, Host checks.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { createAppContext } from '../../../src-main/base/context.js';
import type { AppContext } from '../../../src-main/base/context.js';
import { hostHeaderAllowed } from '../../../src-main/host/auth.js';
import { resolveStaticPath } from '../../../src-main/host/static.js';
import { startHost } from '../../../src-main/host/server.js';
import type { RunningHost } from '../../../src-main/host/server.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { createResult } from '../../../src-main/results/store.js';

let host: RunningHost;
let ctx: AppContext;
const staticDir = mkdtempSync(join(tmpdir(), 'latentrad-static-'));

before(async () => {
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>LatentRad</title>');
  ctx = createAppContext({ dataDir: mkdtempSync(join(tmpdir(), 'latentrad-data-')), host: { kind: 'headless' } });
  host = await startHost({ dispatch: createAppDispatcher(ctx), ctx, staticDir, port: 0 });
});
after(async () => {
  await host.close();
  await ctx.close();
});

const api = (method: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${host.origin}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });

test('binds to loopback by default and prints a URL that carries the token', () => {
  assert.equal(host.host, '127.0.0.1');
  assert.equal(host.loopbackOnly, true);
  assert.ok(host.token.length >= 32);
  assert.ok(host.url.startsWith('http://127.0.0.1:') && host.url.includes(`token=${encodeURIComponent(host.token)}`));
});

test('API requests without the token are refused with 401', async () => {
  const response = await api('system.info', '{}');
  assert.equal(response.status, 401);
  const body = (await response.json()) as { ok: boolean; error: { code: string } };
  assert.deepEqual([body.ok, body.error.code], [false, 'unauthorized']);
});

test('a wrong token is refused with 401', async () => {
  assert.equal((await api('system.info', '{}', { Authorization: 'Bearer nope' })).status, 401);
});

test('static files need the token too, and ?token= sets an HttpOnly session cookie', async () => {
  assert.equal((await fetch(`${host.origin}/`)).status, 401);
  const first = await fetch(host.url);
  assert.equal(first.status, 200);
  const cookie = first.headers.get('set-cookie') ?? '';
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.match(first.headers.get('content-security-policy') ?? '', /default-src 'none'; script-src 'self';/);
  const next = await fetch(`${host.origin}/index.html`, { headers: { Cookie: cookie.split(';')[0] } });
  assert.equal(next.status, 200);
});

test('a call with the token returns the contract result', async () => {
  const response = await api('system.info', '{}', { Authorization: `Bearer ${host.token}` });
  assert.equal(response.status, 200);
  const body = (await response.json()) as { ok: true; value: { host: { kind: string } } };
  assert.equal(body.value.host.kind, 'headless');
});

test('malformed payloads get a typed validation error (400)', async () => {
  const auth = { Authorization: `Bearer ${host.token}` };
  const bad = await api('system.openDialog', '{"kind": 7}', auth);
  assert.equal(bad.status, 400);
  const body = (await bad.json()) as { error: { code: string; issues: Array<{ path: string }> } };
  assert.equal(body.error.code, 'validation');
  assert.equal(body.error.issues[0].path, 'kind');
  const notJson = await api('system.info', '{not json', auth);
  assert.equal(notJson.status, 400);
  assert.equal(((await notJson.json()) as { error: { code: string } }).error.code, 'validation');
});

test('unknown methods are 404 and host-only capabilities say unavailable', async () => {
  const auth = { Authorization: `Bearer ${host.token}` };
  assert.equal((await api('system.nope', '{}', auth)).status, 404);
  const dialog = await api('system.openDialog', '{"kind":"folder"}', auth);
  assert.equal(dialog.status, 501);
});

test('a request addressed to a foreign Host name is refused (DNS rebinding)', () => {
  assert.equal(hostHeaderAllowed('127.0.0.1:8000', '127.0.0.1'), true);
  assert.equal(hostHeaderAllowed('localhost:8000', '127.0.0.1'), true);
  assert.equal(hostHeaderAllowed('[::1]:8000', '::1'), true);
  assert.equal(hostHeaderAllowed('evil.example:8000', '127.0.0.1'), false);
  assert.equal(hostHeaderAllowed(undefined, '127.0.0.1'), false);
  assert.equal(hostHeaderAllowed('anything', '0.0.0.0'), true);
});

test('static paths cannot escape the renderer folder', () => {
  assert.equal(resolveStaticPath(staticDir, '/../../etc/passwd'), null);
  assert.equal(resolveStaticPath(staticDir, '/%2e%2e/%2e%2e/etc/passwd'), null);
  assert.equal(resolveStaticPath(staticDir, '/a%00b'), null);
  assert.equal(resolveStaticPath(staticDir, '/'), join(staticDir, 'index.html'));
});

test('events reach a WebSocket client that has the token; one without it is refused', async () => {
  const wsUrl = `ws://127.0.0.1:${host.port}/events`;
  await assert.rejects(
    new Promise((resolve, reject) => {
      const ws = new WebSocket(wsUrl);
      ws.on('open', resolve);
      ws.on('error', reject);
    }),
  );
  const ws = new WebSocket(wsUrl, { headers: { Authorization: `Bearer ${host.token}` } });
  await new Promise((resolve, reject) => {
    ws.on('open', resolve);
    ws.on('error', reject);
  });
  const received = new Promise<string>((resolve) => ws.on('message', (data) => resolve(String(data))));
  ctx.emit('jobProgress', { jobId: 'j', kind: 'import', state: 'running', fraction: 0.25, message: 'scanning', etaSeconds: null, progress: {} });
  const message = JSON.parse(await received) as { event: string; payload: { fraction: number } };
  assert.equal(message.event, 'jobProgress');
  assert.equal(message.payload.fraction, 0.25);
  ws.close();
});

test('a result file is a download by id; ids and names that leave the results folder are refused', async () => {
  const { info, dir } = createResult(ctx.dataDir, 'eigen', { synthetic: false });
  writeFileSync(join(dir, 'eigen.json'), '{"ok":true}');
  const auth = { Authorization: `Bearer ${host.token}` };
  const ok = await fetch(`${host.origin}/results/${info.id}/eigen.json`, { headers: auth });
  assert.equal(ok.status, 200);
  assert.match(ok.headers.get('content-disposition') ?? '', /^attachment; filename="eigen.json"$/);
  assert.equal(await ok.text(), '{"ok":true}');
  assert.equal((await fetch(`${host.origin}/results/${info.id}/eigen.json`)).status, 401);
  assert.equal((await fetch(`${host.origin}/results/${info.id}/..%2F..%2F..%2Fetc%2Fpasswd`, { headers: auth })).status, 422);
  assert.equal((await fetch(`${host.origin}/results/..%2F..%2Fetc/passwd`, { headers: auth })).status, 422);
  assert.equal((await fetch(`${host.origin}/results/${info.id}/missing.npy`, { headers: auth })).status, 404);
});
