// The Disease direction panel in Chromium through the headless host, on two IXI volumes with ages: the group sizes
// before anything runs, the cohort job, the separability report, an edit series viewed beside the original (1×2,
// SYNTHETIC on the series pane, the difference overlay drawn) and exported. Small settings (15 projection steps, so α = 0 resembles the original,
// 5 α steps) keep it short; a screenshot of every state is kept under test-results/. The series' buttons are checked
// to fit the analysis column at 1440×900 and 1280×800.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fixturesDir } from '../support/data.js';
import { callApi, needsBrowser, openApp } from '../support/browser.js';
import type { AppSession } from '../support/browser.js';
import type { Page } from 'playwright-core';
import { textWhen } from '../support/waits.js';

let app: AppSession;

const api = <T>(method: string, input: unknown): Promise<T> => callApi<T>(app, method, input);

async function importIxi(): Promise<void> {
  const ixi = join(fixturesDir, 'ixi');
  const job = await api<{ id: string }>('catalog.import', { paths: [ixi] });
  for (let i = 0; i < 300; i++) {
    const state = (await api<{ state: string }>('jobs.get', { id: job.id })).state;
    if (state === 'done') break;
    assert.ok(state === 'running' || state === 'queued', `import ${state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await api('catalog.importLabels', { csvPath: join(ixi, 'labels.csv') });
}

/** Buttons of the series result that stick out of the analysis column or whose label broke onto a second line. */
function buttonLayoutFaults(page: Page): Promise<string[]> {
  return page.getByTestId('series-result').evaluate((result) => {
    const column = result.closest('.analysis')?.getBoundingClientRect();
    if (!column) return ['no .analysis column around the series result'];
    const buttons = [...result.querySelectorAll('button')];
    const oneLine = Math.min(...buttons.map((b) => b.getBoundingClientRect().height));
    return buttons.flatMap((b) => {
      const box = b.getBoundingClientRect();
      const name = b.getAttribute('aria-label') ?? b.textContent ?? '';
      return [
        ...(box.left < column.left - 0.5 || box.right > column.right + 0.5 ? [`${name}: ${box.left.toFixed(0)}–${box.right.toFixed(0)} px outside the column ${column.left.toFixed(0)}–${column.right.toFixed(0)}`] : []),
        ...(box.height > oneLine + 2 ? [`${name}: ${box.height.toFixed(0)} px tall, its label wrapped (one line is ${oneLine.toFixed(0)})`] : []),
        ...(b.scrollWidth > b.clientWidth + 1 ? [`${name}: label clipped`] : []),
      ];
    });
  });
}

test.describe('Disease direction panel', { skip: needsBrowser }, () => {
  before(async () => {
    app = await openApp();
  });
  after(async () => app?.close());

  test('cohort counts, the cohort job, the report, the series beside the original and its export', { timeout: 300_000 }, async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Disease direction' }).click();
    await page.getByTestId('direction-panel').waitFor();
    await page.getByText(/No labelled volumes in the catalog/).waitFor();
    await app.screenshot('direction-empty');

    await importIxi();
    const panel = page.getByTestId('cohort-builder');
    await panel.getByLabel('Split by label').selectOption('age');
    await panel.getByLabel(/Group a: age below/).fill('40');
    await panel.getByLabel(/Group b: age above/).fill('40');
    await panel.getByLabel(/Slices \(fractions/).fill('0.6,0.7');
    await panel.getByLabel(/Every n-th slice/).fill('5');
    await panel.getByLabel(/Projection steps/).fill('15');
    const counts = page.getByTestId('cohort-counts');
    await counts.getByText(/age<40/).waitFor();
    await page.waitForTimeout(300);
    assert.match(await counts.innerText(), /a\s+age<40\s+1\s+1\s+3/);
    assert.match(await counts.innerText(), /b\s+age>40\s+1\s+1\s+3/);
    await counts.scrollIntoViewIfNeeded();
    await app.screenshot('direction-cohort-counts');

    await page.getByRole('button', { name: 'Make the codes' }).click();
    await page.getByTestId('cohort-job').waitFor();
    await page.getByTestId('cohort-job').scrollIntoViewIfNeeded();
    await app.screenshot('direction-running');
    await page.getByTestId('cohort-done').waitFor({ timeout: 180_000 });
    assert.match(await page.getByTestId('cohort-done').innerText(), /0 codes reused from the cache,\s+6 projected/);

    await page.getByLabel('Method').selectOption('mean');
    await page.getByLabel(/Held-out fraction/).fill('0');
    // Acquisition properties that vary in the cohort are offered as confounders beside the labels.
    await page.getByLabel('mean_intensity').check();
    await page.getByLabel('intensity_sd').check();
    await page.getByRole('button', { name: 'Find the direction' }).click();
    await page.getByTestId('direction-report').waitFor({ timeout: 60_000 });
    assert.match(await page.getByTestId('direction-numbers').innerText(), /training\s+6\s+2/);
    assert.equal(await page.getByRole('img', { name: /Histogram of the codes' projections/ }).count(), 1);
    assert.match(await page.getByTestId('confounder-audit').innerText(), /mean_intensity[\s\S]*intensity_sd/);
    await page.getByRole('img', { name: /Histogram/ }).scrollIntoViewIfNeeded();
    await app.screenshot('direction-report');

    await page.getByLabel('α steps').fill('5');
    await page.getByRole('button', { name: 'Generate the series' }).click();
    const editPatient = page.getByTestId('edit-patient');
    await page.getByTestId('series-result').or(editPatient.getByRole('alert')).waitFor({ timeout: 60_000 });
    assert.equal(await editPatient.getByRole('alert').count(), 0, await editPatient.innerText());
    assert.match(await page.getByTestId('series-result').innerText(), /SYNTHETIC 5 images of 64×64/);
    // The series' buttons wrap as whole one-line buttons inside the analysis column (~26vw) at both laptop sizes.
    for (const size of [{ width: 1280, height: 800 }, { width: 1440, height: 900 }]) {
      await page.setViewportSize(size);
      await page.getByTestId('series-export-buttons').scrollIntoViewIfNeeded();
      assert.deepEqual(await buttonLayoutFaults(page), [], `series buttons at ${size.width}×${size.height}`);
      await app.screenshot(`direction-export-buttons-${size.width}x${size.height}`);
    }
    await page.getByRole('button', { name: 'View beside the original' }).click();
    await page.getByText(/Shown in the viewer \(1×2\)/).waitFor({ timeout: 60_000 });
    await page.getByTestId('viewport-1').waitFor();
    await page.getByTestId('synthetic-marker-1').waitFor();
    assert.equal(await page.getByTestId('synthetic-marker-0').count(), 0, 'the original is not marked synthetic');
    // The original is the slice exactly as it was projected (the model's grid and orientation), not a viewer reslice.
    await page.getByTestId('pane-0').getByText('Original (as projected)').waitFor();
    assert.match(await page.getByTestId('overlay-patient-0').innerText(), /world axis z slice \d+/);
    assert.match(await page.getByTestId('overlay-caption-1').innerText(), /SYNTHETIC α = 0 σ/);
    await page.getByTestId('slice-slider-1').fill('5');
    assert.match(await textWhen(page.getByTestId('overlay-caption-1'), /α = 3 σ/), /α = 3 σ/);
    await app.screenshot('direction-series-view');
    // Both panes start with one W/L (model scale) and follow each other: a preset on the series reaches the original.
    assert.equal(await page.getByTestId('overlay-wl-0').innerText(), await page.getByTestId('overlay-wl-1').innerText());
    await page.getByTestId('viewport-1').click();
    await page.getByRole('button', { name: 'Soft tissue' }).click();
    assert.match(await textWhen(page.getByTestId('overlay-wl-1'), /W 400 L 40/), /W 400 L 40/);
    assert.match(await textWhen(page.getByTestId('overlay-wl-0'), /W 400 L 40/), /W 400 L 40/, 'the original follows the series W/L');

    await page.getByRole('button', { name: 'Export NIfTI' }).click();
    await page.getByTestId('series-exports').getByText(/NIfTI \(SYNTHETIC\)/).waitFor({ timeout: 60_000 });
    assert.match(await page.getByTestId('series-exports').innerText(), /series\.nii\.gz/);
    await page.getByTestId('series-exports').scrollIntoViewIfNeeded();
    await app.screenshot('direction-export');
  });
});
