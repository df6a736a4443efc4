// The app shell in Chromium through the headless host: frame, panel tabs, status bar, token handling, browser open-folder.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { needsBrowser, openApp } from '../support/browser.js';
import type { AppSession } from '../support/browser.js';

let app: AppSession;

test.describe('app shell in Chromium through the headless host', { skip: needsBrowser }, () => {
  before(async () => {
    app = await openApp();
  });
  after(async () => app?.close());

  test('the shell renders the study browser, viewer, panel tabs and status bar', async () => {
    const { page } = app;
    await page.getByTestId('app-shell').waitFor();
    assert.equal(await page.getByTestId('study-browser').getByText('No studies yet').count(), 1);
    assert.equal(await page.getByTestId('viewer-area').isVisible(), true);
    const tabs = await page.getByRole('tab').allTextContents();
    assert.deepEqual(tabs, ['Projection fidelity', 'Disease direction', 'Eigencomponents', 'Models & training', 'Jobs']);
    await app.screenshot('shell');
  });

  test('the status bar shows the ML backend and the data directory from the API', async () => {
    const { page } = app;
    await page.getByTestId('status-backend').waitFor();
    assert.match(await page.getByTestId('status-backend').innerText(), /ML backend: (wasm|tensorflow|tensorflow-gpu|cpu)/);
    assert.match(await page.getByTestId('status-data-dir').innerText(), new RegExp(app.dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  });

  test('the token is removed from the address bar after the first load', () => {
    assert.equal(new URL(app.page.url()).search, '');
  });

  test('in a browser the Open folder action is a path field (no native dialog)', async () => {
    assert.equal(await app.page.getByLabel(/Open folder/).count(), 1);
  });

  test('panel tabs switch with the keyboard to the panel of the selected tab', async () => {
    const { page } = app;
    // Arrow keys move from the selected tab (the app opens on Models & training): select the first tab, then move.
    await page.getByRole('tab', { name: 'Projection fidelity' }).click();
    await page.getByRole('tab', { name: 'Projection fidelity' }).focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getByRole('tab', { name: 'Disease direction' }).getAttribute('aria-selected'), 'true');
    await page.getByTestId('direction-panel').waitFor();
    assert.match(await page.getByRole('tabpanel').innerText(), /1\. Cohort/i); // the step headings are set in capitals by CSS
  });
});
