// "Open demo" in Chromium through the headless host: the button on the empty start screen starts the demo job (made
// short: 2 projection steps), its progress shows beside the button and in the Jobs panel, and the finished report
// opens in the app with its figures and SYNTHETIC labels; screenshots kept in test-results/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startDemo } from '../../src-main/demo/jobRunner.js';
import { needsBrowser, openApp } from '../support/browser.js';
import type { AppSession } from '../support/browser.js';

let app: AppSession;

test.describe('Open demo', { skip: needsBrowser }, () => {
  before(async () => {
    // The shortened demo: the same job with 2 projection steps instead of 200.
    app = await openApp({ handlers: { 'demo.start': (params, ctx) => startDemo({ ...params, steps: 2 }, ctx) } });
  });
  after(async () => app?.close());

  test('runs from the empty start screen and opens its report in the app', async () => {
    const { page } = app;
    const button = page.getByRole('button', { name: 'Open demo' });
    await button.waitFor();
    await app.screenshot('demo-start-screen');
    await button.click();
    await page.getByTestId('demo-progress').waitFor();
    await page.getByRole('tab', { name: 'Jobs' }).click();
    await page.getByText(/demo: every analysis on the demo study/).first().waitFor({ timeout: 30_000 });
    await app.screenshot('demo-running-jobs-panel');

    const report = page.getByTestId('demo-report');
    await report.waitFor({ timeout: 240_000 });
    // The report lives in a shadow root: read what it shows through the DOM.
    const shown = await report.evaluate((el) => {
      const root = el.querySelector('.demo-report-body')?.shadowRoot;
      return {
        text: root?.textContent ?? '',
        images: root?.querySelectorAll('img').length ?? 0,
        loaded: Array.from(root?.querySelectorAll('img') ?? []).every((img) => img.complete && img.naturalWidth > 0),
        synthetic: root?.querySelectorAll('.label').length ?? 0,
        charts: root?.querySelectorAll('svg').length ?? 0,
      };
    });
    for (const heading of ['1. Projection and fidelity report', '2. Ageing direction', '3. NORMAL/PNEUMONIA direction', '4. Edit series', '5. Eigencomponents']) assert.ok(shown.text.includes(heading), heading);
    assert.ok(shown.images >= 30, `${shown.images} images`);
    assert.ok(shown.loaded, 'every image decodes');
    assert.ok(shown.synthetic >= 27, `${shown.synthetic} SYNTHETIC labels`);
    // Histograms of the ageing and the NORMAL/PNEUMONIA directions, and the eigenvector chart.
    assert.equal(shown.charts, 3);
    await app.screenshot('demo-report-top');
    await report.locator('.demo-report-body').evaluate((el) => el.scrollBy(0, 1400));
    await app.screenshot('demo-report-series');
    await page.getByRole('button', { name: 'Close' }).click();
    await report.waitFor({ state: 'detached' });
  });
});
