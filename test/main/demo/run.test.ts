// Proves the demo job end to end on the shipped demo study (a 2-step projection keeps it short): every step runs
// through the API, report.html is one self-contained file with SYNTHETIC labels on generated images, and the
// numbers in demo.json are those of the fidelity, direction and eigen results it names; the chest step finds the
// NORMAL/PNEUMONIA direction on the embedded chest model's cached codes; with the default steps the fidelity job
// reuses the projection shipped in assets/demo/cached-projection (bit for bit) and the report says so.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { awaitJob } from '../../../src-shared/api/awaitJob.js';
import { openRuntime } from '../../../src-main/cli/runtime.js';
import type { CliRuntime } from '../../../src-main/cli/runtime.js';
import { resultDir } from '../../../src-main/results/store.js';
import { appRoot } from '../../../src-main/base/paths.js';
import { cachedProjectionMismatch, readCachedProjection } from '../../../src-main/demo/projectionCache.js';
import { demoModel } from '../../../src-main/demo/run.js';
import { demoInputSchema, demoOutcomeSchema } from '../../../src-shared/api/demo.js';
import { tempDirs } from '../../support/tempDirs.js';

const temp = tempDirs('latentrad-demo-');
let rt: CliRuntime;

before(() => {
  rt = openRuntime({ dataDir: temp() });
});
after(() => rt.close());

interface DemoJson {
  synthetic: boolean;
  numbers: {
    fidelity: { result: string; projection: 'cached' | 'computed'; rows: Array<{ copy: string; ssim: number }> };
    ageing: { cohort: string; samples: number };
    chest: string;
    eigen: { result: string; linearCheck: { r2: number | null } };
  };
}

