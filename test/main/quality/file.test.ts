// Proves a quality log becomes the quality.json shipped beside a model: one point per kimg (later rows win), sorted,
// SWD levels and held-out numbers carried over; rows without kimg and lines that are not rows are named errors.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { qualityFileOf, readQualityLog } from '../../../src-main/quality/file.js';
import type { QualityRow } from '../../../src-main/quality/measure.js';
import { tempDirs } from '../../support/tempDirs.js';

const temp = tempDirs('latentrad-quality-file-');

function row(kimg: number | null, swd: number, ssim: number): QualityRow {
  return {
    model: { id: 'm1', name: 'chest-xray-64', generatorSha256: null },
    kimg,
    swd: { levels: [{ resolution: 64, swd: swd - 1 }, { resolution: 32, swd: swd + 1 }], mean: swd, options: { patch: 7, perImage: 128, minResolution: 32, repeats: 4, directionsPerRepeat: 128, seed: 0 }, images: 500, reals: 'r.npy' },
    holdout: { subjects: 8, slice: 'middle', space: 'wplus', steps: 200, learningRate: 0.025, ssimVariant: 'wang2004', meanSsim: ssim, minSsim: ssim - 0.1, maxSsim: ssim + 0.1, meanMse: 0.01, rows: [] },
    seconds: { generate: 1, swd: 2, projection: 3 },
    created: '2026-12-03T00:00:00Z',
  };
}

test('one point per kimg, sorted, the later row of a kimg winning, with the numbers of the row', () => {
  const file = qualityFileOf([row(4, 30, 0.5), row(2, 50, 0.4), row(4, 28, 0.55)], 'SWD 500 images; 8 held-out, 200 steps', 'log');
  assert.equal(file.format, 'latentrad-quality');
  assert.equal(file.protocol, 'SWD 500 images; 8 held-out, 200 steps');
  assert.deepEqual(file.points.map((p) => [p.kimg, p.swdMean, p.ssimMean]), [[2, 50, 0.4], [4, 28, 0.55]]);
  assert.deepEqual(file.points[1].swdLevels, [{ resolution: 64, swd: 27 }, { resolution: 32, swd: 29 }]);
  assert.deepEqual([file.points[1].swdImages, file.points[1].holdoutImages, file.points[1].steps, file.points[1].ssimMin], [500, 8, 200, 0.45000000000000007]);
});

test('a row without kimg is an error naming the log and the model', () => {
  assert.throws(() => qualityFileOf([row(null, 1, 0.1)], 'p', 'q.jsonl'), /q\.jsonl: a row of model chest-xray-64 has no kimg/);
});

test('the log is read row by row; blank lines skipped, a foreign line named by number', () => {
  const log = join(temp(), 'quality.jsonl');
  writeFileSync(log, `${JSON.stringify(row(2, 50, 0.4))}\n\n${JSON.stringify(row(4, 30, 0.5))}\n`);
  assert.deepEqual(readQualityLog(log).map((r) => r.kimg), [2, 4]);
  writeFileSync(log, `${JSON.stringify(row(2, 50, 0.4))}\n{"kimg": 3}\n`);
  assert.throws(() => readQualityLog(log), /quality\.jsonl: line 2 is not a quality row/);
  writeFileSync(log, 'nope\n');
  assert.throws(() => readQualityLog(log), /quality\.jsonl: line 1 is not JSON/);
});
