// The onnx training phases (Gmain, Dmain, Dreg with its exact double backward) give the same losses and parameter
// gradients as tfjs autodiff through the tfjs networks, augmentation and losses, on a tiny configuration with ADA
// firing (transposes, resampling, gain/offset), style mixing and noise: ≤ 1e-4 relative to each gradient's size.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs';
import { setupTfjs } from '../../../../src-main/ml/backends.js';
import { buildDmainGraph, buildDregGraph, buildGmainGraph, noiseResolutions } from '../../../../src-main/ml/onnx/trainingGraphs.js';
import { mapping } from '../../../../src-main/ml/stylegan2/mapping.js';
import { discriminate, synthesize } from '../../../../src-main/ml/stylegan2/networks.js';
import { Rng } from '../../../../src-main/ml/stylegan2/random.js';
import { applyAugment, drawAugment } from '../../../../src-main/ml/training/ada.js';
import type { AugmentDraw } from '../../../../src-main/ml/training/ada.js';
import { discriminatorLoss, generatorLoss, r1Loss, r1Penalty } from '../../../../src-main/ml/training/losses.js';
import { augmentFeeds } from '../../../../src-main/ml/training/onnxStep.js';
import { Trainer, trainableParams } from '../../../../src-main/ml/training/trainer.js';
import { trainingConfigSchema } from '../../../../src-shared/api/training.js';

const res = 16;
const batch = 4;
let trainer: Trainer;
const rng = new Rng(11);

before(async () => {
  await setupTfjs({ only: 'cpu' });
  const config = trainingConfigSchema.parse({ dataset: 'parity', out: 'parity', resolution: res, kimg: 1, batch, network: { zDim: 8, wDim: 8, mappingLayers: 2, channelBase: 128, channelMax: 16, mbstdGroupSize: 2 } });
  trainer = Trainer.create(config, 1);
  // Fresh networks have zero biases and noise strengths; random values exercise every gradient path.
  for (const net of [trainer.G, trainer.D]) {
    for (const [name, v] of net.params) if (/(bias|noise_strength)$/.test(name)) v.assign(tf.tensor(rng.normalArray(v.size, 0.2), v.shape));
  }
});

const shapes = (): { config: Trainer['netConfig']; batch: number } => ({ config: trainer.netConfig, batch });
const z = rng.normalArray(batch * 8);
const z2 = rng.normalArray(batch * 8);
const cutoff = 2;
const noise = (): Float32Array[] => noiseResolutions(trainer.netConfig).map((r) => new Rng(r).normalArray(batch * r * r));
const draw = (seed: number): AugmentDraw => drawAugment(new Rng(seed), batch, res, 0.8);
const real = new Rng(3).normalArray(batch * res * res, 0.5);

function paramFeeds(prefix: string, net: Trainer['G'] | Trainer['D']): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, v] of trainableParams(net)) feeds[`${prefix}:${name}`] = new ort.Tensor('float32', v.dataSync() as Float32Array, [...v.shape]);
  return feeds;
}

function generatorFeeds(): Record<string, ort.Tensor> {
  const count = trainer.G.numWs;
  const feeds: Record<string, ort.Tensor> = {
    z: new ort.Tensor('float32', z, [batch, 8]),
    z2: new ort.Tensor('float32', z2, [batch, 8]),
    mix: new ort.Tensor('float32', Float32Array.from({ length: count }, (_, i) => (i < cutoff ? 1 : 0)), [count]),
  };
  noise().forEach((n, j) => {
    const r = noiseResolutions(trainer.netConfig)[j];
    feeds[`noise${j}`] = new ort.Tensor('float32', n, [batch, 1, r, r]);
  });
  return feeds;
}

/** tfjs G(z) with the same mixing and noise (NHWC; one channel, so the memory layout equals NCHW). */
function tfjsFake(): tf.Tensor4D {
  const ws1 = mapping(trainer.G.params, trainer.netConfig, tf.tensor2d(z, [batch, 8]));
  const ws2 = mapping(trainer.G.params, trainer.netConfig, tf.tensor2d(z2, [batch, 8]));
  const count = trainer.G.numWs;
  const ws = tf.concat([tf.slice(ws1, [0, 0, 0], [batch, cutoff, 8]), tf.slice(ws2, [0, cutoff, 0], [batch, count - cutoff, 8])], 1) as tf.Tensor3D;
  const noiseTensors = noise().map((n, j) => {
    const r = noiseResolutions(trainer.netConfig)[j];
    return tf.tensor4d(n, [batch, r, r, 1]);
  });
  return synthesize(trainer.G, ws, { noise: noiseTensors });
}

async function run(bytes: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 2 });
  const out = await session.run(feeds);
  await session.release();
  return out;
}

