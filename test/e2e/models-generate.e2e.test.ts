// The Models panel's sample preview and Generate in Chromium through the headless host: the embedded model draws
// seeds in the worker and every tile carries the SYNTHETIC tag; a bad seed list is refused in words; a model's quality
// curve opens as a chart. Screenshots kept.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { needsBrowser, openApp } from '../support/browser.js';
import type { AppSession } from '../support/browser.js';
import { textWhen } from '../support/waits.js';

let app: AppSession;

test.describe('Models panel: sample preview and Generate', { skip: needsBrowser }, () => {
  before(async () => {
    app = await openApp();
  });
  after(async () => app?.close());

  test('a model row shows four sample images of seeds 0–3, each tagged SYNTHETIC', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Models & training' }).click();
    await page.getByRole('button', { name: /Sample preview/ }).first().click();
    const preview = page.getByTestId('model-preview').first();
    await preview.waitFor({ timeout: 60_000 });
    assert.equal(await preview.getByTestId('generated-tile').count(), 4);
    assert.deepEqual(await preview.getByRole('note').allInnerTexts(), ['SYNTHETIC', 'SYNTHETIC', 'SYNTHETIC', 'SYNTHETIC']);
    assert.equal(await preview.getByRole('img', { name: 'seed 0 (SYNTHETIC — not for diagnosis)' }).count(), 1);
    await app.screenshot('models-sample-preview');
  });

  test('Generate draws the chosen seeds into a grid; a bad seed list names the wrong part', async () => {
    const { page } = app;
    const form = page.getByRole('region', { name: 'Generate' });
    await form.getByLabel('Seeds').fill('0-2,x');
    await form.getByRole('button', { name: 'Generate' }).click();
    assert.match(await textWhen(form.getByRole('alert'), /seeds:/), /seeds: "x" is not a number/);
    await form.getByLabel('Seeds').fill('10-17');
    await form.getByLabel('Truncation ψ').fill('0.7');
    await form.getByRole('button', { name: 'Generate' }).click();
    const grid = page.getByTestId('generated');
    await grid.waitFor({ timeout: 60_000 });
    assert.equal(await grid.getByTestId('generated-tile').count(), 8);
    assert.match(await grid.innerText(), /8 images 64×64 .* raw output range/);
    // The tiles hold real pixels, not a blank canvas.
    const spread = await grid.locator('canvas').first().evaluate((c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
      let lo = 255;
      let hi = 0;
      for (let i = 0; i < data.length; i += 4) {
        lo = Math.min(lo, data[i]);
        hi = Math.max(hi, data[i]);
      }
      return hi - lo;
    });
    assert.ok(spread > 50, `the first generated tile spans ${spread} grey levels`);
    await grid.scrollIntoViewIfNeeded();
    await app.screenshot('models-generate');
  });

  test("a model row opens its quality curve: SWD and held-out SSIM over kimg from the quality.json shipped beside it", async () => {
    const { page } = app;
    const row = page.getByTestId('model').filter({ hasText: 'chest-xray-64' });
    const quality = row.getByTestId('model-quality');
    await quality.locator('summary').click();
    assert.match(await quality.locator('summary').innerText(), /Quality over training \(\d+ snapshots?, up to [\d.]+ kimg\)/);
    const chart = quality.getByRole('img', { name: 'SWD and held-out projection SSIM against kimg' });
    await chart.waitFor();
    assert.ok(((await chart.boundingBox())?.height ?? 0) > 100, 'the chart has a height');
    assert.match(await quality.innerText(), /SWD .*500 generated/);
    await quality.scrollIntoViewIfNeeded();
    await app.screenshot('models-quality');
  });
});
