// Switching layouts and re-opening series many times keeps the number of live WebGL contexts bounded: Chromium
// keeps at most 16 and warns "Too many active WebGL contexts" when a page creates more without releasing them.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { needsBrowser } from '../support/browser.js';
import type { AppSession } from '../support/browser.js';
import { fixturesDir } from '../support/data.js';
import { fakeCatalogHandlers } from '../support/fakeCatalog.js';
import { openViewerApp, waitForPane } from '../support/viewerApp.js';

const template = join(fixturesDir, 'viewer', 'avg152T1_LR_nifti.nii.gz');
let app: AppSession;
const contextWarnings: string[] = [];

/**
 * Counts every WebGL context the page creates (getContext on a canvas that had none). A context is released only
 * when it is lost (explicitly or by Chromium); creations minus losses is how many are alive.
 */
const countContexts = `(() => {
  const seen = new WeakSet();
  const counts = { created: 0, lost: 0 };
  globalThis.__webglContexts = counts;
  const original = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
    const context = original.call(this, type, ...rest);
    if (context && /webgl/.test(String(type)) && !seen.has(context)) {
      seen.add(context);
      counts.created++;
      this.addEventListener('webglcontextlost', () => counts.lost++);
    }
    return context;
  };
})();`;

async function liveContexts(): Promise<{ created: number; lost: number }> {
  return app.page.evaluate('globalThis.__webglContexts') as Promise<{ created: number; lost: number }>;
}

test.describe('WebGL contexts across layout changes (fake catalog)', { skip: needsBrowser }, () => {
  before(async () => {
    app = await openViewerApp({ handlers: await fakeCatalogHandlers(template) });
    app.page.on('console', (message) => {
      if (/too many active webgl contexts/i.test(message.text())) contextWarnings.push(message.text());
    });
    await app.page.addInitScript(countContexts);
    await app.page.reload();
  });
  after(async () => app?.close());

  test('twenty layout switches and re-opened series create no new WebGL contexts after the first ones', async () => {
    const { page } = app;
    const openSeries = async (): Promise<void> => {
      await page.getByTestId('series-row').first().locator('button').first().click();
      // Pane 0 still shows the MPR's axial plane until the series' stack is described: wait for the stack itself.
      await page.locator('[data-testid="pane-0"][data-kind="stack"]').waitFor();
      await waitForPane(page, 0);
    };
    const openMpr = async (): Promise<void> => {
      await page.getByTestId('volume-row').first().locator('button').click();
      for (const pane of [0, 1, 2]) await waitForPane(page, pane);
    };
    await openSeries();
    await openMpr();
    const settled = await liveContexts();
    assert.ok(settled.created > 0, 'the viewer renders with WebGL (otherwise this test proves nothing)');
    assert.ok(settled.created - settled.lost <= 16, `within Chromium's 16 live contexts per page (${settled.created - settled.lost})`);
    for (let round = 0; round < 5; round++) {
      for (const layout of ['1×1', '1×2', '2×2', '1×1']) await page.getByRole('button', { name: layout, exact: true }).click();
      await openSeries();
      await openMpr();
    }
    await app.screenshot('viewer-layouts-after-20-switches');
    const end = await liveContexts();
    assert.equal(end.created - end.lost, settled.created - settled.lost, `live contexts stay at ${settled.created - settled.lost} (created ${end.created}, lost ${end.lost})`);
    assert.equal(end.created, settled.created, 'no context is created again after the first series and MPR were shown');
    assert.deepEqual(contextWarnings, [], 'Chromium never warns about too many WebGL contexts');
  });

  test('a series whose listing answers after a later click on a volume does not replace that volume (latest click wins)', async () => {
    const { page } = app;
    // Hold the series' instance listing for 1.5 s: the volume, clicked meanwhile, must stay on screen.
    await page.route('**/api/catalog.listInstances', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    try {
      await page.getByTestId('series-row').first().locator('button').first().click();
      await page.getByTestId('volume-row').first().locator('button').click();
      for (const pane of [0, 1, 2]) await waitForPane(page, pane);
      await page.waitForTimeout(2500);
      assert.equal(await page.getByTestId('pane-0').getAttribute('data-kind'), 'volume', 'pane 0 still shows the volume');
      assert.equal(await page.locator('[data-testid^="pane-"][data-kind="volume"]').count(), 3, 'all three planes stay');
    } finally {
      await page.unroute('**/api/catalog.listInstances');
    }
  });
});