/** ≤ 1e-4 of the tensor's own largest value; tiny tensors (below `floor`) are held to 1e-4 of the floor. */
function assertClose(name: string, onnx: ArrayLike<number>, reference: ArrayLike<number>, floor = 1e-3): void {
  assert.equal(onnx.length, reference.length, `${name}: length`);
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < reference.length; i++) {
    scale = Math.max(scale, Math.abs(reference[i]));
    diff = Math.max(diff, Math.abs(onnx[i] - reference[i]));
  }
  assert.ok(diff <= 1e-4 * Math.max(scale, floor), `${name}: max difference ${diff} for values up to ${scale}`);
}

/**
 * Each gradient ≤ 1e-4 relative to its own size, or to 10% of the phase's largest gradient when smaller: R1's
 * bias gradients are ~1000× smaller than its weight gradients (they act only through minibatch stddev) and
 * come out of float32 cancellation with ~1e-3 relative noise on both engines.
 */
function compareGrads(out: Record<string, ort.Tensor>, grads: tf.NamedTensorMap, params: Map<string, tf.Variable>, omitted: 'none' | 'zero'): void {
  let largest = 0;
  for (const v of params.values()) for (const x of grads[v.name]?.dataSync() ?? []) largest = Math.max(largest, Math.abs(x));
  for (const [name, v] of params) {
    const reference = grads[v.name]?.dataSync() ?? new Float32Array(v.size);
    const g = out[`grad:${name}`];
    if (!g && omitted === 'zero') {
      assert.ok(reference.every((x) => Math.abs(x) < 1e-7), `${name}: omitted by the graph but tfjs gives a non-zero gradient`);
      continue;
    }
    assert.ok(g, `${name}: the graph gives a gradient`);
    assertClose(name, g.data as Float32Array, reference, 0.1 * largest);
  }
}

test('Gmain: loss and every G gradient equal tfjs autodiff through D(augment(G(z)))', async () => {
  const d = draw(5);
  const out = await run(buildGmainGraph(shapes()), { ...paramFeeds('G', trainer.G), ...paramFeeds('D', trainer.D), ...generatorFeeds(), ...augmentFeeds('aug', d, 1, res) });
  const params = trainableParams(trainer.G);
  const { value, grads } = tf.variableGrads(() => generatorLoss(discriminate(trainer.D, applyAugment(tfjsFake(), d))), [...params.values()]);
  assertClose('loss', out.loss.data as Float32Array, value.dataSync());
  compareGrads(out, grads, params, 'none');
});

test('Dmain: loss, real logits and every D gradient equal tfjs autodiff of the logistic loss', async () => {
  const [df, dr] = [draw(6), draw(7)];
  const realFeed = new ort.Tensor('float32', real, [batch, 1, res, res]);
  const out = await run(buildDmainGraph(shapes()), { ...paramFeeds('G', trainer.G), ...paramFeeds('D', trainer.D), ...generatorFeeds(), real: realFeed, ...augmentFeeds('fake', df, 1, res), ...augmentFeeds('real', dr, 1, res) });
  const params = trainableParams(trainer.D);
  const fake = tfjsFake();
  const realT = tf.tensor4d(real, [batch, res, res, 1]);
  const { value, grads } = tf.variableGrads(() => discriminatorLoss(discriminate(trainer.D, applyAugment(fake, df)), discriminate(trainer.D, applyAugment(realT, dr))), [...params.values()]);
  assertClose('loss', out.loss.data as Float32Array, value.dataSync());
  assertClose('realLogits', out.realLogits.data as Float32Array, discriminate(trainer.D, applyAugment(realT, dr)).dataSync());
  compareGrads(out, grads, params, 'none');
});

test('Dreg: R1 penalty and its D gradient (double backward through D and the augmentation) equal tfjs', async () => {
  const d = draw(8);
  const gamma = 0.5;
  const interval = 4;
  const out = await run(buildDregGraph(shapes(), gamma, interval), { ...paramFeeds('D', trainer.D), real: new ort.Tensor('float32', real, [batch, 1, res, res]), ...augmentFeeds('aug', d, 1, res) });
  const params = trainableParams(trainer.D);
  const realT = tf.tensor4d(real, [batch, res, res, 1]);
  let penaltyMean = 0;
  const { grads } = tf.variableGrads(() => {
    const penalty = r1Penalty((x) => discriminate(trainer.D, applyAugment(x, d)), realT);
    penaltyMean = tf.mean(penalty).dataSync()[0];
    return r1Loss(penalty, gamma, interval);
  }, [...params.values()]);
  assertClose('penalty', out.penalty.data as Float32Array, [penaltyMean]);
  compareGrads(out, grads, params, 'zero');
});
