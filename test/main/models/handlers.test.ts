// models.* through the dispatcher (as the CLI and UI call it): import, list, generate via the worker thread.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { zipSync } from 'fflate';
import { decodeNpy, encodeNpy, toFloat32 } from '../../../src-shared/io/npy.js';
import type { LatentRadClient } from '../../../src-shared/api/contract.js';
import { ApiError } from '../../../src-shared/api/errors.js';
import { readPng, isSyntheticPng } from '../../../src-main/io/png.js';
import { hasSyntheticLabel } from '../../support/syntheticLabel.js';
import { decodeNpz } from '../../../src-main/ml/npz.js';
import { fromNvlabsKwargs } from '../../../src-main/ml/stylegan2/config.js';
import type { NvlabsGeneratorKwargs } from '../../../src-main/ml/stylegan2/config.js';
import { writeModelDir } from '../../../src-main/ml/stylegan2/modelDir.js';
import { openRuntime } from '../../../src-main/cli/runtime.js';
import { resultFile } from '../../../src-main/results/store.js';
import type { CliRuntime } from '../../../src-main/cli/runtime.js';
import { fixturesDir } from '../../support/data.js';

const reference = join(fixturesDir, 'nvlabs-reference');
const work = mkdtempSync(join(tmpdir(), 'latentrad-models-'));
let rt: CliRuntime;
let client: LatentRadClient;
const modelDir = join(work, 'reference-model');

const npy = (name: string): { shape: number[]; data: Float32Array } => {
  const a = decodeNpy(new Uint8Array(readFileSync(name)));
  return { shape: a.shape, data: toFloat32(a) };
};

