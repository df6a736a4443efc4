// The onnxruntime generator reproduces NVlabs stylegan2-ada-pytorch G_ema outputs (mapping ψ 1 and 0.5, synthesis
// with noise const and none) to max abs error ≤ 1e-4, with 1 and 2 intra-op threads, and rejects wrong shapes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { decodeNpy, toFloat32 } from '../../../../src-shared/io/npy.js';
import { decodeNpz } from '../../../../src-main/ml/npz.js';
import { OnnxGenerator } from '../../../../src-main/ml/onnx/onnxGenerator.js';
import { fromNvlabsKwargs } from '../../../../src-main/ml/stylegan2/config.js';
import type { NvlabsGeneratorKwargs } from '../../../../src-main/ml/stylegan2/config.js';
import { fixturesDir } from '../../../support/data.js';

const dir = join(fixturesDir, 'nvlabs-reference');
const npy = (name: string): { shape: number[]; data: Float32Array } => {
  const a = decodeNpy(new Uint8Array(readFileSync(join(dir, name))));
  return { shape: a.shape, data: toFloat32(a) };
};
const kwargs = (JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { generator_kwargs: NvlabsGeneratorKwargs }).generator_kwargs;
const weights = new Map([...decodeNpz(new Uint8Array(readFileSync(join(dir, 'G_ema_state_dict.npz'))), 'G_ema_state_dict.npz')].map(([k, v]) => [k, { shape: v.shape, data: toFloat32(v) }]));

function maxAbsError(actual: Float32Array, expected: Float32Array): number {
  assert.equal(actual.length, expected.length);
  let m = 0;
  for (let i = 0; i < actual.length; i++) m = Math.max(m, Math.abs(actual[i] - expected[i]));
  return m;
}

const engines = [1, 2].map((threads) => ({ threads, G: OnnxGenerator.create(fromNvlabsKwargs(kwargs), weights, { threads }) }));
after(async () => {
  for (const e of engines) await e.G.release();
});

const z = npy('z.npy');
const count = z.shape[0];

for (const { threads, G } of engines) {
  for (const psi of [1, 0.5]) {
    test(`onnx mapping matches NVlabs ws for psi ${psi} (${threads} thread${threads > 1 ? 's' : ''})`, async () => {
      const ws = await G.mapZ(z.data, count, { psi });
      assert.ok(maxAbsError(ws, npy(psi === 1 ? 'ws.npy' : 'ws_psi05.npy').data) <= 1e-4);
    });
  }
  for (const c of [
    { psi: 1, noise: 'const', file: 'img.npy' },
    { psi: 0.5, noise: 'const', file: 'img_psi05.npy' },
    { psi: 1, noise: 'none', file: 'img_noise_none.npy' },
  ] as const) {
    test(`onnx synthesis matches NVlabs image for psi ${c.psi}, noise ${c.noise} (${threads} thread${threads > 1 ? 's' : ''})`, async () => {
      const img = await G.generate(z.data, count, { psi: c.psi, noise: c.noise });
      const err = maxAbsError(img, npy(c.file).data);
      assert.ok(err <= 1e-4, `max abs error ${err}`);
    });
  }
}

test('onnx truncation cutoff truncates only the first layers', async () => {
  const G = engines[0].G;
  const plain = await G.mapZ(z.data, count);
  const cut = await G.mapZ(z.data, count, { psi: 0.5, cutoff: 2 });
  const full = npy('ws_psi05.npy').data;
  const wDim = G.config.wDim;
  for (let l = 0; l < G.numWs; l++) {
    const row = (a: Float32Array): Float32Array => a.subarray(l * wDim, (l + 1) * wDim);
    assert.ok(maxAbsError(row(cut), row(l < 2 ? full : plain)) <= 1e-4, `layer ${l}`);
  }
});

test('onnx generator names the expected shape when z or ws has the wrong size', async () => {
  const G = engines[0].G;
  await assert.rejects(G.mapZ(new Float32Array(5), 1), /z has 5 values, expected 1 × 32/);
  await assert.rejects(G.synthesize(new Float32Array(7), 1, 'const'), /ws has 7 values, expected 1 × 8 × 48/);
  await assert.rejects(G.projectionStep(new Float32Array(8 * 48), [], new Float32Array(32 * 32), 1), /0 noise arrays given, the model has 7 synthesis layers/);
});
