// Encoder lookup: a model's shipped encoder comes first, user-trained encoders of the same generator follow, and a
// continued run says which encoder it started from (the listing the CLI and the Models panel print).
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { dataEncoders, modelEncoders, shippedEncoderDir } from '../../../../src-main/ml/encoder/registry.js';

const modelsRoot = join(import.meta.dirname, '..', '..', '..', '..', 'assets', 'models');
const embedded = (id: string) => ({ id, dir: join(modelsRoot, id), location: 'embedded' as const });

test('the default IXI model lists its shipped encoder with the continuation it came from and its held-out report', () => {
  const [shipped, ...rest] = modelEncoders(embedded('ixi-t1-64-train130'), []);
  assert.equal(rest.length, 0);
  assert.equal(shipped.dir, shippedEncoderDir(join(modelsRoot, 'ixi-t1-64-train130')));
  assert.equal(shipped.summary.name, 'ixi-t1-64-train130');
  assert.equal(shipped.summary.location, 'embedded');
  assert.match(shipped.summary.initFrom ?? '', /5000 iterations/);
  // The shipped report is the issue's measurement: one-pass SSIM of the 20 held-out subjects' 458 slices.
  assert.equal(shipped.summary.report?.heldOut.subjects, 20);
  assert.equal(shipped.summary.report?.real.count, 458);
  assert.ok((shipped.summary.report?.real.meanSsim ?? 0) >= 0.75, `held-out mean SSIM ${shipped.summary.report?.real.meanSsim}`);
});

test('a user-trained encoder of the same generator follows the shipped one; a run from scratch has no initFrom', (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'lr-encoders-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const own = join(dataDir, 'encoders', 'mine');
  cpSync(shippedEncoderDir(join(modelsRoot, 'ixi-t1-64')), own, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(own, 'encoder.json'), 'utf8')) as { name: string; training: Record<string, unknown> };
  manifest.name = 'mine';
  delete manifest.training.initFrom;
  writeFileSync(join(own, 'encoder.json'), JSON.stringify(manifest));
  const listed = modelEncoders(embedded('ixi-t1-64'), dataEncoders(dataDir));
  assert.deepEqual(listed.map((e) => [e.summary.name, e.summary.location, e.summary.initFrom]), [['ixi-t1-64', 'embedded', null], ['mine', 'data', null]]);
  // Another generator's encoder is not listed with this model.
  assert.equal(modelEncoders(embedded('chest-xray-64'), dataEncoders(dataDir)).length, 0);
});
