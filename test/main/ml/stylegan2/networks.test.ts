// Network construction: NVlabs names and shapes, NVlabs-style initialisation, shapes of outputs, truncation cutoff,
// and a save → load round trip through a model directory that reproduces the same images.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setupTfjs } from '../../../../src-main/ml/backends.js';
import { channelsAt, numWs, resolveConfig } from '../../../../src-main/ml/stylegan2/config.js';
import { createDiscriminator, createGenerator, discriminate, disposeNetwork, generate, generatorFromArrays, mapZ, networkArrays, trainableVariables } from '../../../../src-main/ml/stylegan2/networks.js';
import { discriminatorParamSpecs } from '../../../../src-main/ml/stylegan2/specs.js';
import { readModelDir, writeModelDir } from '../../../../src-main/ml/stylegan2/modelDir.js';

const tiny = { resolution: 16, imgChannels: 1, zDim: 8, wDim: 8, mappingLayers: 2, channelBase: 64, channelMax: 8 };
const work = mkdtempSync(join(tmpdir(), 'latentrad-nets-'));

before(async () => {
  await setupTfjs({ only: 'wasm' });
});
after(() => rmSync(work, { recursive: true, force: true }));

test('channel counts and num_ws follow NVlabs: min(base/res, max), 2 per block + 2', () => {
  const c = resolveConfig({ resolution: 256, channelBase: 16384, channelMax: 512 });
  assert.deepEqual([4, 8, 16, 32, 64, 128, 256].map((r) => channelsAt(c, r)), [512, 512, 512, 512, 256, 128, 64]);
  assert.equal(numWs(c), 14);
  assert.equal(numWs(resolveConfig({ resolution: 32 })), 8);
});

test('invalid configurations are refused with the reason', () => {
  assert.throws(() => resolveConfig({ resolution: 48 }), /power of two/);
  assert.throws(() => resolveConfig({ cDim: 3 }), /conditional/);
  assert.throws(() => resolveConfig({ channelBase: 2, channelMax: 8, resolution: 64 }), /no channels/);
});

test('the discriminator has NVlabs D.state_dict() names and shapes (resnet, 16 px)', () => {
  const specs = new Map(discriminatorParamSpecs(resolveConfig(tiny)).map((s) => [s.name, s.shape]));
  assert.deepEqual(specs.get('b16.fromrgb.weight'), [4, 1, 1, 1]);
  assert.deepEqual(specs.get('b16.skip.weight'), [8, 4, 1, 1]);
  assert.equal(specs.has('b16.skip.bias'), false);
  assert.deepEqual(specs.get('b16.conv1.weight'), [8, 4, 3, 3]);
  assert.deepEqual(specs.get('b8.conv0.weight'), [8, 8, 3, 3]);
  assert.equal(specs.has('b8.fromrgb.weight'), false, 'only the first resnet block has fromRGB');
  assert.deepEqual(specs.get('b4.conv.weight'), [8, 9, 3, 3], 'minibatch-stddev channel included');
  assert.deepEqual(specs.get('b4.fc.weight'), [8, 8 * 16]);
  assert.deepEqual(specs.get('b4.out.weight'), [1, 8]);
  assert.deepEqual(specs.get('b16.conv0.resample_filter'), [4, 4]);
});

test('initialisation is NVlabs-like: mapping weights ~N(0, 1/lrMul²), affine biases 1, noise strengths 0, w_avg 0', () => {
  const G = createGenerator(tiny, 11);
  const std = (name: string): number => tf.tidy(() => Math.sqrt(tf.moments(G.params.get(name)!).variance.dataSync()[0]));
  assert.ok(Math.abs(std('mapping.fc1.weight') - 100) < 30);
  assert.ok(Math.abs(std('synthesis.b16.conv1.weight') - 1) < 0.2);
  assert.deepEqual(Array.from(G.params.get('synthesis.b8.conv0.affine.bias')!.dataSync()), new Array(8).fill(1));
  assert.equal(G.params.get('synthesis.b8.conv0.noise_strength')!.dataSync()[0], 0);
  assert.deepEqual(Array.from(G.params.get('mapping.w_avg')!.dataSync()), new Array(8).fill(0));
  assert.ok(!trainableVariables(G).some((v) => v.name.includes('w_avg') || v.name.includes('noise_const') || v.name.includes('resample_filter')));
  disposeNetwork(G);
});

