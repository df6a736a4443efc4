// JPEG research images decode through the libjpeg-turbo codec: grey X-rays saved as RGB come back as one channel with
// the same values as PIL/libjpeg (scikit-image's imread), and a broken JPEG is refused naming the file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeJpeg, readRaster } from '../../../src-main/io/raster.js';
import { fixturesDir } from '../../support/data.js';

const jpegPath = join(fixturesDir, 'images', 'PNEUMONIA', 'person1002_small.jpeg');

test('a grey chest X-ray JPEG stored as RGB decodes to one channel equal to scikit-image\'s pixels', async () => {
  const raster = await readRaster(jpegPath);
  assert.deepEqual([raster.channels, raster.rows, raster.columns, raster.bitDepth], [1, 128, 128, 8]);
  // Reference: skimage.io.imread (PIL, libjpeg) of the same file: row 64, columns 60–67, and the sum of all pixels.
  assert.deepEqual(Array.from(raster.data.subarray(64 * 128 + 60, 64 * 128 + 68)), [144, 140, 141, 142, 146, 147, 150, 156]);
  assert.equal(Array.from(raster.data).reduce((a, b) => a + b, 0), 1514921);
});

test('a truncated JPEG is refused with the file name and the reason', async () => {
  const bytes = readFileSync(jpegPath);
  await assert.rejects(decodeJpeg(bytes.subarray(0, 200), '/data/cut.jpeg'), /\/data\/cut\.jpeg: not a decodable JPEG/);
});
