// The TypeScript generator reproduces NVlabs stylegan2-ada-pytorch G_ema outputs (mapping and synthesis) for the
// same weights and z, to max abs error ≤ 1e-4, for ψ 1 and 0.5 and noise modes const and none.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { decodeNpy, toFloat32 } from '../../../../src-shared/io/npy.js';
import { setupTfjs } from '../../../../src-main/ml/backends.js';
import { decodeNpz } from '../../../../src-main/ml/npz.js';
import { fromNvlabsKwargs } from '../../../../src-main/ml/stylegan2/config.js';
import type { NvlabsGeneratorKwargs } from '../../../../src-main/ml/stylegan2/config.js';
import { generatorFromArrays, mapZ, synthesize, toNchw } from '../../../../src-main/ml/stylegan2/networks.js';
import type { Generator } from '../../../../src-main/ml/stylegan2/networks.js';
import type { NoiseMode } from '../../../../src-main/ml/stylegan2/synthesis.js';
import { fixturesDir } from '../../../support/data.js';

const dir = join(fixturesDir, 'nvlabs-reference');
const npy = (name: string): { shape: number[]; data: Float32Array } => {
  const a = decodeNpy(new Uint8Array(readFileSync(join(dir, name))));
  return { shape: a.shape, data: toFloat32(a) };
};

function maxAbsError(actual: tf.Tensor, expected: { shape: number[]; data: Float32Array }): number {
  assert.deepEqual(actual.shape, expected.shape);
  const a = actual.dataSync();
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - expected.data[i]));
  return m;
}

let G: Generator;
const backend = process.env.LATENTRAD_TEST_BACKEND === 'cpu' ? 'cpu' : 'wasm';

before(async () => {
  await setupTfjs({ only: backend });
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { generator_kwargs: NvlabsGeneratorKwargs; num_ws: number };
  const arrays = new Map([...decodeNpz(new Uint8Array(readFileSync(join(dir, 'G_ema_state_dict.npz'))), 'G_ema_state_dict.npz')].map(([k, v]) => [k, { shape: v.shape, data: toFloat32(v) }]));
  G = generatorFromArrays(fromNvlabsKwargs(config.generator_kwargs), arrays, 'G_ema_state_dict.npz');
  assert.equal(G.numWs, config.num_ws);
});

for (const psi of [1, 0.5]) {
  test(`mapping matches NVlabs ws for psi ${psi} (${backend})`, () => {
    const z = npy('z.npy');
    const ws = tf.tidy(() => mapZ(G, tf.tensor2d(z.data, z.shape as [number, number]), { psi }));
    const err = maxAbsError(ws, npy(psi === 1 ? 'ws.npy' : 'ws_psi05.npy'));
    ws.dispose();
    if (process.env.LATENTRAD_TEST_VERBOSE) console.log(`max abs error ${err}`);
    assert.ok(err <= 1e-4, `max abs error ${err}`);
  });
}

const imageCases: Array<{ psi: number; noise: NoiseMode; file: string }> = [
  { psi: 1, noise: 'const', file: 'img.npy' },
  { psi: 0.5, noise: 'const', file: 'img_psi05.npy' },
  { psi: 1, noise: 'none', file: 'img_noise_none.npy' },
];

for (const c of imageCases) {
  test(`synthesis matches NVlabs image for psi ${c.psi}, noise ${c.noise} (${backend})`, () => {
    const z = npy('z.npy');
    const img = tf.tidy(() => toNchw(synthesize(G, mapZ(G, tf.tensor2d(z.data, z.shape as [number, number]), { psi: c.psi }), { noiseMode: c.noise })));
    const err = maxAbsError(img, npy(c.file));
    img.dispose();
    if (process.env.LATENTRAD_TEST_VERBOSE) console.log(`max abs error ${err}`);
    assert.ok(err <= 1e-4, `max abs error ${err}`);
  });
}
