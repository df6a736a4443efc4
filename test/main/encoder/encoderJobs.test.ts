// encoder.train and encoder.encode end to end through the dispatcher, the job manager and the encoder worker, on the
// 32 px NVlabs reference generator and a dataset built from the IXI fixtures: training reports setup and iterations
// from the start, pauses with a checkpoint and resumes to the end, and its encoder is listed with the model; encoding
// writes a latent set like projection's (refinement keeps the one-pass set in encoded/); bad requests fail the call.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { EventPayload } from '../../../src-shared/api/contract.js';
import { ApiError } from '../../../src-shared/api/errors.js';
import type { Job } from '../../../src-shared/api/jobs.js';
import { decodeNpy, encodeNpy, toFloat32 } from '../../../src-shared/io/npy.js';
import { openRuntime } from '../../../src-main/cli/runtime.js';
import type { CliRuntime } from '../../../src-main/cli/runtime.js';
import { jobsOf } from '../../../src-main/jobs/manager.js';
import { decodeNpz } from '../../../src-main/ml/npz.js';
import { fromNvlabsKwargs } from '../../../src-main/ml/stylegan2/config.js';
import type { NvlabsGeneratorKwargs } from '../../../src-main/ml/stylegan2/config.js';
import { writeModelDir } from '../../../src-main/ml/stylegan2/modelDir.js';
import { fixturesDir, repoRoot } from '../../support/data.js';
import { tempDirs } from '../../support/tempDirs.js';

const temp = tempDirs('latentrad-encoder-jobs-');
const work = temp();
const modelDir = join(work, 'model');
let rt: CliRuntime;

// 6 iterations of batch 2 (kimg = 6·2/1000), a checkpoint every 2, a 3-step refinement in the report: seconds on the
// 32 px reference generator.
const tiny = { kimg: 0.012, batch: 2, checkpointEvery: 2, space: 'w' as const, reportRefineSteps: 3, reportRefineImages: 2 };

before(async () => {
  const reference = join(fixturesDir, 'nvlabs-reference');
  const kwargs = (JSON.parse(readFileSync(join(reference, 'config.json'), 'utf8')) as { generator_kwargs: NvlabsGeneratorKwargs }).generator_kwargs;
  const arrays = decodeNpz(new Uint8Array(readFileSync(join(reference, 'G_ema_state_dict.npz'))), 'npz');
  await writeModelDir(modelDir, {
    name: 'reference-32',
    config: fromNvlabsKwargs(kwargs),
    generator: new Map([...arrays].map(([k, v]) => [k, { shape: v.shape, data: toFloat32(v) }])),
    provenance: { source: 'nvlabs-state-dict', description: 'reference fixture', createdAt: '2026-11-23T00:00:00Z', tool: 'test' },
  });
  rt = openRuntime({ dataDir: join(work, 'data') });
  await rt.client.call('datasets.create', { name: 'ixi', source: { kind: 'files', paths: [join(fixturesDir, 'ixi')] }, resolution: 32, sliceRange: [0.45, 0.85], sliceStep: 4 });
  await rt.client.call('datasets.create', { name: 'ixi64', source: { kind: 'files', paths: [join(fixturesDir, 'ixi')] }, resolution: 64, sliceRange: [0.6, 0.7], sliceStep: 8 });
});

after(() => rt.close());

async function settled(id: string): Promise<Job> {
  const job = await jobsOf(rt.ctx).settled(id);
  return job;
}

