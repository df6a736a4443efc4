// A render error stops one panel, never the app, in Chromium through the headless host: the Jobs panel is given a
// malformed jobs.list answer (as a host bug would send), shows "This panel stopped: <reason>" as an alert while the
// study browser, the viewer and the other tabs keep working, and "Reload panel" renders it again once the answer is
// sound. The harness reports the caught render error (it fails any other test on one). Screenshot kept.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { needsBrowser, openApp } from '../support/browser.js';
import type { AppSession } from '../support/browser.js';

let app: AppSession;

test.describe('Panel error boundary', { skip: needsBrowser }, () => {
  before(async () => {
    app = await openApp({ allowPageErrors: /^render error: .*\(Jobs\)/ });
  });
  after(async () => app?.close());

  test('a panel that throws while rendering shows the reason and a Reload button; the rest of the app keeps working', async () => {
    const { page } = app;
    // jobs.list without its `jobs` array: the panel's render reads jobs.value.jobs.length and throws.
    await page.route('**/api/jobs.list', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"ok":true,"value":{}}' }));
    await page.getByRole('tab', { name: 'Jobs' }).click();
    const stopped = page.getByRole('tabpanel').getByRole('alert').filter({ hasText: 'This panel stopped:' });
    await stopped.waitFor({ timeout: 60_000 });
    assert.match(await stopped.innerText(), /This panel stopped: .*(undefined|length)/);
    assert.equal(await stopped.getAttribute('data-panel'), 'Jobs');
    await app.screenshot('panel-stopped-jobs');

    // The rest of the window still renders and responds: the study browser, the viewer's empty state, another tab.
    await page.getByTestId('study-browser').getByRole('heading', { name: 'Studies' }).waitFor();
    await page.getByTestId('viewer-area').getByText('No image open').waitFor();
    await page.getByRole('tab', { name: 'Models & training' }).click();
    await page.getByTestId('models-panel').waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: 'Jobs' }).click();
    await stopped.waitFor({ timeout: 60_000 });

    // Once the host answers soundly, Reload panel renders the panel again.
    await page.unroute('**/api/jobs.list');
    await stopped.getByRole('button', { name: 'Reload panel' }).click();
    await page.getByTestId('jobs-empty').waitFor({ timeout: 60_000 });
    await stopped.waitFor({ state: 'detached' });

    // The harness saw each stop as a render error naming the panel (and would fail a test that did not expect it).
    for (let i = 0; i < 600 && app.pageErrors.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(app.pageErrors.length >= 2, app.pageErrors.join('\n'));
    for (const line of app.pageErrors) assert.match(line, /^render error: LatentRad: a panel stopped on a render error \(Jobs\)/);
  });
});
