// A CR whose display comes from a VOI LUT Sequence (0028,3010) is shown through the table itself: each pixel's grey
// on screen is pydicom's apply_voi_lut output scaled to 8 bits, not a linear window over the table's inputs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PNG } from 'pngjs';
import { needsBrowser } from '../support/browser.js';
import type { AppSession } from '../support/browser.js';
import { fixturesDir } from '../support/data.js';
import { openViewerApp, waitForPane } from '../support/viewerApp.js';

const dir = join(fixturesDir, 'dicom', 'luts');
const reference = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as { voi: number[] };
let app: AppSession;

test.describe('VOI LUT Sequence in the viewer (real catalog)', { skip: needsBrowser }, () => {
  before(async () => {
    app = await openViewerApp();
  });
  after(async () => app?.close());

  test('every pixel of the 16×16 CR shows pydicom’s apply_voi_lut value (12-bit table output scaled to 0–255)', async () => {
    const { page } = app;
    await page.getByLabel(/Open folder/).fill(join(dir, 'cr-modality-voi-lut.dcm'));
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByTestId('series-row').first().locator('button').first().click();
    await waitForPane(page, 0);
    assert.equal(await page.getByTestId('overlay-voi-lut-0').innerText(), 'VOI LUT SIGMOID TEST');
    await app.screenshot('viewer-voi-lut');
    const png = PNG.sync.read(await page.getByTestId('viewport-0').locator('canvas').first().screenshot());
    const grey = (x: number, y: number): number => png.data[(Math.round(y) * png.width + Math.round(x)) * 4];
    // The image is the non-black square (its first cells are black, its last row and column are not). Only the middle
    // band is searched: the screenshot includes the overlay text in the corners.
    // (The pane's outline may light the canvas's last column: the image is the first run of non-black pixels.)
    let x0 = 0;
    while (x0 < png.width && grey(x0, png.height / 2) === 0) x0++;
    let x1 = x0;
    while (x1 + 1 < png.width && grey(x1 + 1, png.height / 2) > 0) x1++;
    let y1 = png.height - 1;
    while (y1 > 0 && grey(png.width / 2, y1) === 0) y1--;
    const size = (x1 + 1 - x0) / 16;
    const y0 = y1 + 1 - size * 16;
    assert.ok(size > 8 && y0 >= -1, `the image is shown whole and large enough to sample (${size.toFixed(1)} px per pixel, top at ${y0.toFixed(1)})`);
    let worst = 0;
    // Cell centres are where interpolation on screen returns the pixel's own value.
    for (let row = 0; row < 16; row++) {
      for (let col = 0; col < 16; col++) {
        const shown = grey(x0 + (col + 0.5) * size, Math.max(0, y0 + (row + 0.5) * size));
        worst = Math.max(worst, Math.abs(shown - (reference.voi[row * 16 + col] / 4095) * 255));
      }
    }
    assert.ok(worst <= 2, `every pixel within 2 grey levels of pydicom's VOI LUT output (worst ${worst.toFixed(1)})`);
  });
});
