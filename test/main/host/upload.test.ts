// Browser uploads to the headless host: token required, paths kept inside the batch folder, size limit, no partial files.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createAppContext } from '../../../src-main/base/context.js';
import type { AppContext } from '../../../src-main/base/context.js';
import { startHost } from '../../../src-main/host/server.js';
import type { RunningHost } from '../../../src-main/host/server.js';
import { UploadError, safeSegments } from '../../../src-main/host/upload.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';

let host: RunningHost;
let ctx: AppContext;
let dataDir: string;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'latentrad-upload-'));
  ctx = createAppContext({ dataDir, host: { kind: 'headless' } });
  host = await startHost({ dispatch: createAppDispatcher(ctx), ctx, port: 0, maxUploadBytes: 1000 });
});
after(async () => {
  await host.close();
  await ctx.close();
});

const upload = (batch: string, path: string, body: string | Uint8Array, token: string | null = host.token) =>
  fetch(`${host.origin}/upload?${new URLSearchParams({ batch, path })}`, {
    method: 'POST',
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    body,
  });

test('an uploaded file lands in <dataDir>/uploads/<batch>/<relative path> and the folder is returned', async () => {
  const response = await upload('batch-0001', 'study/series 1/IM0001.dcm', 'DICM');
  assert.equal(response.status, 200);
  const body = (await response.json()) as { ok: boolean; value: { folder: string; path: string; bytes: number } };
  assert.equal(body.ok, true);
  assert.equal(body.value.folder, join(dataDir, 'uploads', 'batch-0001'));
  assert.equal(body.value.bytes, 4);
  assert.equal(readFileSync(join(dataDir, 'uploads', 'batch-0001', 'study', 'series 1', 'IM0001.dcm'), 'utf8'), 'DICM');
});

test('uploads without the token are refused and write nothing', async () => {
  const response = await upload('batch-0002', 'a.dcm', 'x', null);
  assert.equal(response.status, 401);
  assert.equal(existsSync(join(dataDir, 'uploads', 'batch-0002')), false);
});

test('file names that climb out of the batch folder are refused', async () => {
  for (const path of ['../escape.dcm', 'a/../../escape.dcm', '/etc/passwd', 'a//b', 'C:/x', 'a\\..\\..\\x']) {
    const response = await upload('batch-0003', path, 'x');
    assert.equal(response.status, 400, path);
  }
  assert.equal(existsSync(join(dataDir, 'uploads', 'escape.dcm')), false);
  assert.equal(existsSync(join(dataDir, 'escape.dcm')), false);
});

test('a file over the size limit is refused with 413 and no partial file is kept', async () => {
  const response = await upload('batch-0004', 'big.bin', new Uint8Array(5000));
  assert.equal(response.status, 413);
  assert.equal(existsSync(join(dataDir, 'uploads', 'batch-0004', 'big.bin')), false);
});

test('an existing file in the batch is never overwritten', async () => {
  assert.equal((await upload('batch-0005', 'same.dcm', 'first')).status, 200);
  assert.equal((await upload('batch-0005', 'same.dcm', 'second')).status, 409);
  assert.equal(readFileSync(join(dataDir, 'uploads', 'batch-0005', 'same.dcm'), 'utf8'), 'first');
});

test('a malformed batch id is refused', async () => {
  assert.equal((await upload('../x', 'a.dcm', 'x')).status, 400);
});

test('safeSegments keeps ordinary names and rejects dot segments and control characters', () => {
  assert.deepEqual(safeSegments('PAT 1/ST1/IM-0001-0001.dcm'), ['PAT 1', 'ST1', 'IM-0001-0001.dcm']);
  assert.throws(() => safeSegments('a/./b'), UploadError);
  assert.throws(() => safeSegments('a\u0000b'), UploadError);
});
