// Model directories: a written directory reads back identically; broken manifests fail with the file and reason.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ApiError } from '../../../../src-shared/api/errors.js';
import { generatorParamSpecs } from '../../../../src-main/ml/stylegan2/params.js';
import { resolveConfig } from '../../../../src-main/ml/stylegan2/config.js';
import { readManifest, readModelDir, writeModelDir } from '../../../../src-main/ml/stylegan2/modelDir.js';

const work = mkdtempSync(join(tmpdir(), 'latentrad-modeldir-'));
after(() => rmSync(work, { recursive: true, force: true }));

const config = resolveConfig({ resolution: 8, zDim: 4, wDim: 4, mappingLayers: 1, channelBase: 32, channelMax: 4 });

function fakeWeights(): Map<string, { shape: number[]; data: Float32Array }> {
  return new Map(generatorParamSpecs(config).map((s, i) => {
    const n = s.shape.reduce((a, b) => a * b, 1);
    return [s.name, { shape: s.shape, data: new Float32Array(n).fill(i / 10) }];
  }));
}

test('a written model directory reads back with the same weights and w_avg in model.json', async () => {
  const dir = join(work, 'm1');
  const weights = fakeWeights();
  await writeModelDir(dir, { name: 'tiny', config, generator: weights, provenance: { source: 'latentrad-random', description: 'test', createdAt: '2026-01-01T00:00:00Z', tool: 'test' } });
  const model = await readModelDir(dir);
  assert.equal(model.manifest.name, 'tiny');
  assert.equal(model.manifest.numWs, 4);
  assert.deepEqual(model.config, config);
  assert.deepEqual(model.manifest.wAvg, Array.from(weights.get('mapping.w_avg')!.data));
  for (const [name, t] of weights) assert.deepEqual(model.generator.get(name), t, name);
});

test('a missing model.json is not_found and names the path', async () => {
  await assert.rejects(readManifest(join(work, 'nowhere')), (e: ApiError) => e.code === 'not_found' && e.message.includes('model.json'));
});

test('a manifest whose numWs disagrees with the architecture is bad_input', async () => {
  const dir = join(work, 'm2');
  await writeModelDir(dir, { name: 'tiny', config, generator: fakeWeights(), provenance: { source: 'latentrad-random', description: 't', createdAt: 'now', tool: 't' } });
  const manifest = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(dir, 'model.json'), JSON.stringify({ ...manifest, numWs: 99 }));
  await assert.rejects(readManifest(dir), (e: ApiError) => e.code === 'bad_input' && /numWs 99/.test(e.message));
  writeFileSync(join(dir, 'model.json'), '{not json');
  await assert.rejects(readManifest(dir), (e: ApiError) => e.code === 'bad_input' && /not valid JSON/.test(e.message));
  writeFileSync(join(dir, 'model.json'), JSON.stringify({ ...manifest, weights: { generator: '../../etc/passwd' } }));
  await assert.rejects(readModelDir(dir), (e: ApiError) => e.code === 'bad_input' && /plain file name/.test(e.message));
});

test('corrupt weights are bad_input naming the safetensors file', async () => {
  const dir = join(work, 'm3');
  await writeModelDir(dir, { name: 'tiny', config, generator: fakeWeights(), provenance: { source: 'latentrad-random', description: 't', createdAt: 'now', tool: 't' } });
  writeFileSync(join(dir, 'generator.safetensors'), Buffer.from([1, 2, 3]));
  await assert.rejects(readModelDir(dir), (e: ApiError) => e.code === 'bad_input' && e.message.includes('generator.safetensors'));
});
