// The image comparison API (analysis.metrics) on files: results equal scikit-image, bad input named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createAppContext } from '../../../src-main/base/context.js';
import { encodeNpy, decodeNpy } from '../../../src-shared/io/npy.js';
import { analysisFixtures, assertClose, reference } from '../../shared/analysis/referenceData.js';
import { repoRoot } from '../../support/data.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { resultFile } from '../../../src-main/results/store.js';
import { decodePng } from '../../../src-main/io/png.js';
import { hasSyntheticLabel } from '../../support/syntheticLabel.js';

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
  const real = decodePng(readFileSync(fileOf(out, 'difference.png')));
  assert.equal(real.text.Synthetic, undefined, 'two real images make an unmarked map');
  assert.equal(hasSyntheticLabel(real.data, real.width, real.height, real.channels), false, 'and no burned-in label');
  const refused = await dispatch('analysis.metrics', { metric: 'ssim', reference: fixture('cxr_normal.png'), test: fixture('cxr_pneumonia.png') });
  assert.equal(refused.ok, false);
  assert.match(!refused.ok ? refused.error.message : '', /explicit data range/);
});

test('analysis.metrics: difference and overlay PNGs of a generated image carry the synthetic tEXt (sidecar or result.json says synthetic)', async () => {
  const generated = join(work, 'generated');
  mkdirSync(generated, { recursive: true });
  const image = decodeNpy(readFileSync(fixture('cxr_normal_recon.npy')));
  writeFileSync(join(generated, 'recon.npy'), encodeNpy(image.data, image.shape));
  writeFileSync(join(generated, 'recon.json'), JSON.stringify({ synthetic: true }));
  const out = await call('analysis.metrics', { metric: 'mse', reference: fixture('cxr_normal.png'), test: join(generated, 'recon.npy'), maps: ['difference', 'overlay'] });
  for (const name of ['difference.png', 'overlay.png']) {
    const png = decodePng(readFileSync(fileOf(out, name)));
    assert.equal(png.text.Synthetic, 'true', `${name} says synthetic`);
    assert.match(png.text.Description, /SYNTHETIC/);
    assert.ok(hasSyntheticLabel(png.data, png.width, png.height, png.channels), `${name} carries the burned-in SYNTHETIC label`);
  }
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

test('latentrad metrics copies the result files to the paths the user typed and print JSON', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src-main', 'cli', 'main.ts'), '--data-dir', work, '--json', ...args], { encoding: 'utf8', cwd: repoRoot });
  const metrics = cli('metrics', 'ssim', fixture('small_a.npy'), fixture('small_b.npy'), '--data-range', '1', '--map', join(work, 'cli', 'ssim-map.npy'));
  assert.equal(metrics.status, 0, metrics.stderr);
  const metricsOut = JSON.parse(metrics.stdout) as { value: number; exported: string[] };
  assertClose(metricsOut.value, reference.images.small.ssim.wang2004.mean, 1e-12, 'CLI SSIM');
  assert.deepEqual(metricsOut.exported, [join(work, 'cli', 'ssim-map.npy')]);
  assert.ok(existsSync(join(work, 'cli', 'ssim-map.npy')));
});

test('images holding NaN are refused with the file and the first bad index', async () => {
  const a = Float64Array.from({ length: 16 * 16 }, (_, i) => i);
  a[17] = Number.NaN;
  writeFileSync(join(work, 'nan-image.npy'), encodeNpy(a, [16, 16]));
  const refused = await dispatch('analysis.metrics', { metric: 'mse', reference: join(work, 'nan-image.npy'), test: join(work, 'nan-image.npy') });
  assert.match(!refused.ok ? `${refused.error.code} ${refused.error.message}` : '', /bad_input .*nan-image\.npy: 1 NaN or infinite value\(s\) \(first at flat index 17\)/);
});