function maxAbs(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

before(async () => {
  const kwargs = (JSON.parse(readFileSync(join(reference, 'config.json'), 'utf8')) as { generator_kwargs: NvlabsGeneratorKwargs }).generator_kwargs;
  const arrays = decodeNpz(new Uint8Array(readFileSync(join(reference, 'G_ema_state_dict.npz'))), 'npz');
  await writeModelDir(modelDir, {
    name: 'nvlabs-reference',
    config: fromNvlabsKwargs(kwargs),
    generator: new Map([...arrays].map(([k, v]) => [k, { shape: v.shape, data: toFloat32(v) }])),
    provenance: { source: 'nvlabs-state-dict', description: 'reference fixture', createdAt: '2026-11-23T00:00:00Z', tool: 'test' },
  });
  rt = openRuntime({ dataDir: join(work, 'data') });
  client = rt.client;
});

after(async () => {
  await rt.close();
  rmSync(work, { recursive: true, force: true });
});

test('import registers the model once; a second import finds the same id', async () => {
  const first = await client.call('models.import', { path: modelDir });
  assert.equal(first.alreadyPresent, false);
  assert.match(first.model.id, /^m[0-9a-f]{12}$/);
  assert.equal(first.model.numWs, 8);
  const again = await client.call('models.import', { path: modelDir });
  assert.equal(again.alreadyPresent, true);
  assert.equal(again.model.id, first.model.id);
  const { models } = await client.call('models.list', {});
  assert.ok(models.some((m) => m.id === first.model.id && m.provenance.source === 'nvlabs-state-dict'));
});

test('generate from z.npy writes raw NCHW float32 equal to NVlabs output', async () => {
  const r = await client.call('models.generate', { model: 'nvlabs-reference', zPath: join(reference, 'z.npy'), noiseMode: 'const', format: 'npy' });
  assert.deepEqual(r.result.files, ['images.npy']);
  const out = resultFile(rt.ctx.dataDir, r.result.id, 'images.npy');
  assert.deepEqual(r.shape, [3, 1, 32, 32]);
  assert.ok(r.range[1] > 1, 'raw output is not clamped to [-1, 1]');
  assert.ok(maxAbs(npy(out).data, npy(join(reference, 'img.npy')).data) <= 1e-4);
  assert.equal(r.backend, 'onnxruntime', 'noise const runs on the ONNX engine');
});

test('generate with truncation from w rows (broadcast) equals NVlabs ψ 0.5 on the ONNX engine', async () => {
  // ws.npy holds identical rows per layer (mapping output broadcast): its first layer is the w of each image.
  const ws = npy(join(reference, 'ws.npy'));
  const [n, numWs, wDim] = ws.shape;
  const w = Float32Array.from({ length: n * wDim }, (_, i) => ws.data[Math.floor(i / wDim) * numWs * wDim + (i % wDim)]);
  const wPath = join(work, 'w_rows.npy');
  writeFileSync(wPath, encodeNpy(w, [n, wDim]));
  const r = await client.call('models.generate', { model: 'nvlabs-reference', wPath, psi: 0.5, noiseMode: 'const', format: 'npy' });
  assert.equal(r.backend, 'onnxruntime');
  assert.ok(maxAbs(npy(resultFile(rt.ctx.dataDir, r.result.id, 'images.npy')).data, npy(join(reference, 'img_psi05.npy')).data) <= 1e-4);
});

test('generate with random noise runs on TensorFlow.js (onnxruntime has no such noise)', async () => {
  const r = await client.call('models.generate', { model: 'nvlabs-reference', zPath: join(reference, 'z.npy'), noiseMode: 'random', format: 'npy' });
  assert.notEqual(r.backend, 'onnxruntime');
  assert.deepEqual(r.shape, [3, 1, 32, 32]);
});

test('generate from per-layer ws.npy with noise none equals the NVlabs noise-free image', async () => {
  const r = await client.call('models.generate', { model: 'nvlabs-reference', wPath: join(reference, 'ws.npy'), noiseMode: 'none', format: 'npy' });
  const out = resultFile(rt.ctx.dataDir, r.result.id, 'images.npy');
  assert.ok(maxAbs(npy(out).data, npy(join(reference, 'img_noise_none.npy')).data) <= 1e-4);
});

test('generate from an NVlabs projected_w.npz (array "w", [N, numWs, wDim]) works like the .npy', async () => {
  const npz = join(work, 'projected_w.npz');
  writeFileSync(npz, zipSync({ 'w.npy': new Uint8Array(readFileSync(join(reference, 'ws.npy'))) }));
  const r = await client.call('models.generate', { model: 'nvlabs-reference', wPath: npz, noiseMode: 'none', format: 'npy' });
  const out = resultFile(rt.ctx.dataDir, r.result.id, 'images.npy');
  assert.ok(maxAbs(npy(out).data, npy(join(reference, 'img_noise_none.npy')).data) <= 1e-4);
});

test('generate from seeds writes PNGs marked synthetic into a result that is marked synthetic too', async () => {
  const r = await client.call('models.generate', { model: 'nvlabs-reference', seeds: [0, 1] });
  assert.deepEqual(r.result.files, ['seed0000.png', 'seed0001.png']);
  assert.equal((await client.call('results.get', { id: r.result.id })).info.synthetic, true);
  const png = await readPng(resultFile(rt.ctx.dataDir, r.result.id, 'seed0000.png'));
  assert.equal(png.width, 32);
  assert.equal(png.channels, 1);
  assert.ok(isSyntheticPng(png));
  assert.ok(hasSyntheticLabel(png.data, png.width, png.height, png.channels), 'a generated PNG shows SYNTHETIC in its pixels');
  assert.equal(png.text.Latent, 'seed 0');
});

test('a z file of the wrong width is bad_input naming the file and the expected shape', async () => {
  await assert.rejects(
    client.call('models.generate', { model: 'nvlabs-reference', wPath: join(reference, 'z.npy') }),
    (e: ApiError) => e.code === 'bad_input' && e.message.includes('z.npy') && e.message.includes('[N, 48]'),
  );
});

test('an unknown model is not_found and points to `latentrad models`', async () => {
  await assert.rejects(client.call('models.generate', { model: 'nope', seeds: [0] }), (e: ApiError) => e.code === 'not_found' && /latentrad models/.test(e.message));
});

test('giving both seeds and z is a validation error', async () => {
  await assert.rejects(client.call('models.generate', { model: 'nvlabs-reference', seeds: [0], zPath: 'z.npy' }), (e: ApiError) => e.code === 'validation');
});

test('remove deletes an imported model', async () => {
  const { models } = await client.call('models.list', {});
  const id = models.find((m) => m.name === 'nvlabs-reference')!.id;
  assert.deepEqual(await client.call('models.remove', { model: id }), { removed: id });
  await assert.rejects(client.call('models.get', { model: id }), (e: ApiError) => e.code === 'not_found');
});
