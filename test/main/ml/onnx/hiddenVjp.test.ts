// Gradients injected at G's hidden layers (synthesisVjp's dHidden, used by the encoder's content loss) are exact:
// the VJP's ⟨dWs, v⟩ equals the central finite difference of ⟨dImage, image⟩ + Σ_i ⟨dHidden_i, hidden_i⟩ along
// a random direction v, with hidden_i read from synthesizeHidden (the same graph outputs the encoder compares).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { decodeNpy, toFloat32 } from '../../../../src-shared/io/npy.js';
import { decodeNpz } from '../../../../src-main/ml/npz.js';
import { OnnxGenerator } from '../../../../src-main/ml/onnx/onnxGenerator.js';
import { fromNvlabsKwargs } from '../../../../src-main/ml/stylegan2/config.js';
import type { NvlabsGeneratorKwargs } from '../../../../src-main/ml/stylegan2/config.js';
import { Rng } from '../../../../src-main/ml/stylegan2/random.js';
import { fixturesDir } from '../../../support/data.js';

const dir = join(fixturesDir, 'nvlabs-reference');
const kwargs = (JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { generator_kwargs: NvlabsGeneratorKwargs }).generator_kwargs;
const weights = new Map([...decodeNpz(new Uint8Array(readFileSync(join(dir, 'G_ema_state_dict.npz'))), 'G_ema_state_dict.npz')].map(([k, v]) => [k, { shape: v.shape, data: toFloat32(v) }]));
const config = fromNvlabsKwargs(kwargs);
const count = 2;
const res = config.resolution;
const ws = toFloat32(decodeNpy(new Uint8Array(readFileSync(join(dir, 'ws.npy'))))).slice(0, count * 8 * 48);

let G: OnnxGenerator;
before(() => {
  G = OnnxGenerator.create(config, weights, { threads: 1 });
});
after(async () => G.release());

/** The stored noise buffers for every image: what synthesizeHidden's 'const' noise bakes in. */
function constNoise(): Float32Array[] {
  const names = [...weights.keys()].filter((k) => k.endsWith('noise_const'));
  return names.map((name) => {
    const one = weights.get(name)!.data;
    const all = new Float32Array(count * one.length);
    for (let n = 0; n < count; n++) all.set(one, n * one.length);
    return all;
  });
}

const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, v, i) => s + v * b[i], 0);

test('hiddenShapes matches the hidden outputs of synthesizeHidden, and its image equals synthesize', async () => {
  const { image, hidden } = await G.synthesizeHidden(ws, count, 'const');
  assert.deepEqual(hidden.map((h) => h.length), G.hiddenShapes.map((s) => count * s.channels * s.res * s.res));
  assert.deepEqual(image, await G.synthesize(ws, count, 'const'));
});

test('synthesisVjp with dHidden equals the finite difference of the image and hidden-layer inner products', async () => {
  const rng = new Rng(3);
  const dImage = rng.normalArray(count * res * res);
  const dHidden = G.hiddenShapes.map((s) => rng.normalArray(count * s.channels * s.res * s.res));
  const vjp = await G.synthesisVjp(ws, constNoise(), dImage, count, dHidden);
  const f = async (x: Float32Array): Promise<number> => {
    const { image, hidden } = await G.synthesizeHidden(x, count, 'const');
    return dot(dImage, image) + hidden.reduce((s, h, i) => s + dot(dHidden[i], h), 0);
  };
  const v = rng.normalArray(ws.length);
  // Leaky-ReLU kinks crossed by the step and float32 rounding limit the finite difference to a few percent.
  const eps = 1e-3;
  const fd = ((await f(ws.map((x, i) => x + eps * v[i]))) - (await f(ws.map((x, i) => x - eps * v[i])))) / (2 * eps);
  const analytic = dot(vjp.dWs, v);
  assert.ok(Math.abs(analytic - fd) <= 0.05 * Math.abs(fd), `⟨dWs, v⟩ ${analytic} vs finite difference ${fd}`);
  // Without the hidden gradients the result differs: the injected terms are not silently dropped.
  const plain = await G.synthesisVjp(ws, constNoise(), dImage, count);
  assert.ok(Math.abs(dot(plain.dWs, v) - analytic) > 0.2 * Math.abs(analytic), 'dHidden changed nothing');
});

test('synthesisVjp refuses hidden gradients of the wrong count or size', async () => {
  const dImage = new Float32Array(count * res * res);
  await assert.rejects(G.synthesisVjp(ws, constNoise(), dImage, count, [new Float32Array(1)]), /hidden gradients given/);
  const wrong = G.hiddenShapes.map((s) => new Float32Array(count * s.channels * s.res * s.res));
  wrong[0] = new Float32Array(3);
  await assert.rejects(G.synthesisVjp(ws, constNoise(), dImage, count, wrong), /dHidden 0 has 3 values/);
});