test('a training job reports setup and iterations with an ETA, pauses with a checkpoint, resumes to the end, and its encoder is listed with the model', async () => {
  const events: EventPayload<'jobProgress'>[] = [];
  const off = rt.client.on('jobProgress', (e) => events.push(e));
  const job = await rt.client.call('encoder.train', { model: modelDir, dataset: 'ixi', out: 'tiny', ...tiny });
  assert.equal(job.kind, 'encoder-training');
  // Pause once the first iterations are in: the worker checkpoints and the job ends paused.
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (events.some((e) => e.jobId === job.id && /iteration [1-9]/.test(e.message))) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
  });
  rt.client.call('jobs.pause', { id: job.id }).catch(() => undefined);
  const paused = await settled(job.id);
  assert.equal(paused.state, 'paused', paused.error ?? paused.message);
  assert.match(paused.message, /checkpoint saved/);
  assert.ok(existsSync(join(rt.ctx.dataDir, 'encoder-runs', 'tiny', 'checkpoint', 'state.json')));
  assert.ok(!existsSync(join(rt.ctx.dataDir, 'encoders', 'tiny')), 'no encoder before the run ends');

  await rt.client.call('jobs.resume', { id: job.id });
  const done = await settled(job.id);
  off();
  assert.equal(done.state, 'done', done.error ?? done.message);
  const mine = events.filter((e) => e.jobId === job.id);
  const firstIteration = mine.findIndex((e) => /iteration \d/.test(e.message));
  assert.ok(mine.slice(0, firstIteration).some((e) => /backend/.test(e.message)) && mine.slice(0, firstIteration).some((e) => /loading dataset "ixi"/.test(e.message)), 'setup steps come before the first iteration');
  assert.ok(mine.some((e) => e.state === 'running' && e.etaSeconds !== null && e.fraction !== null && e.fraction > 0 && e.fraction < 1), 'progress with a fraction and an ETA');

  const model = await rt.client.call('models.get', { model: modelDir });
  assert.deepEqual(model.encoders.map((e) => [e.name, e.location, e.space, e.iterations, e.dataset]), [['tiny', 'data', 'w', 6, 'ixi']]);
  assert.ok(Object.keys(model.encoders[0].finalLosses).includes('synthetic'));
  // The reconstruction report: one of the two fixture subjects held out of training, its images and as many
  // generated ones encoded, and the refinement on two of them; the job's message and result carry it.
  const report = model.encoders[0].report;
  assert.ok(report, 'the encoder has a reconstruction report');
  const dataset = await rt.client.call('datasets.get', { name: 'ixi' });
  assert.equal(report.heldOut.subjects, 1);
  assert.ok(report.heldOut.images > 0 && report.heldOut.images < dataset.count, `${report.heldOut.images} of ${dataset.count} images held out`);
  assert.equal(report.real.count, report.heldOut.images);
  assert.equal(report.synthetic.count, report.heldOut.images);
  for (const s of [report.real, report.synthetic]) assert.ok(s.meanSsim > -1 && s.meanSsim <= 1 && s.meanMse > 0 && s.minSsim <= s.maxSsim);
  assert.ok(report.secondsPerImage.encode > 0 && report.secondsPerImage.encodeAndSynthesis >= report.secondsPerImage.encode);
  assert.equal(report.refined?.steps, 3);
  assert.equal(report.refined?.real.count, 2);
  assert.ok((report.refined?.secondsPerStepPerImage ?? 0) > 0);
  assert.match(done.message, /held-out SSIM real \d\.\d{3}, synthetic \d\.\d{3}, refined \(3 steps\) \d\.\d{3}/);
  assert.deepEqual((done.result as { report: unknown }).report, report);
  // The resumed run logged every iteration exactly once.
  const log = readFileSync(join(rt.ctx.dataDir, 'encoder-runs', 'tiny', 'log.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { iteration: number }).iteration);
  assert.deepEqual(log, [1, 2, 3, 4, 5, 6]);
});

