// The analysis API (metrics, eigen, direction) on files: results equal scikit-image / NumPy / scikit-learn, bad input named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createAppContext } from '../../../src-main/base/context.js';
import { encodeNpy, decodeNpy } from '../../../src-shared/io/npy.js';
import { analysisFixtures, assertClose, reference } from '../../shared/analysis/referenceData.js';
import { repoRoot } from '../../support/data.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { resultFile } from '../../../src-main/results/store.js';

const work = mkdtempSync(join(tmpdir(), 'latentrad-analysis-'));
const dispatch = createAppDispatcher(createAppContext({ dataDir: work, host: { kind: 'cli' } }));
const fixture = (name: string): string => join(analysisFixtures, name);

/** A file of a result returned by a call. */
const fileOf = (out: Record<string, unknown>, name: string): string => resultFile(work, (out.result as { id: string }).id, name);

async function call(method: string, input: unknown): Promise<Record<string, unknown>> {
  const result = await dispatch(method, input);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as Record<string, unknown>;
}

test('analysis.metrics: SSIM of a PNG and a .npy equals scikit-image, and the map is written as map.npy in a result', async () => {
  const out = await call('analysis.metrics', {
    metric: 'ssim', reference: fixture('cxr_normal.png'), test: fixture('cxr_normal_recon.npy'), variant: 'skimage', dataRange: 255, maps: ['map'],
  });
  assertClose(out.value as number, reference.images.normal_vs_recon.ssim.skimage.mean, 1e-12, 'SSIM');
  assert.deepEqual((out.result as { files: string[] }).files, ['map.npy']);
  const map = decodeNpy(readFileSync(fileOf(out, 'map.npy')));
  assert.deepEqual(map.shape, [256, 256]);
  assertClose(map.data[0], reference.images.normal_vs_recon.ssim.skimage.probes[0][2], 1e-11, 'map[0, 0]');
});

test('analysis.metrics: masked PSNR, the difference PNGs, and a refusal without a data range', async () => {
  const out = await call('analysis.metrics', {
    metric: 'psnr', reference: fixture('cxr_normal.png'), test: fixture('cxr_normal_recon.npy'), dataRange: 255,
    mask: fixture('cxr_normal_mask.npy'), maps: ['difference', 'overlay'],
  });
  assertClose(out.value as number, reference.images.normal_vs_recon.errors_masked?.psnr ?? 0, 1e-12, 'masked PSNR');
  assertClose(out.wholeImageValue as number, reference.images.normal_vs_recon.errors.psnr, 1e-12, 'whole-image PSNR');
  assert.equal(out.maskPixels, reference.otsu.mask_count);
  assert.deepEqual((out.result as { files: string[] }).files, ['difference.png', 'overlay.png']);
  const refused = await dispatch('analysis.metrics', { metric: 'ssim', reference: fixture('cxr_normal.png'), test: fixture('cxr_pneumonia.png') });
  assert.equal(refused.ok, false);
  assert.match(!refused.ok ? refused.error.message : '', /explicit data range/);
});

test('analysis.metrics: a missing file is not_found and a size mismatch is bad_input naming both files', async () => {
  const missing = await dispatch('analysis.metrics', { metric: 'mse', reference: fixture('cxr_normal.png'), test: join(work, 'nope.npy') });
  assert.deepEqual(!missing.ok && [missing.error.code, /nope\.npy/.test(missing.error.message)], ['not_found', true]);
  const mismatch = await dispatch('analysis.metrics', { metric: 'mse', reference: fixture('cxr_normal.png'), test: fixture('small_a.npy') });
  assert.deepEqual(!mismatch.ok && mismatch.error.code, 'bad_input');
  assert.match(!mismatch.ok ? mismatch.error.message : '', /small_a\.npy.*cxr_normal\.png/);
  writeFileSync(join(work, 'junk.png'), 'not a png');
  const junk = await dispatch('analysis.metrics', { metric: 'mse', reference: join(work, 'junk.png'), test: fixture('cxr_normal.png') });
  assert.match(!junk.ok ? `${junk.error.code} ${junk.error.message}` : '', /bad_input .*junk\.png: not a readable PNG/);
});

