// Proves projection.project end to end through the dispatcher and the worker thread: a stack becomes one latent set
// with NVlabs' projected_w.npz key and shape, index.csv SSIM/MSE equal the analysis module on the saved arrays, a
// `--noise const` projection is regenerated exactly from latents.npy and a `--noise optimise` one from
// projected_w/<row>.npz with `generate --noise-from`, bad inputs are refused naming file and reason,
// and projectItems caches catalog-style items so a second call projects nothing.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { before, after, test } from 'node:test';
import { mse } from '../../../src-shared/analysis/errorMetrics.js';
import { ssim } from '../../../src-shared/analysis/ssim.js';
import { ApiError } from '../../../src-shared/api/errors.js';
import { decodeNpy, encodeNpy, toFloat32 } from '../../../src-shared/io/npy.js';
import { openRuntime } from '../../../src-main/cli/runtime.js';
import type { CliRuntime } from '../../../src-main/cli/runtime.js';
import { isSyntheticPng, readPng } from '../../../src-main/io/png.js';
import { hasSyntheticLabel } from '../../support/syntheticLabel.js';
import { jobsOf } from '../../../src-main/jobs/manager.js';
import { decodeNpz } from '../../../src-main/ml/npz.js';
import { fromNvlabsKwargs } from '../../../src-main/ml/stylegan2/config.js';
import type { NvlabsGeneratorKwargs } from '../../../src-main/ml/stylegan2/config.js';
import { writeModelDir } from '../../../src-main/ml/stylegan2/modelDir.js';
import { styleganWorkerOf } from '../../../src-main/ml/workerApi.js';
import { projectItems } from '../../../src-main/projection/service.js';
import { fixturesDir } from '../../support/data.js';
import { tempDirs } from '../../support/tempDirs.js';

const temp = tempDirs('latentrad-project-');
const work = temp();
const modelDir = join(work, 'model');
let rt: CliRuntime;

const npy = (path: string): { shape: number[]; data: Float32Array } => {
  const a = decodeNpy(new Uint8Array(readFileSync(path)));
  return { shape: a.shape, data: toFloat32(a) };
};

/** Smooth blobs in [−1, 1]: structured, not constant. */
function blobs(count: number, res: number): Float32Array {
  const out = new Float32Array(count * res * res);
  for (let i = 0; i < count; i++) {
    for (let y = 0; y < res; y++) for (let x = 0; x < res; x++) out[i * res * res + y * res + x] = Math.tanh(1.5 * Math.sin((x + 3 * i) / 4) * Math.cos(y / 5));
  }
  return out;
}

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
});

after(() => rt.close());

/** The result of the last job projectFile ran (its measured time per image·step when it projected anything). */
let lastJobResult: Record<string, unknown> | null = null;

async function projectFile(path: string, settings: { noise?: 'optimise' | 'const'; space?: 'w' | 'wplus' } = {}): Promise<string> {
  const started = await rt.client.call('projection.project', { model: modelDir, source: { kind: 'file', path }, settings: { steps: 6, batch: 2, ...settings } });
  const job = await jobsOf(rt.ctx).settled(started.job.id);
  assert.equal(job.state, 'done', job.error ?? job.message);
  lastJobResult = job.result;
  return join(rt.ctx.dataDir, 'results', started.result);
}

