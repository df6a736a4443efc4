// The host's binary pixel route: POST /pixels/frame answers application/octet-stream that decodes to exactly the
// frame the handler produced, errors stay JSON results, and the JSON API points callers of pixel methods to it.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ApiError } from '../../../src-shared/api/errors.js';
import { decodePixelMessage, frameValues } from '../../../src-shared/api/pixels.js';
import type { PixelFrame } from '../../../src-shared/api/pixels.js';
import { createAppContext } from '../../../src-main/base/context.js';
import type { AppContext } from '../../../src-main/base/context.js';
import { createDispatcher } from '../../../src-main/api/dispatcher.js';
import { handlers } from '../../../src-main/api/handlers.js';
import { startHost } from '../../../src-main/host/server.js';
import type { RunningHost } from '../../../src-main/host/server.js';

let host: RunningHost;
let ctx: AppContext;
const values = Int16Array.from({ length: 3 * 4 }, (_, i) => i * 100 - 1024);

function knownFrame(instanceId: string, frame: number): PixelFrame {
  return {
    source: { id: instanceId, frame }, provenance: 'acquired', modality: 'CT',
    geometry: { rows: 3, columns: 4, pixelSpacing: null, imagePositionPatient: null, imageOrientationPatient: null, sliceThickness: null, frameOfReferenceUid: null, orientationLabels: null },
    samplesPerPixel: 1, photometricInterpretation: 'MONOCHROME2', invert: false, rescale: { slope: 1, intercept: -1024, type: 'HU' },
    window: { center: 40, width: 400, source: 'file' }, windowPresets: [], min: -1024, max: 76, dtype: 'int16',
    data: new Uint8Array(values.buffer.slice(0)), transferSyntaxUid: '1.2.840.10008.1.2.1', lossy: false, numberOfFrames: 1,
  };
}

before(async () => {
  ctx = createAppContext({ dataDir: mkdtempSync(join(tmpdir(), 'latentrad-data-')), host: { kind: 'headless' } });
  const table = {
    ...handlers,
    'pixels.frame': ({ instanceId, frame }: { instanceId: string; frame: number }) => {
      if (instanceId === 'instance:404') throw new ApiError('not_found', 'instance:404 is not in the catalog');
      return knownFrame(instanceId, frame);
    },
  };
  host = await startHost({ dispatch: createDispatcher(table, ctx), ctx, port: 0 });
});
after(async () => {
  await host.close();
  await ctx.close();
});

const post = (path: string, body: unknown) =>
  fetch(`${host.origin}/${path}`, { method: 'POST', headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

test('POST /pixels/frame answers one binary message that decodes to the handler\'s frame', async () => {
  const response = await post('pixels/frame', { instanceId: 'instance:7', frame: 2 });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/octet-stream');
  const frame = decodePixelMessage(new Uint8Array(await response.arrayBuffer()));
  const { data: _d, ...header } = frame;
  const { data: _e, ...expected } = knownFrame('instance:7', 2);
  assert.deepEqual(header, expected);
  assert.deepEqual(Array.from(frameValues(frame)), Array.from(values));
});

test('a failed pixel call on the binary route is a JSON error with its HTTP status', async () => {
  const missing = await post('pixels/frame', { instanceId: 'instance:404' });
  assert.equal(missing.status, 404);
  assert.match(missing.headers.get('content-type') ?? '', /json/);
  const body = (await missing.json()) as { ok: boolean; error: { code: string; message: string } };
  assert.deepEqual([body.ok, body.error.code], [false, 'not_found']);
  const invalid = await post('pixels/frame', { instanceId: 'volume:1' });
  assert.equal(invalid.status, 400);
});

test('the JSON API points pixel methods to the binary route, and the binary route serves only pixel frames', async () => {
  const json = await post('api/pixels.frame', { instanceId: 'instance:7' });
  assert.equal(json.status, 404);
  assert.match(((await json.json()) as { error: { message: string } }).error.message, /POST \/pixels\/frame/);
  const info = await post('pixels/volumeInfo', { id: 'volume:1' });
  assert.equal(info.status, 404);
  assert.match(((await info.json()) as { error: { message: string } }).error.message, /POST \/api\/pixels\.volumeInfo/);
});
