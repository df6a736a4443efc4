// One-pass encoding with the shipped IXI encoder (assets/models/ixi-t1-64/encoder): codes and reconstructions of
// the right shapes, and an encoder directory that is missing, damaged or made for another generator is refused
// naming the directory and the reason.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setupTfjs } from '../../../../src-main/ml/backends.js';
import { encodeImages } from '../../../../src-main/ml/encoder/encode.js';
import { Rng } from '../../../../src-main/ml/stylegan2/random.js';
import { repoRoot } from '../../../support/data.js';

const modelDir = join(repoRoot, 'assets', 'models', 'ixi-t1-64');
const encoderDir = join(modelDir, 'encoder');
const temp = mkdtempSync(join(tmpdir(), 'encoder-encode-'));
before(async () => {
  await setupTfjs({ only: 'wasm' });
});
after(() => rmSync(temp, { recursive: true, force: true }));

const images = (n: number): Float32Array => Float32Array.from(new Rng(8).normalArray(n * 64 * 64), (v) => Math.tanh(v));

test('the shipped encoder gives W+ codes and raw reconstructions for a batch in one pass', async () => {
  const result = await encodeImages(modelDir, encoderDir, images(3), 3, { batch: 2, threads: 1 });
  assert.equal(result.ws.length, 3 * 10 * 64);
  assert.equal(result.images.length, 3 * 64 * 64);
  assert.ok(result.ws.every(Number.isFinite) && result.images.every(Number.isFinite));
  assert.equal(result.manifest.architecture.space, 'wplus');
});

test('an encoder for another generator, a damaged encoder and a missing one are refused clearly', async () => {
  const other = join(temp, 'other');
  cpSync(encoderDir, other, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(other, 'encoder.json'), 'utf8')) as { generator: { sha256: string }; architecture: { wDim: number } };
  manifest.generator.sha256 = '0'.repeat(64);
  writeFileSync(join(other, 'encoder.json'), JSON.stringify(manifest));
  await assert.rejects(encodeImages(modelDir, other, images(1), 1), /other: trained for generator ixi-t1-64 \(sha256 000000000000…\), not for ixi-t1-64/);
  manifest.architecture.wDim = 32;
  writeFileSync(join(other, 'encoder.json'), JSON.stringify(manifest));
  await assert.rejects(encodeImages(modelDir, other, images(1), 1), /encoder\.safetensors: parameter out\.weight is missing or not shaped \[1024, 320\]/);
  await assert.rejects(encodeImages(modelDir, join(temp, 'none'), images(1), 1), /none[/\\]encoder\.json: not a readable encoder manifest/);
  await assert.rejects(encodeImages(modelDir, encoderDir, new Float32Array(5), 1), /images: 5 values is not 1 × 1 × 64 × 64/);
});