test('the demo job runs every step and writes one self-contained, synthetic-marked report', async () => {
  let result = '';
  const job = await awaitJob(rt.client, async () => {
    const started = await rt.client.call('demo.start', { steps: 2 });
    result = started.result;
    return started.job;
  });
  assert.equal(job.state, 'done', job.error ?? job.message);
  const outcome = demoOutcomeSchema.parse(job.result);
  assert.deepEqual(outcome.steps.map((s) => s.name), ['import', 'projection and fidelity report', 'ageing direction (young vs old)', 'NORMAL/PNEUMONIA direction', '15-step edit series', 'eigencomponents']);

  const dir = resultDir(rt.ctx.dataDir, result);
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  assert.ok(!/(src|href)="(?!data:)/.test(html), 'every image is inlined');
  // 3 fidelity rows × 3 generated maps + 15 series frames + 3 component maps carry the label.
  assert.ok((html.match(/<span class="label">SYNTHETIC<\/span>/g) ?? []).length >= 27);
  assert.match(html, /Cached codes/);

  const demo = JSON.parse(readFileSync(join(dir, 'demo.json'), 'utf8')) as DemoJson;
  assert.equal(demo.synthetic, true);
  const fidelity = JSON.parse(readFileSync(join(resultDir(rt.ctx.dataDir, demo.numbers.fidelity.result), 'report.json'), 'utf8')) as { rows: Array<{ copy: string; vsOriginal: { ssim: number } }> };
  assert.deepEqual(demo.numbers.fidelity.rows.map((r) => r.ssim), fidelity.rows.map((r) => r.vsOriginal.ssim));
  assert.deepEqual(demo.numbers.fidelity.rows.map((r) => r.copy), ['original', 'gaussian σ 0.1', 'lesion']);
  // 2 steps is not what the shipped projection was made with: this run projects.
  assert.equal(demo.numbers.fidelity.projection, 'computed');
  assert.match(html, /<b>Projected in this run<\/b> \(it was made with \d+ steps, this run asks for 2\)/);
  assert.ok(html.includes(fidelity.rows[0].vsOriginal.ssim.toFixed(3)));
  assert.equal(demo.numbers.ageing.cohort, 'cached');
  assert.equal(demo.numbers.ageing.samples, 95);
  assert.match(demo.numbers.chest, /^LDA on 40 cached codes of held-out films \(chest-xray-64\): held-out AUC /);
  assert.match(html, /<h2>3\. NORMAL\/PNEUMONIA direction \(chest X-ray\)<\/h2>\s*<p><b>Cached codes:<\/b> 40 held-out paediatric chest films/);
  const eigen = JSON.parse(readFileSync(join(resultDir(rt.ctx.dataDir, demo.numbers.eigen.result), 'eigen.json'), 'utf8')) as { linearCheck: { r2: number | null } };
  assert.equal(demo.numbers.eigen.linearCheck.r2, eigen.linearCheck.r2);
  assert.ok(existsSync(join(rt.ctx.dataDir, 'demo-study', 'ixi', 'labels.csv')));

  // demo.report hands the app the same file; any other result is refused.
  assert.equal((await rt.client.call('demo.report', { result })).html, html);
  await assert.rejects(rt.client.call('demo.report', { result: demo.numbers.eigen.result }), /not a demo result/);
});

test('with the default steps the fidelity job reuses the projection shipped with the demo study, made with the embedded weights', async () => {
  const shipped = readCachedProjection(join(appRoot(), 'assets', 'demo'));
  assert.ok(shipped, 'assets/demo/cached-projection/cache.json exists');
  // Fails when the embedded IXI model changes without the cache being made again (scripts/demo-cache.ts).
  assert.equal(await cachedProjectionMismatch(rt.ctx, shipped.info, demoModel, demoInputSchema.parse({}).steps), null);
  let result = '';
  const job = await awaitJob(rt.client, async () => {
    const started = await rt.client.call('demo.start', {});
    result = started.result;
    return started.job;
  });
  assert.equal(job.state, 'done', job.error ?? job.message);
  const dir = resultDir(rt.ctx.dataDir, result);
  const demo = JSON.parse(readFileSync(join(dir, 'demo.json'), 'utf8')) as DemoJson;
  assert.equal(demo.numbers.fidelity.projection, 'cached');
  // The job's latent set is the shipped one bit for bit, and its report was computed from it now.
  const fidelityDir = resultDir(rt.ctx.dataDir, demo.numbers.fidelity.result);
  assert.ok(readFileSync(join(fidelityDir, 'latents.npy')).equals(readFileSync(join(shipped.dir, 'latents.npy'))));
  assert.ok(readFileSync(join(fidelityDir, 'projections.npy')).equals(readFileSync(join(shipped.dir, 'projections.npy'))));
  const shippedIndex = readFileSync(join(shipped.dir, 'index.csv'), 'utf8').trim().split('\n');
  const ssimColumn = shippedIndex[0].split(',').indexOf('ssim');
  const report = JSON.parse(readFileSync(join(fidelityDir, 'report.json'), 'utf8')) as { rows: Array<{ vsInput: { ssim: number } }> };
  report.rows.forEach((r, i) => {
    const fields = shippedIndex[i + 1].split(',');
    assert.ok(Math.abs(r.vsInput.ssim - Number(fields[fields.length - shippedIndex[0].split(',').length + ssimColumn])) < 1e-6, `row ${i}: the report's SSIM is the shipped projection's`);
  });
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  assert.match(html, /<b>Cached projection:<\/b> the three projections were made by LatentRad itself \(<code>latentrad demo --reproject --steps \d+<\/code>/);
});

test('recomputing the cohort without the IXI volumes is refused naming the folder', async () => {
  const missing = join(temp(), 'no-ixi');
  const job = await awaitJob(rt.client, async () => (await rt.client.call('demo.start', { steps: 1, recompute: true, ixiDir: missing })).job);
  assert.equal(job.state, 'failed');
  assert.match(job.error ?? '', /no-ixi: recomputing the cohort needs the IXI T1 volumes/);
});
