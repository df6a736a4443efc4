// The Models & training and Jobs panels in Chromium through the headless host: model list, import errors, empty jobs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { needsBrowser, openApp } from '../support/browser.js';
import type { AppSession } from '../support/browser.js';

let app: AppSession;

test.describe('Models & training and Jobs panels', { skip: needsBrowser }, () => {
  before(async () => {
    app = await openApp();
  });
  after(async () => app?.close());

  test('the Models & training panel lists the models the API reports', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Models & training' }).click();
    await page.getByTestId('models-panel').waitFor();
    const expected = await fetchModels(app);
    // A fresh data directory still lists the embedded model: 0 rows against 0 models would prove nothing.
    assert.ok(expected >= 1, `models.list reports the embedded model (got ${expected})`);
    await page.getByText(/Generator models/).waitFor();
    await page.waitForFunction(() => !document.body.innerText.includes('Loading models'));
    assert.equal(await page.getByTestId('model').count(), expected);
    await app.screenshot('models-panel');
  });

  test('importing a model from a path that does not exist shows an error naming the path', async () => {
    const { page } = app;
    await page.getByLabel(/Import a model directory/).fill('/nonexistent/model-dir');
    await page.getByRole('button', { name: 'Import model' }).click();
    const alert = page.getByRole('alert').filter({ hasText: '/nonexistent/model-dir' });
    await alert.waitFor();
    assert.match(await alert.innerText(), /\/nonexistent\/model-dir/);
  });

  test('the Jobs panel shows an empty list on a fresh data directory', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Jobs' }).click();
    await page.getByTestId('jobs-empty').waitFor();
    assert.match(await page.getByTestId('jobs-empty').innerText(), /No jobs yet/);
  });
});

async function fetchModels(session: AppSession): Promise<number> {
  const response = await fetch(`${session.host.origin}/api/models.list`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${session.host.token}`, 'Content-Type': 'application/json' },
    body: '{}',
  });
  const body = (await response.json()) as { ok: boolean; value: { models: unknown[] } };
  assert.equal(body.ok, true);
  return body.value.models.length;
}
