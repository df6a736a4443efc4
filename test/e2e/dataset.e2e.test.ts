// Building a dataset from the app: chest X-rays imported into the catalog, the New dataset form filled and submitted,
// the job followed to done in the Jobs panel, and the dataset offered by the training form without a reload.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createLocalClient } from '../../src-main/api/localClient.js';
import { needsBrowser, openApp } from '../support/browser.js';
import type { AppSession } from '../support/browser.js';
import { fixturesDir } from '../support/data.js';
import { createAppDispatcher } from '../../src-main/api/app.js';
import { importPaths } from '../../src-shared/api/awaitJob.js';

let app: AppSession;

test.describe('New dataset form → dataset job → training form', { skip: needsBrowser }, () => {
  before(async () => {
    app = await openApp();
    // Imported through the app's own context, as the Import panel would: five X-rays labelled class=NORMAL|PNEUMONIA.
    const client = createLocalClient(createAppDispatcher(app.ctx), app.ctx);
    await importPaths(client, { paths: [join(fixturesDir, 'images')] });
    await app.page.getByRole('tab', { name: 'Models & training' }).click();
    await app.page.getByTestId('models-panel').waitFor();
  });
  after(async () => app?.close());

  test('a filter that is not key=value, an empty name and a slice range past 1 are refused in words next to the form', async () => {
    const { page } = app;
    await page.getByLabel(/^Filters/).fill('class');
    await page.getByRole('button', { name: 'Build dataset' }).click();
    const errors = page.getByRole('alert', { name: 'Dataset form errors' });
    await errors.getByText('Filters: expected key=value, got "class"').waitFor();
    await page.getByLabel(/^Filters/).fill('class=PNEUMONIA');
    await page.getByRole('button', { name: 'Build dataset' }).click();
    await errors.getByText(/^Dataset name: use 1–64 letters/).waitFor();
    // A number outside its range comes back from the API's validation named by the control's label.
    await page.getByLabel('Dataset name', { exact: true }).fill('too-far');
    await page.getByLabel(/^Slice range to/).fill('2');
    await page.getByRole('button', { name: 'Build dataset' }).click();
    await errors.getByText(/^Slice range to\b.*1/).waitFor();
    await page.getByLabel(/^Slice range to/).fill('1');
  });

  test('submitting builds the dataset as a job that ends done and the training form offers it', async () => {
    const { page } = app;
    const started = performance.now();
    await page.getByLabel('Dataset name', { exact: true }).fill('cxr-pneumonia');
    await page.getByRole('checkbox', { name: 'Volumes (NIfTI)' }).uncheck();
    await page.getByRole('checkbox', { name: 'DICOM series' }).uncheck();
    await page.getByLabel(/^Filters/).fill('class=PNEUMONIA');
    await page.getByLabel('Resolution', { exact: true }).selectOption('32');
    await page.getByLabel(/^Modality/).selectOption('image');
    await page.getByLabel(/^Fit/).selectOption('crop');
    await page.getByRole('button', { name: 'Build dataset' }).click();
    await page.getByRole('status').getByText(/Building dataset "cxr-pneumonia" \(job [a-z0-9-]+\)/).waitFor();
    assert.equal(await page.getByRole('alert', { name: 'Dataset form errors' }).count(), 0);

    // The training form had no dataset; the job's done event brings the new one in while the panel stays open.
    const option = page.getByLabel('Dataset', { exact: true }).locator('option', { hasText: 'cxr-pneumonia — 3 images, 32²' });
    await option.waitFor({ state: 'attached' });
    console.log(`# dataset job submitted and offered for training in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await app.screenshot('new-dataset-form');

    await page.getByRole('tab', { name: 'Jobs' }).click();
    const job = page.locator('[data-testid="job"][data-state="done"]', { hasText: 'dataset cxr-pneumonia' });
    await job.waitFor();
    assert.match(await job.innerText(), /done: 3 images from 3 inputs; nothing skipped/);
    assert.equal(await job.getByRole('progressbar').getAttribute('value'), '1');
    assert.match(await job.innerText(), /started \d\d:\d\d · finished \d\d:\d\d \(after \d+/);
    // The import job lists the file it could not read, with the reason, one click away.
    const importJob = page.locator('[data-testid="job"][data-state="done"]', { hasText: 'import' });
    await importJob.getByText(/1 file not imported/).click();
    assert.match(await importJob.getByTestId('job-import-errors').innerText(), /fixtures\/images\/\S+: \S/);
    await app.screenshot('dataset-job-done');

    const info = await fetch(`${app.host.origin}/api/datasets.get`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${app.host.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'cxr-pneumonia' }),
    }).then((r) => r.json() as Promise<{ ok: boolean; value: { count: number; resolution: number; normalisation: { modality: string } } }>);
    assert.deepEqual([info.value.count, info.value.resolution, info.value.normalisation.modality], [3, 32, 'image']);
  });
});
