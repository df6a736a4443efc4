// Encoding into a latent set with the shipped IXI encoder: the files projection writes (latents.npy N×num_ws×w_dim,
// index.csv with each row's SSIM/MSE, meta.json with method `encode`, projected_w/<row>.npz, projections.npy), and a
// generator image G(w_avg) reconstructed closely by one pass.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { encodeLatentSet } from '../../../src-main/encoder/latentSet.js';
import { readNpySync } from '../../../src-main/io/npyFile.js';
import { setupTfjs } from '../../../src-main/ml/backends.js';
import { OnnxGenerator } from '../../../src-main/ml/onnx/onnxGenerator.js';
import { readModelDir } from '../../../src-main/ml/stylegan2/modelDir.js';
import { repoRoot } from '../../support/data.js';

const modelDir = join(repoRoot, 'assets', 'models', 'ixi-t1-64');
const temp = mkdtempSync(join(tmpdir(), 'encoder-latent-set-'));
before(async () => {
  await setupTfjs({ only: 'wasm' });
});
after(() => rmSync(temp, { recursive: true, force: true }));

async function generatorImage(): Promise<Float32Array> {
  const model = await readModelDir(modelDir);
  const G = OnnxGenerator.create(model.config, model.generator, { threads: 1, source: modelDir });
  try {
    const w = new Float32Array(model.manifest.numWs * model.config.wDim);
    for (let k = 0; k < model.manifest.numWs; k++) w.set(model.manifest.wAvg, k * model.config.wDim);
    return Float32Array.from(await G.synthesize(w, 1, 'const'));
  } finally {
    await G.release();
  }
}

test('encoding writes a latent set like projection\'s, method encode, and reconstructs a generator image closely', async () => {
  const image = await generatorImage();
  const row = { item: 'G(w_avg)', entity: 'image', axis: '', slice: null, subject: 'synthetic' };
  const result = await encodeLatentSet({
    dir: temp,
    modelDir,
    encoderDir: join(modelDir, 'encoder'),
    model: { id: 'ixi-t1-64', name: 'ixi-t1-64', location: 'assets' },
    targets: { data: image, count: 1, rows: [row], preparation: { source: 'as-given' } },
    threads: 1,
  });
  const latents = readNpySync(join(temp, 'latents.npy'));
  assert.deepEqual(latents.shape, [1, 10, 64]);
  assert.deepEqual(readNpySync(join(temp, 'projections.npy')).shape, [1, 1, 64, 64]);
  assert.ok(existsSync(join(temp, 'projected_w', '0000.npz')));
  const meta = JSON.parse(readFileSync(join(temp, 'meta.json'), 'utf8')) as { method: string; space: string; synthetic: boolean; model: { generatorSha256: string }; encoder: { iterations: number } };
  assert.equal(meta.method, 'encode');
  assert.equal(meta.space, 'wplus');
  assert.equal(meta.synthetic, true);
  assert.equal(meta.model.generatorSha256.length, 64);
  assert.ok(meta.encoder.iterations > 0);
  const csv = readFileSync(join(temp, 'index.csv'), 'utf8').trim().split('\n');
  assert.equal(csv.length, 2);
  assert.equal(Number(csv[1].split(',')[6]).toFixed(4), result.metrics[0].ssim.toFixed(4));
  // A generator image lies in the encoder's training range (the synthetic cycle): one pass reconstructs it well.
  assert.ok(result.metrics[0].ssim > 0.6, `SSIM of E's reconstruction of G(w_avg): ${result.metrics[0].ssim}`);
  assert.ok(result.secondsPerImage.encode > 0 && result.secondsPerImage.encodeAndSynthesis >= result.secondsPerImage.encode);
});