test('analysis.eigen writes eigen.json, components.npy (k × H × W) and PNG maps matching NumPy into a result', async () => {
  const out = await call('analysis.eigen', { stack: fixture('eigen_stack.npy'), mask: fixture('eigen_mask.npy'), components: 3 });
  const outDir = join(work, 'results', (out.result as { id: string }).id);
  (reference.eigen.eigenvalues.slice(0, 3)).forEach((v, i) => assertClose((out.eigenvalues as number[])[i], v, 1e-9, `eigenvalue ${i + 1}`));
  const components = decodeNpy(readFileSync(join(outDir, 'components.npy')));
  assert.deepEqual(components.shape, [3, 24, 20]);
  for (const name of ['eigen.json', 'component_1.png', 'component_3.png', 'mask.npy']) assert.ok(existsSync(join(outDir, name)), name);
  const json = JSON.parse(readFileSync(join(outDir, 'eigen.json'), 'utf8')) as { covariance: number[][]; alphas: number[] };
  assertClose(json.covariance[0][1], reference.eigen.covariance[0][1], 1e-10, 'cov[0][1]');
  assert.equal(json.alphas.at(-1), 50);
  const auto = await call('analysis.eigen', { stack: fixture('eigen_stack.npy') });
  assert.match((auto.mask as { source: string }).source, /otsu/);
});

test('analysis.direction: LDA on .npy labels writes a unit vector equal to normalised sklearn coef (validation 0)', async () => {
  const result = await call('analysis.direction', {
    latents: fixture('latents.npy'), labels: fixture('labels.npy'), method: 'lda', validationFraction: 0,
  });
  const direction = decodeNpy(readFileSync(fileOf(result, 'direction.npy'))).data;
  const coef = reference.directions.lda_auto.coef;
  const norm = Math.hypot(...coef);
  coef.forEach((c, i) => assertClose(direction[i], c / norm, 1e-9, `direction[${i}]`));
  assert.deepEqual(result.classes, ['0', '1']);
  assert.equal(result.validation, null);
});

test('analysis.direction reads CSV labels with a header and text classes, and refuses three classes', async () => {
  const labels = Array.from(decodeNpy(readFileSync(fixture('labels.npy'))).data, (v) => (v ? 'PNEUMONIA' : 'NORMAL'));
  writeFileSync(join(work, 'labels.csv'), `path,label\n${labels.map((l, i) => `img${i}.png,${l}`).join('\n')}\n`);
  const result = await call('analysis.direction', { latents: fixture('latents.npy'), labels: join(work, 'labels.csv'), method: 'svm' });
  assert.deepEqual(result.classes, ['NORMAL', 'PNEUMONIA']);
  assert.ok(((result.validation as { accuracy: number }).accuracy) > 0.8);
  writeFileSync(join(work, 'three.csv'), labels.map((l, i) => (i === 0 ? 'OTHER' : l)).join('\n'));
  const refused = await dispatch('analysis.direction', { latents: fixture('latents.npy'), labels: join(work, 'three.csv'), method: 'mean' });
  assert.match(!refused.ok ? refused.error.message : '', /exactly two classes, found 3/);
});

