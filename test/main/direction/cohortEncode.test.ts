// Cohort codes with an encoder (issue 14): `direction.cohort --method encode` runs the real projection service with
// the embedded IXI model's shipped encoder (one pass in the projection worker), writes a latent set whose meta.json
// names the method and the encoder's space, caches the codes under the method (a second cohort reuses them, a
// projection cohort does not), and a model without an encoder or an unknown encoder is refused in the call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppContext } from '../../../src-main/base/context.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { createLocalClient } from '../../../src-main/api/localClient.js';
import { jobsOf } from '../../../src-main/jobs/manager.js';
import { resultFile } from '../../../src-main/results/store.js';
import { cohortBuiltSchema } from '../../../src-shared/api/direction.js';
import { importPaths } from '../../../src-shared/api/awaitJob.js';
import { ApiError } from '../../../src-shared/api/errors.js';
import { decodeNpy } from '../../../src-shared/io/npy.js';
import { fixturesDir } from '../../support/data.js';
import { tempDirs } from '../../support/tempDirs.js';

const dataDir = tempDirs('latentrad-cohort-encode-')();
const ctx = createAppContext({ dataDir, host: { kind: 'cli' } });
const client = createLocalClient(createAppDispatcher(ctx), ctx);
const ixi = join(fixturesDir, 'ixi');
const groups = { model: 'ixi-t1-64', groupA: ['age<40'], groupB: ['age>40'] };

test('an encode cohort is a latent set of one-pass codes, cached under its method and reused by the next one', async () => {
  await importPaths(client, { paths: [join(ixi, 'IXI012-HH-1211_T1.nii.gz'), join(ixi, 'IXI013-HH-1212_T1.nii.gz')] });
  await client.call('catalog.importLabels', { csvPath: join(ixi, 'labels.csv') });
  const run = async (extra: Record<string, unknown>) => {
    const started = await client.call('direction.cohort', { ...groups, sliceRange: [0.45, 0.55], step: 6, ...extra });
    const job = await jobsOf(ctx).settled(started.job!.id);
    assert.equal(job.state, 'done', job.error ?? job.message);
    return cohortBuiltSchema.parse(job.result);
  };
  const first = await run({ method: 'encode' });
  const n = first.groups[0].codes + first.groups[1].codes;
  assert.ok(n >= 2);
  assert.deepEqual([first.reused, first.projected], [0, n]);
  const meta = JSON.parse(readFileSync(resultFile(dataDir, first.result, 'meta.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(meta.method, 'encode');
  assert.equal(meta.space, 'wplus', 'the shipped encoder gives W+ codes');
  const latents = decodeNpy(readFileSync(resultFile(dataDir, first.result, 'latents.npy')));
  assert.deepEqual(latents.shape, [n, 10, 64]);
  // Every code comes from a latent set of method encode, with its reconstruction's SSIM in index.csv.
  const index = readFileSync(resultFile(dataDir, first.result, 'index.csv'), 'utf8').trim().split('\n');
  const header = index[0].split(',');
  const ssims = index.slice(1).map((line) => Number(line.split(',')[header.indexOf('ssim')]));
  assert.ok(ssims.every((s) => s > 0.2 && s <= 1), `one-pass SSIMs ${ssims.join(', ')}`);
  const source = index[1].split(',')[header.indexOf('projection')];
  const sourceMeta = JSON.parse(readFileSync(resultFile(dataDir, source, 'meta.json'), 'utf8')) as { method: string; encoder: { name: string } };
  assert.deepEqual([sourceMeta.method, sourceMeta.encoder.name], ['encode', 'ixi-t1-64']);

  const again = await run({ method: 'encode' });
  assert.deepEqual([again.reused, again.projected], [n, 0], 'the second encode cohort reuses every code');
  const dry = await client.call('direction.cohort', { ...groups, method: 'encode+refine', dryRun: true });
  assert.equal(dry.job, null);
});

test('an encoder method needs an encoder of the model: unknown names are refused in the call', async () => {
  await assert.rejects(client.call('direction.cohort', { ...groups, method: 'encode', encoder: 'nope' }), (e: unknown) => e instanceof ApiError && /no encoder "nope" \(it has: ixi-t1-64\)/.test(e.message));
});

test('a fidelity report with the encoder method encodes the image and its perturbed copy in one pass', async () => {
  const started = await client.call('projection.fidelity', { model: 'ixi-t1-64', method: 'encode', source: { kind: 'items', items: [{ item: join(ixi, 'IXI012-HH-1211_T1.nii.gz') }] }, perturbations: [{ kind: 'gaussian', sigma: 0.05 }] });
  const job = await jobsOf(ctx).settled(started.job.id);
  assert.equal(job.state, 'done', job.error ?? job.message);
  const report = JSON.parse(readFileSync(resultFile(dataDir, started.result, 'summary.json'), 'utf8')) as { meanSsim: number; rows: unknown[]; meta: { method: string; space: string; settings: { noise: string }; encoder: { name: string } } };
  assert.deepEqual([report.meta.method, report.meta.space, report.meta.settings.noise, report.meta.encoder.name], ['encode', 'wplus', 'const', 'ixi-t1-64']);
  assert.equal(report.rows.length, 2);
  assert.ok(report.meanSsim > 0.2 && report.meanSsim <= 1, `mean SSIM ${report.meanSsim}`);
  await assert.rejects(client.call('projection.fidelity', { model: 'ixi-t1-64', method: 'encode', encoder: 'nope', source: { kind: 'items', items: [{ item: join(ixi, 'IXI012-HH-1211_T1.nii.gz') }] } }), /no encoder "nope"/);
});