test('the same seed gives the same networks; different seeds differ', () => {
  const [a, b, c] = [createGenerator(tiny, 5), createGenerator(tiny, 5), createGenerator(tiny, 6)];
  const first = (g: typeof a): number => g.params.get('synthesis.b4.const')!.dataSync()[0];
  assert.equal(first(a), first(b));
  assert.notEqual(first(a), first(c));
  [a, b, c].forEach(disposeNetwork);
});

test('generate and discriminate produce the documented shapes', () => {
  const G = createGenerator(tiny, 1);
  const D = createDiscriminator(tiny, 2);
  const img = generate(G, tf.randomNormal([4, 8]) as tf.Tensor2D, { noiseMode: 'random' });
  assert.deepEqual(img.shape, [4, 16, 16, 1]);
  assert.deepEqual(discriminate(D, img).shape, [4, 1]);
  disposeNetwork(G);
  disposeNetwork(D);
});

test('truncation with a cutoff changes only the first layers', () => {
  const G = createGenerator(tiny, 1);
  G.params.get('mapping.w_avg')!.assign(tf.ones([8]));
  const z = tf.randomNormal([2, 8]) as tf.Tensor2D;
  const full = mapZ(G, z);
  const cut = mapZ(G, z, { psi: 0.5, cutoff: 2 });
  const diff = tf.sum(tf.abs(tf.sub(full, cut)), [0, 2]).dataSync();
  assert.ok(diff[0] > 0 && diff[1] > 0);
  assert.deepEqual(Array.from(diff.slice(2)), new Array(G.numWs - 2).fill(0));
  disposeNetwork(G);
});

test('a generator saved to a model directory and loaded back generates identical images', async () => {
  const G = createGenerator(tiny, 9);
  const dir = join(work, 'roundtrip');
  await writeModelDir(dir, { name: 'rt', config: G.config, generator: await networkArrays(G), provenance: { source: 'latentrad-random', description: 'test', createdAt: 'now', tool: 'test' } });
  const loaded = await readModelDir(dir);
  const H = generatorFromArrays(loaded.config, loaded.generator, dir);
  const z = tf.randomNormal([2, 8], 0, 1, 'float32', 3) as tf.Tensor2D;
  const a = generate(G, z, { noiseMode: 'const' }).dataSync();
  const b = generate(H, z, { noiseMode: 'const' }).dataSync();
  assert.deepEqual(Array.from(a), Array.from(b));
  disposeNetwork(G);
  disposeNetwork(H);
});

test('loading weights with a wrong shape names the tensor and both shapes', async () => {
  const G = createGenerator(tiny, 9);
  const arrays = await networkArrays(G);
  arrays.set('mapping.fc0.bias', { shape: [7], data: new Float32Array(7) });
  assert.throws(() => generatorFromArrays(G.config, arrays, 'x.safetensors'), /x\.safetensors: .*mapping\.fc0\.bias has shape \[7\] but the architecture needs \[8\]/);
  disposeNetwork(G);
});

test('saveModel/loadModel round-trip G and D with identical outputs', async () => {
  const { loadModel, saveModel } = await import('../../../../src-main/ml/stylegan2/modelIo.js');
  const G = createGenerator(tiny, 21);
  const D = createDiscriminator(tiny, 22);
  const dir = join(work, 'gd');
  await saveModel(dir, { name: 'gd', G, D, provenance: { source: 'latentrad-random', description: 'test', createdAt: 'now', tool: 'test' } });
  const loaded = await loadModel(dir);
  assert.ok(loaded.D);
  const img = tf.randomNormal([2, 16, 16, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
  assert.deepEqual(Array.from(discriminate(loaded.D, img).dataSync()), Array.from(discriminate(D, img).dataSync()));
  [G, D, loaded.G, loaded.D].forEach(disposeNetwork);
});