test('latentrad metrics/eigen/direction copy the result files to the paths the user typed and print JSON', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src-main', 'cli', 'main.ts'), '--data-dir', work, '--json', ...args], { encoding: 'utf8', cwd: repoRoot });
  const metrics = cli('metrics', 'ssim', fixture('small_a.npy'), fixture('small_b.npy'), '--data-range', '1', '--map', join(work, 'cli', 'ssim-map.npy'));
  assert.equal(metrics.status, 0, metrics.stderr);
  const metricsOut = JSON.parse(metrics.stdout) as { value: number; exported: string[] };
  assertClose(metricsOut.value, reference.images.small.ssim.wang2004.mean, 1e-12, 'CLI SSIM');
  assert.deepEqual(metricsOut.exported, [join(work, 'cli', 'ssim-map.npy')]);
  assert.ok(existsSync(join(work, 'cli', 'ssim-map.npy')));
  const eigen = cli('eigen', fixture('eigen_stack.npy'), '--alphas', '0:50:15', '--mask', 'none', '--components', '2', '--out', join(work, 'cli-eigen'));
  assert.equal(eigen.status, 0, eigen.stderr);
  assert.equal((JSON.parse(eigen.stdout) as { voxelCount: number }).voxelCount, 24 * 20);
  for (const name of ['eigen.json', 'components.npy', 'component_2.png']) assert.ok(existsSync(join(work, 'cli-eigen', name)), name);
  const direction = cli('direction', '--latents', fixture('latents.npy'), '--labels', fixture('labels.npy'), '--method', 'mean', '--out', join(work, 'cli', 'dir.npy'));
  assert.equal(direction.status, 0, direction.stderr);
  assert.ok(existsSync(join(work, 'cli', 'dir.npy')));
  const bad = cli('direction', '--latents', fixture('latents.npy'), '--method', 'lda', '--out', join(work, 'd.npy'));
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /needs --labels/);
});

test('analysis.eigen streams float64 and reads big-endian stacks whole, with the same eigenvalues; NaN and truncation are bad_input', async () => {
  const original = decodeNpy(readFileSync(fixture('eigen_stack.npy')));
  const asFloat64 = encodeNpy(Float64Array.from(original.data), original.shape);
  writeFileSync(join(work, 'stack64.npy'), asFloat64);
  // Big endian: same header with '>f8' and every 8-byte value reversed.
  const big = Uint8Array.from(asFloat64);
  const dataStart = big.length - original.data.length * 8;
  big.set(new TextEncoder().encode("'>f8'"), new TextDecoder('latin1').decode(big.subarray(0, dataStart)).indexOf("'<f8'"));
  for (let i = dataStart; i < big.length; i += 8) big.subarray(i, i + 8).reverse();
  writeFileSync(join(work, 'stack-be.npy'), big);
  for (const name of ['stack64.npy', 'stack-be.npy']) {
    const out = await call('analysis.eigen', { stack: join(work, name), mask: fixture('eigen_mask.npy'), components: 2 });
    reference.eigen.eigenvalues.slice(0, 3).forEach((v, i) => assertClose((out.eigenvalues as number[])[i], v, 1e-9, `${name} eigenvalue ${i + 1}`));
  }
  const withNan = Float64Array.from(original.data);
  withNan[5] = Number.NaN;
  writeFileSync(join(work, 'nan.npy'), encodeNpy(withNan, original.shape));
  const nan = await dispatch('analysis.eigen', { stack: join(work, 'nan.npy'), mask: 'none' });
  assert.match(!nan.ok ? `${nan.error.code} ${nan.error.message}` : '', /bad_input .*nan\.npy: the stack holds NaN/);
  writeFileSync(join(work, 'short.npy'), asFloat64.subarray(0, asFloat64.length - 100));
  const short = await dispatch('analysis.eigen', { stack: join(work, 'short.npy') });
  assert.match(!short.ok ? `${short.error.code} ${short.error.message}` : '', /bad_input .*short\.npy: truncated data/);
});

test('images and latents holding NaN are refused with the file and the first bad index', async () => {
  const a = Float64Array.from({ length: 16 * 16 }, (_, i) => i);
  a[17] = Number.NaN;
  writeFileSync(join(work, 'nan-image.npy'), encodeNpy(a, [16, 16]));
  const refused = await dispatch('analysis.metrics', { metric: 'mse', reference: join(work, 'nan-image.npy'), test: join(work, 'nan-image.npy') });
  assert.match(!refused.ok ? `${refused.error.code} ${refused.error.message}` : '', /bad_input .*nan-image\.npy: 1 NaN or infinite value\(s\) \(first at flat index 17\)/);
  writeFileSync(join(work, 'nan-latents.npy'), encodeNpy(a, [16, 16]));
  const latents = await dispatch('analysis.direction', { latents: join(work, 'nan-latents.npy'), labels: fixture('labels.npy'), method: 'mean' });
  assert.match(!latents.ok ? latents.error.message : '', /nan-latents\.npy: 1 NaN/);
});