test('a stack of 3 images becomes one latent set: latents.npy, index.csv, meta.json, projected_w/<row>.npz as NVlabs writes it', async () => {
  const stack = join(work, 'stack.npy');
  writeFileSync(stack, encodeNpy(blobs(3, 32), [3, 32, 32]));
  const dir = await projectFile(stack);
  assert.deepEqual(npy(join(dir, 'latents.npy')).shape, [3, 8, 48]);
  // The measured time per image·step on this machine, for the fidelity panel's estimate of later runs: 3 images × 6 steps.
  const timing = lastJobResult as { model?: unknown; secondsPerImageStep?: unknown; imageSteps?: unknown } | null;
  assert.ok(typeof timing?.secondsPerImageStep === 'number' && timing.secondsPerImageStep > 0 && typeof timing.model === 'string', JSON.stringify(timing));
  assert.equal(timing.imageSteps, 3 * 6);
  assert.deepEqual(npy(join(dir, 'projections.npy')).shape, [3, 1, 32, 32]);
  const w = decodeNpz(new Uint8Array(readFileSync(join(dir, 'projected_w', '0002.npz'))), 'npz');
  assert.deepEqual(w.get('w')?.shape, [1, 8, 48]);
  assert.equal(w.get('w')?.dtype, 'float32');
  assert.ok([...w.keys()].some((k) => k === 'noise_synthesis.b32.conv1.noise_const'), 'optimised noise buffers are kept under their NVlabs names');
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { method: string; space: string; settings: { distance: string; steps: number }; synthetic: boolean };
  assert.deepEqual([meta.method, meta.space, meta.settings.distance, meta.settings.steps, meta.synthetic], ['project', 'wplus', 'mse+ssim', 6, true]);
  // The SSIM/MSE columns are the analysis module's numbers on the saved arrays ([0, 1], data range 1).
  const lines = readFileSync(join(dir, 'index.csv'), 'utf8').trim().split('\n');
  assert.equal(lines[0], 'row,item,entity,axis,slice,subject,ssim,mse');
  const targets = npy(join(dir, 'targets.npy')).data;
  const images = npy(join(dir, 'projections.npy')).data;
  lines.slice(1).forEach((line, i) => {
    const cells = line.split(',');
    const a = { width: 32, height: 32, data: Float64Array.from(targets.subarray(i * 1024, (i + 1) * 1024), (v) => (v + 1) / 2) };
    const b = { width: 32, height: 32, data: Float64Array.from(images.subarray(i * 1024, (i + 1) * 1024), (v) => (v + 1) / 2) };
    assert.ok(Math.abs(Number(cells[6]) - ssim(a, b, { variant: 'wang2004', dataRange: 1 }).mean) < 1e-5);
    const m = mse(a, b);
    assert.ok(Math.abs(Number(cells[7]) - m) <= 1e-5 * m, `MSE ${cells[7]} vs ${m}`);
  });
});

test('with --noise const, the generator run on latents.npy (noise const) reproduces projections.npy exactly', async () => {
  const one = join(work, 'one.npy');
  writeFileSync(one, encodeNpy(blobs(1, 32), [32, 32]));
  const dir = await projectFile(one, { noise: 'const', space: 'w' });
  const latents = npy(join(dir, 'latents.npy'));
  const w = decodeNpz(new Uint8Array(readFileSync(join(dir, 'projected_w', '0000.npz'))), 'npz');
  assert.deepEqual([...w.keys()], ['w'], 'constant noise: only w, as NVlabs');
  const again = await styleganWorkerOf(rt.ctx).call('generate', { modelDir, latents: { kind: 'w', data: latents.data, count: 1, perLayer: true }, psi: 1, cutoff: null, noiseMode: 'const', batchSize: 1 });
  assert.deepEqual(again.images, npy(join(dir, 'projections.npy')).data);
});

