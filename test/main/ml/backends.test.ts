// Backend probing and selection: preference order, native packages without their binding, wasm setup.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { preferredBackend, probeBackends, setupTfjs } from '../../../src-main/ml/backends.js';

test('native backends count only with their native binding; preference is gpu, native, wasm, cpu', () => {
  const all = probeBackends(() => 'resolved', () => true);
  assert.deepEqual(all.map((s) => s.name), ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
  assert.equal(preferredBackend(all), 'tensorflow-gpu');
  const noBinding = probeBackends(() => 'resolved', () => false);
  assert.equal(noBinding[0].available, false);
  assert.match(noBinding[1].reason ?? '', /without its native library/);
  assert.equal(preferredBackend(noBinding), 'wasm');
  const missing = probeBackends((name) => {
    if (name.includes('tfjs-node')) throw new Error('not found');
    return 'resolved';
  });
  assert.match(missing[0].reason ?? '', /not installed/);
});

test('setupTfjs loads the wasm backend with SIMD, the composed kernels and the zero gradients', async () => {
  const setup = await setupTfjs({ only: 'wasm' });
  assert.equal(setup.backend, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.equal(setup.simd, true);
  assert.ok(tf.getKernel('Conv2DBackpropFilter', 'wasm'), 'Conv2DBackpropFilter registered for wasm');
  assert.ok(tf.getGradient('Greater'), 'zero gradient for Greater registered');
  assert.ok(tf.getGradient('Less'), 'zero gradient for Less registered');
});
