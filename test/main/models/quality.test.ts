// Proves models.quality: a model without quality.json has no curve (null), a model's quality.json is returned as
// stored, and a damaged one is an error naming the file and the reason; import carries the file along. Also: the
// embedded brain model is listed first, so the panels preselect it with the chest model installed beside it.
import assert from 'node:assert/strict';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { QualityFile } from '../../../src-shared/api/modelQuality.js';
import { openRuntime } from '../../../src-main/cli/runtime.js';
import type { CliRuntime } from '../../../src-main/cli/runtime.js';
import { repoRoot } from '../../support/data.js';
import { tempDirs } from '../../support/tempDirs.js';

const temp = tempDirs('latentrad-model-quality-');
let rt: CliRuntime;
let modelDir: string;
const curve: QualityFile = {
  format: 'latentrad-quality',
  formatVersion: 1,
  protocol: 'SWD 500 images per side; 8 held-out images, W+ 200 steps',
  points: [{ kimg: 2, swdLevels: [{ resolution: 64, swd: 40 }], swdMean: 40, swdImages: 500, ssimMean: 0.5, ssimMin: 0.4, ssimMax: 0.6, mseMean: 0.02, holdoutImages: 8, steps: 200 }],
};

before(() => {
  rt = openRuntime({ dataDir: temp() });
  modelDir = join(temp(), 'model');
  cpSync(join(repoRoot, 'assets', 'models', 'ixi-t1-64'), modelDir, { recursive: true, filter: (src) => !src.endsWith('quality.json') });
});
after(() => rt.close());

test('a model without quality.json has no curve', async () => {
  assert.deepEqual(await rt.client.call('models.quality', { model: modelDir }), { quality: null });
});

test("a model's quality.json is returned as stored, and importing the model keeps it", async () => {
  writeFileSync(join(modelDir, 'quality.json'), JSON.stringify(curve));
  assert.deepEqual(await rt.client.call('models.quality', { model: modelDir }), { quality: curve });
  const { model } = await rt.client.call('models.import', { path: modelDir, name: 'with-curve' });
  assert.deepEqual(await rt.client.call('models.quality', { model: model.id }), { quality: curve });
});

test('a damaged quality.json is an error naming the file and the reason', async () => {
  const dir = join(temp(), 'damaged');
  cpSync(modelDir, dir, { recursive: true });
  writeFileSync(join(dir, 'quality.json'), '{"format": "latentrad-quality"');
  await assert.rejects(rt.client.call('models.quality', { model: dir }), (e: Error) => e.message.includes(join(dir, 'quality.json')) && /not JSON/.test(e.message));
  writeFileSync(join(dir, 'quality.json'), JSON.stringify({ ...curve, points: [{ kimg: 'two' }] }));
  await assert.rejects(rt.client.call('models.quality', { model: dir }), /quality\.json: not a LatentRad quality file \(points\.0\.kimg: /);
});

test('the better embedded brain model (trained on the 130 subjects not held out) is listed first (panels preselect it), the others after it', async () => {
  const { models } = await rt.client.call('models.list', {});
  const embedded = models.filter((m) => m.location === 'embedded').map((m) => m.name);
  assert.equal(models[0].name, 'ixi-t1-64-train130');
  assert.ok(embedded.includes('ixi-t1-64'), `embedded models: ${embedded.join(', ')}`);
  assert.ok(embedded.includes('chest-xray-64'), `embedded models: ${embedded.join(', ')}`);
});