test('with --noise optimise, generate --noise-from projected_w/<row>.npz restores the optimised buffers and reproduces projections.npy exactly', async () => {
  const one = join(work, 'noisy.npy');
  writeFileSync(one, encodeNpy(blobs(1, 32), [32, 32]));
  const dir = await projectFile(one, { noise: 'optimise', space: 'wplus' });
  const npz = join(dir, 'projected_w', '0000.npz');
  const projection = npy(join(dir, 'projections.npy')).data;
  const generated = async (params: { wPath?: string; noisePath?: string }): Promise<Float32Array> => {
    const out = await rt.client.call('models.generate', { model: modelDir, ...params, format: 'npy' });
    return npy(join(rt.ctx.dataDir, 'results', out.result.id, 'images.npy')).data;
  };
  assert.deepEqual(await generated({ noisePath: npz }), projection, 'w and noise both from the .npz');
  assert.deepEqual(await generated({ wPath: join(dir, 'latents.npy'), noisePath: npz }), projection, 'w from latents.npy, noise from the .npz');
  const constNoise = await generated({ wPath: npz });
  assert.ok(constNoise.some((v, i) => v !== projection[i]), 'without --noise-from the constant noise gives another image');
  // A W-only archive (NVlabs' projector, or --noise const) has no buffers to restore: refused naming file and array.
  const wOnly = join(work, 'w-only.npz');
  const constDir = await projectFile(one, { noise: 'const', space: 'w' });
  writeFileSync(wOnly, readFileSync(join(constDir, 'projected_w', '0000.npz')));
  await assert.rejects(generated({ noisePath: wOnly }), (e: ApiError) => e.code === 'bad_input' && e.message.includes(wOnly) && e.message.includes('noise_synthesis.b4.conv1.noise_const'));
  await assert.rejects(rt.client.call('models.generate', { model: modelDir, noisePath: npz, noiseMode: 'random' }), /noiseMode "const"/);
});