test('encoding writes a latent set like projection\'s; refinement starts from the codes and keeps the one-pass set in encoded/', async () => {
  const stack = join(work, 'stack.npy');
  const images = new Float32Array(2 * 32 * 32).map((_, i) => Math.tanh(Math.sin(i / 7) * Math.cos(i / 45)));
  writeFileSync(stack, encodeNpy(images, [2, 32, 32]));
  const onePass = await rt.client.call('encoder.encode', { model: modelDir, encoder: 'tiny', source: { kind: 'file', path: stack } });
  const one = await settled(onePass.job.id);
  assert.equal(one.state, 'done', one.error ?? one.message);
  const dir = join(rt.ctx.dataDir, 'results', onePass.result);
  assert.deepEqual(decodeNpy(new Uint8Array(readFileSync(join(dir, 'latents.npy')))).shape, [2, 8, 48]);
  assert.deepEqual(decodeNpz(new Uint8Array(readFileSync(join(dir, 'projected_w', '0001.npz'))), 'npz').get('w')?.shape, [1, 8, 48]);
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { method: string; space: string; synthetic: boolean; encoder: { name: string } };
  assert.deepEqual([meta.method, meta.space, meta.synthetic, meta.encoder.name], ['encode', 'w', true, 'tiny']);
  assert.equal(readFileSync(join(dir, 'index.csv'), 'utf8').trim().split('\n')[0], 'row,item,entity,axis,slice,subject,ssim,mse');
  const result = await rt.client.call('projection.result', { id: onePass.result });
  assert.equal(result.summary?.method, 'encode');

  const refined = await rt.client.call('encoder.encode', { model: modelDir, source: { kind: 'file', path: stack }, refine: 4 });
  const two = await settled(refined.job.id);
  assert.equal(two.state, 'done', two.error ?? two.message);
  const refinedDir = join(rt.ctx.dataDir, 'results', refined.result);
  const refinedMeta = JSON.parse(readFileSync(join(refinedDir, 'meta.json'), 'utf8')) as { method: string; settings: { steps: number; noise: string } };
  assert.deepEqual([refinedMeta.method, refinedMeta.settings.steps, refinedMeta.settings.noise], ['encode+refine', 4, 'const']);
  // The one-pass set is the same encoding as above (same encoder, same images): refinement started from it.
  const latents = (d: string): Float32Array => toFloat32(decodeNpy(new Uint8Array(readFileSync(join(d, 'latents.npy')))));
  assert.deepEqual(latents(join(refinedDir, 'encoded')), latents(dir));
  assert.notDeepEqual(latents(refinedDir), latents(dir));
  const summary = (await rt.client.call('projection.result', { id: refined.result })).summary as { method: string; encoded: { meanSsim: number }; refineSteps: number };
  assert.deepEqual([summary.method, summary.refineSteps, typeof summary.encoded.meanSsim], ['encode+refine', 4, 'number']);
});

test('bad requests fail the call naming the reason: unknown encoder, dataset of another size, an existing name, nothing to resume', async () => {
  const refuse = async (method: 'encoder.train' | 'encoder.encode', input: Record<string, unknown>, pattern: RegExp): Promise<void> => {
    await assert.rejects(rt.client.call(method, input as never), (e: unknown) => e instanceof ApiError && pattern.test(e.message));
  };
  await refuse('encoder.encode', { model: modelDir, encoder: 'nope', source: { kind: 'dataset', name: 'ixi' } }, /no encoder "nope" \(it has: tiny\)/);
  await refuse('encoder.train', { model: modelDir, dataset: 'ixi64', out: 'x', ...tiny }, /dataset "ixi64" holds 1×64² images, but model reference-32 makes 1×32²/);
  await refuse('encoder.train', { model: modelDir, dataset: 'ixi', out: 'tiny', ...tiny }, /named "tiny" already exists/);
  await refuse('encoder.train', { model: modelDir, dataset: 'ixi', out: 'never', resume: true, ...tiny }, /nothing to resume/);
  await refuse('encoder.train', { model: modelDir, dataset: 'missing', out: 'x', ...tiny }, /missing/);
  await assert.rejects(rt.client.call('encoder.train', { model: modelDir, dataset: 'ixi', out: '../escape', ...tiny }), /letters, digits/);
});

test('the CLI: `latentrad encode` copies the latent set to --out and prints its summary; `latentrad encoder train` refuses an existing name', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'bin', 'latentrad.js'), ...args, '--data-dir', rt.ctx.dataDir, '--json'], { encoding: 'utf8' });
  const out = join(work, 'cli-set');
  const encoded = cli('encode', '--model', modelDir, '--encoder', 'tiny', '--image', join(work, 'stack.npy'), '--out', out);
  assert.equal(encoded.status, 0, encoded.stderr);
  const summary = JSON.parse(encoded.stdout) as { method: string; count: number; out: string };
  assert.deepEqual([summary.method, summary.count, summary.out], ['encode', 2, out]);
  for (const file of ['latents.npy', 'index.csv', 'meta.json', 'projections.npy', join('projected_w', '0000.npz')]) assert.ok(existsSync(join(out, file)), file);
  const refused = cli('encoder', 'train', '--model', modelDir, '--dataset', 'ixi', '--kimg', '0.012', '--batch', '2', '--out', 'tiny');
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /an encoder \(or training run\) named "tiny" already exists/);
});
