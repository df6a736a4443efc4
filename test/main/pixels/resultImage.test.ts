// Proves that pixels.result serves image k of a result's .npy stack as float32 pixels, marks generator outputs
// synthetic and the projected real images acquired, and refuses an index past the stack or a non-image array.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { createLocalClient } from '../../../src-main/api/localClient.js';
import { createAppContext } from '../../../src-main/base/context.js';
import { writeNpy } from '../../../src-main/io/npyFile.js';
import { createResult } from '../../../src-main/results/store.js';
import { decodePixelMessage, encodePixelMessage, frameValues } from '../../../src-shared/api/pixels.js';

function setup(): { client: ReturnType<typeof createLocalClient>; id: string; dir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'latentrad-resultimage-'));
  const ctx = createAppContext({ dataDir, host: { kind: 'cli' } });
  const { info, dir } = createResult(dataDir, 'fidelity', { synthetic: true });
  return { client: createLocalClient(createAppDispatcher(ctx), ctx), id: info.id, dir };
}

test('image k of an N×C×H×W stack comes back as its first channel, float32, synthetic for a projection', async () => {
  const { client, id, dir } = setup();
  // 2 images × 1 channel × 2 rows × 3 columns; image 1 holds 6..11.
  await writeNpy(join(dir, 'projections.npy'), Float32Array.from({ length: 12 }, (_, i) => i), [2, 1, 2, 3], 'float32');
  const frame = await client.call('pixels.result', { result: id, file: 'projections.npy', index: 1 });
  assert.equal(frame.dtype, 'float32');
  assert.deepEqual([frame.geometry.rows, frame.geometry.columns], [2, 3]);
  assert.deepEqual(Array.from(frameValues(frame)), [6, 7, 8, 9, 10, 11]);
  assert.equal(frame.provenance, 'synthetic');
  assert.deepEqual(frame.source, { id: `result:${id}`, file: 'projections.npy', index: 1 });
  // The binary HTTP message carries it unchanged.
  assert.deepEqual(Array.from(frameValues(decodePixelMessage(encodePixelMessage(frame)))), [6, 7, 8, 9, 10, 11]);
});

test('the real images a projection started from (targets.npy) are served as acquired', async () => {
  const { client, id, dir } = setup();
  await writeNpy(join(dir, 'targets.npy'), Float32Array.from([-1, 0, 0.5, 1]), [1, 1, 2, 2], 'float32');
  const frame = await client.call('pixels.result', { result: id, file: 'targets.npy', index: 0 });
  assert.equal(frame.provenance, 'acquired');
  assert.deepEqual([frame.min, frame.max], [-1, 1]);
});

test('an index past the stack, a 1-D array, a missing file and a path outside the result are refused by name', async () => {
  const { client, id, dir } = setup();
  await writeNpy(join(dir, 'projections.npy'), new Float32Array(8), [2, 2, 2], 'float32');
  await writeNpy(join(dir, 'vector.npy'), new Float32Array(4), [4], 'float32');
  await assert.rejects(client.call('pixels.result', { result: id, file: 'projections.npy', index: 2 }), /projections\.npy of result .* holds 2 images; there is no image 2/);
  await assert.rejects(client.call('pixels.result', { result: id, file: 'vector.npy', index: 0 }), /vector\.npy of result .*shape \[4\] is not an image stack/);
  await assert.rejects(client.call('pixels.result', { result: id, file: 'preview.npy', index: 0 }), /has no file preview\.npy/);
  await assert.rejects(client.call('pixels.result', { result: id, file: '../result.npy', index: 0 }), /not a file name/);
});

test('channel s of a C×S×H×W array, placed at slice position s by geometry.json; unlisted arrays stay unplaced', async () => {
  const { client, id, dir } = setup();
  const [C, S, H, W] = [2, 3, 2, 2];
  await writeNpy(join(dir, 'components.npy'), Float32Array.from({ length: C * S * H * W }, (_, i) => i), [C, S, H, W], 'float32');
  await writeNpy(join(dir, 'other.npy'), Float32Array.from({ length: S * H * W }, (_, i) => i), [S, H, W], 'float32');
  const positions = [0, 1, 2].map((s) => ({ imagePositionPatient: [0, 0, 5 * s], imageOrientationPatient: [1, 0, 0, 0, 1, 0], pixelSpacing: [2, 3] }));
  writeFileSync(join(dir, 'geometry.json'), JSON.stringify({ source: 'volume:1', positions, positionFiles: ['components.npy'] }));
  const frame = await client.call('pixels.result', { result: id, file: 'components.npy', index: 1, channel: 2 });
  assert.deepEqual(Array.from(frameValues(frame)), [20, 21, 22, 23]);
  assert.deepEqual(frame.geometry.imagePositionPatient, [0, 0, 10]);
  assert.deepEqual(frame.geometry.pixelSpacing, [2, 3]);
  assert.equal((await client.call('pixels.result', { result: id, file: 'other.npy', index: 2 })).geometry.imagePositionPatient, null);
  await assert.rejects(client.call('pixels.result', { result: id, file: 'components.npy', index: 0, channel: 3 }), /has 3 channels; there is no channel 3/);
});
