// scripts/export_stylegan2_ada.py --state-dict (.npz) writes a model directory whose generator reproduces NVlabs'
// reference images; skipped when python3 with numpy is not installed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { decodeNpy, toFloat32 } from '../../src-shared/io/npy.js';
import { setupTfjs } from '../../src-main/ml/backends.js';
import { generatorFromArrays, disposeNetwork, mapZ, synthesize, toNchw } from '../../src-main/ml/stylegan2/networks.js';
import { readModelDir } from '../../src-main/ml/stylegan2/modelDir.js';
import { fixturesDir, repoRoot } from '../support/data.js';

const script = join(repoRoot, 'scripts', 'export_stylegan2_ada.py');
const reference = join(fixturesDir, 'nvlabs-reference');
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
const skip = hasNumpy ? false : 'skipped: python3 with numpy is not installed';
const work = mkdtempSync(join(tmpdir(), 'latentrad-export-'));
after(() => rmSync(work, { recursive: true, force: true }));

function runExporter(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('python3', [script, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('exporting the reference state dict gives a model directory that matches NVlabs output', { skip }, async () => {
  const out = join(work, 'ref-model');
  const r = runExporter(['--state-dict', join(reference, 'G_ema_state_dict.npz'), '--config', join(reference, 'config.json'), '--out', out, '--name', 'reference']);
  assert.equal(r.status, 0, r.stderr);
  const model = await readModelDir(out);
  assert.equal(model.manifest.name, 'reference');
  assert.equal(model.manifest.provenance.source, 'nvlabs-state-dict');
  assert.equal(model.manifest.numWs, 8);
  assert.match(model.manifest.provenance.inputSha256 ?? '', /^[0-9a-f]{64}$/);
  await setupTfjs({ only: 'wasm' });
  const G = generatorFromArrays(model.config, model.generator, out);
  const z = decodeNpy(new Uint8Array(readFileSync(join(reference, 'z.npy'))));
  const expected = toFloat32(decodeNpy(new Uint8Array(readFileSync(join(reference, 'img.npy')))));
  const img = tf.tidy(() => toNchw(synthesize(G, mapZ(G, tf.tensor2d(toFloat32(z), z.shape as [number, number])), { noiseMode: 'const' })));
  const actual = img.dataSync();
  let err = 0;
  for (let i = 0; i < actual.length; i++) err = Math.max(err, Math.abs(actual[i] - expected[i]));
  img.dispose();
  disposeNetwork(G);
  assert.ok(err <= 1e-4, `max abs error ${err}`);
});

test('the exporter refuses a state dict without --config, naming the flag', { skip }, () => {
  const r = runExporter(['--state-dict', join(reference, 'G_ema_state_dict.npz'), '--out', join(work, 'x')]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /--config/);
});

test('the exporter refuses a state dict that is not a generator', { skip }, () => {
  const bad = join(work, 'bad.npz');
  const make = spawnSync('python3', ['-c', `import numpy as np; np.savez(${JSON.stringify(bad)}, weight=np.zeros(3, np.float32))`]);
  assert.equal(make.status, 0);
  const r = runExporter(['--state-dict', bad, '--config', join(reference, 'config.json'), '--out', join(work, 'y')]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /mapping\.w_avg/);
});