test('bad inputs are refused in the call, naming the file and the reason', async () => {
  const call = (path: string): Promise<unknown> => rt.client.call('projection.project', { model: modelDir, source: { kind: 'file', path } });
  const wrong = join(work, 'wrong.npy');
  writeFileSync(wrong, encodeNpy(new Float32Array(64 * 64), [64, 64]));
  await assert.rejects(call(wrong), (e: ApiError) => e.code === 'bad_input' && e.message.includes(wrong) && /does not fit/.test(e.message));
  const nan = join(work, 'nan.npy');
  writeFileSync(nan, encodeNpy(blobs(1, 32).map((v, i) => (i === 7 ? Number.NaN : v)), [32, 32]));
  await assert.rejects(call(nan), (e: ApiError) => e.message.includes(nan) && /NaN or Inf/.test(e.message));
  const flat = join(work, 'flat.npy');
  writeFileSync(flat, encodeNpy(new Float32Array(32 * 32).fill(0.2), [32, 32]));
  await assert.rejects(call(flat), (e: ApiError) => e.message.includes(flat) && /constant/.test(e.message));
  // Raw intensities (here 0–1000, an MR slice as stored) are not on the model's [−1, 1] scale: refused, not fitted.
  const raw = join(work, 'raw.npy');
  writeFileSync(raw, encodeNpy(blobs(1, 32).map((v) => (v + 1) * 500), [32, 32]));
  await assert.rejects(call(raw), (e: ApiError) => e.code === 'bad_input' && e.message.includes(raw) && /not on the model's scale/.test(e.message));
  await assert.rejects(call(join(work, 'missing.npy')), (e: ApiError) => e.message.includes('missing.npy'));
});

test('projectItems projects volume slices prepared as the dataset builder does, caches them, and reuses the cache', async () => {
  const volume = join(fixturesDir, 'ixi', 'IXI012-HH-1211_T1.nii.gz');
  const items = [{ item: volume, slice: 60 }];
  const settings = { space: 'wplus' as const, noise: 'optimise' as const, steps: 4, seed: 0, batch: 2, distance: { mse: 1, ssim: 1 } };
  await assert.rejects(projectItems(rt.ctx, { model: modelDir, items, settings }), /does not record how its training images were prepared/);
  const results = (): string[] => (existsSync(join(rt.ctx.dataDir, 'results')) ? readdirSync(join(rt.ctx.dataDir, 'results')) : []);
  const before = results().length;
  const first = await projectItems(rt.ctx, { model: modelDir, items, settings, preset: 'MR' });
  assert.equal(first.latents.length, 8 * 48);
  assert.equal(first.items[0].subject, 'IXI012-HH-1211');
  assert.equal(first.items[0].slice, 60);
  assert.equal(results().length, before + 1);
  const second = await projectItems(rt.ctx, { model: modelDir, items, settings, preset: 'MR' });
  assert.equal(results().length, before + 1, 'the cached projection was reused');
  assert.equal(second.items[0].result, first.items[0].result);
  assert.deepEqual(second.latents, first.latents);
});

test('projection.fidelity projects each image with its perturbed and lesioned copies and writes the report marked synthetic', async () => {
  const one = join(work, 'fidelity.npy');
  writeFileSync(one, encodeNpy(blobs(1, 32), [32, 32]));
  const started = await rt.client.call('projection.fidelity', {
    model: modelDir,
    source: { kind: 'file', path: one },
    settings: { steps: 3, batch: 1 },
    perturbations: [{ kind: 'gaussian', sigma: 0.1 }, { kind: 'blur', sigma: 1 }],
    lesion: { kind: 'synthetic', x: 16, y: 16, r: 4, contrast: 0.5 },
  });
  const job = await jobsOf(rt.ctx).settled(started.job.id);
  assert.equal(job.state, 'done', job.error ?? job.message);
  const dir = join(rt.ctx.dataDir, 'results', started.result);
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { rows: Array<{ copy: string; maps: { projection: string } }>; lesion: { perImage: Array<{ contrastRecoveredPercent: number }> }; meta: { settings: { batch: number } } };
  assert.deepEqual(report.rows.map((r) => r.copy), ['original', 'gaussian σ 0.1', 'blur σ 1 px', 'lesion']);
  assert.equal(report.meta.settings.batch, 4, 'the copies of one image share one batch');
  assert.ok(Number.isFinite(report.lesion.perImage[0].contrastRecoveredPercent));
  const png = await readPng(join(dir, report.rows[0].maps.projection));
  assert.ok(isSyntheticPng(png), 'projection PNGs carry the synthetic tEXt');
  assert.ok(hasSyntheticLabel(png.data, png.width, png.height, png.channels), 'and show SYNTHETIC in their pixels');
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  assert.match(html, /SYNTHETIC/);
  assert.equal(readFileSync(join(dir, 'table.csv'), 'utf8').trim().split('\n').length, 5);
});

test('a fidelity re-run with the same image, model and settings reuses the earlier projections: no worker step runs, same numbers', async () => {
  const one = join(work, 'rerun.npy');
  writeFileSync(one, encodeNpy(blobs(1, 32).map((v) => v * 0.9), [32, 32]));
  const request = { model: modelDir, source: { kind: 'file' as const, path: one }, settings: { steps: 3, batch: 1 }, perturbations: [{ kind: 'gaussian' as const, sigma: 0.1 }] };
  const run = async (): Promise<{ dir: string; message: string; measured: unknown }> => {
    const started = await rt.client.call('projection.fidelity', request);
    const job = await jobsOf(rt.ctx).settled(started.job.id);
    assert.equal(job.state, 'done', job.error ?? job.message);
    return { dir: join(rt.ctx.dataDir, 'results', started.result), message: job.message, measured: job.result?.secondsPerImageStep };
  };
  const first = await run();
  assert.ok(existsSync(join(first.dir, 'progress.json')), 'the first run optimised (the worker wrote its step progress)');
  assert.ok(typeof first.measured === 'number' && first.measured > 0, 'a run that projected records its time per image·step');
  const second = await run();
  assert.equal(existsSync(join(second.dir, 'progress.json')), false, 'the second run started no projection worker');
  assert.equal(second.measured, undefined, 'a run that reused everything measured nothing');
  assert.deepEqual(npy(join(second.dir, 'projections.npy')).data, npy(join(first.dir, 'projections.npy')).data);
  assert.deepEqual(npy(join(second.dir, 'latents.npy')).data, npy(join(first.dir, 'latents.npy')).data);
  const report = (dir: string): unknown => (JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { rows: unknown }).rows;
  assert.deepEqual(JSON.stringify(report(second.dir)).replaceAll(basename(second.dir), ''), JSON.stringify(report(first.dir)).replaceAll(basename(first.dir), ''));
  // Other pixels are not mistaken for it: a different image is projected.
  writeFileSync(one, encodeNpy(blobs(1, 32).map((v) => v * 0.8), [32, 32]));
  const third = await run();
  assert.ok(existsSync(join(third.dir, 'progress.json')), 'new pixels are projected');
});
