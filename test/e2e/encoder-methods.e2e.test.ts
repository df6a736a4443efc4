// The encoder as an inversion method in Chromium through the headless host (issue 14's UI): the Projection fidelity
// panel reports an IXI slice through the embedded model's shipped encoder in one pass and with 5 refinement steps
// (the summary names the method, the panes are marked SYNTHETIC), and the Disease direction panel makes a cohort's
// codes with the encoder and finds a direction from them. Screenshots of each state are kept under test-results/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fixturesDir } from '../support/data.js';
import { callApi, needsBrowser, openApp } from '../support/browser.js';
import type { AppSession } from '../support/browser.js';

let app: AppSession;

const api = <T>(method: string, input: unknown): Promise<T> => callApi<T>(app, method, input);

test.describe('Encoder methods in the fidelity and direction panels', { skip: needsBrowser }, () => {
  before(async () => {
    app = await openApp();
  });
  after(async () => app?.close());

  test('fidelity: encoder one pass, then encoder + 5 refinement steps, each named in the report summary', { timeout: 600_000 }, async () => {
    const { page } = app;
    await page.getByLabel(/Open folder/).fill(join(fixturesDir, 'ixi', 'IXI012-HH-1211_T1.nii.gz'));
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByTestId('volume-row').first().locator('button').click();
    await page.getByRole('tab', { name: 'Projection fidelity' }).click();
    const panel = page.getByTestId('fidelity-panel');
    await panel.getByText(/IXI012.*\(axial\)|NIfTI volume \(axial\)/).waitFor();
    // models[0] need not be the IXI model: choose it (its shipped encoder is what the methods use).
    const model = panel.getByLabel(/^Model/);
    await model.locator('option[value="ixi-t1-64"]').waitFor({ state: 'attached', timeout: 60_000 });
    await model.selectOption('ixi-t1-64');
    const method = panel.getByLabel(/^Method/);
    // The encoder options are enabled once the model list (with the shipped encoder) has loaded.
    await method.locator('option[value="encode"]:not([disabled])').waitFor({ state: 'attached', timeout: 60_000 });
    await method.selectOption('encode');
    assert.equal(await panel.getByLabel('Steps', { exact: true }).isDisabled(), true, 'one pass has no steps');
    await panel.getByRole('button', { name: 'Project and report' }).click();
    const summary = page.getByTestId('fidelity-summary');
    await summary.filter({ hasText: /encoder ixi-t1-64 \(one pass\)/ }).waitFor({ timeout: 300_000 });
    assert.match(await summary.innerText(), /Mean SSIM \d\.\d{3}.*encoder ixi-t1-64 \(one pass\) · W\+ · noise const/);
    await page.getByTestId('pane-projection').locator('canvas').waitFor();
    assert.equal(await page.getByTestId('pane-projection').getByRole('note').innerText(), 'SYNTHETIC');
    await page.getByTestId('fidelity-result').scrollIntoViewIfNeeded();
    await app.screenshot('encoder-method-fidelity-one-pass');

    // With a result shown the request form is folded away under "New request".
    await panel.locator('summary').filter({ hasText: 'New request' }).click();
    await method.waitFor({ state: 'visible' });
    await method.selectOption('encode+refine');
    await panel.getByLabel('Steps', { exact: true }).fill('5');
    await panel.getByRole('button', { name: 'Project and report' }).click();
    await summary.filter({ hasText: /encoder ixi-t1-64 \+ 5 projector steps/ }).waitFor({ timeout: 300_000 });
    await page.getByTestId('pane-projection').locator('canvas').waitFor();
    assert.equal(await page.getByTestId('pane-projection').getByRole('note').innerText(), 'SYNTHETIC');
    await page.getByTestId('fidelity-result').scrollIntoViewIfNeeded();
    await app.screenshot('encoder-method-fidelity-refined');
  });

  test('direction: a cohort whose codes come from the encoder, and a direction found from them', { timeout: 600_000 }, async () => {
    const { page } = app;
    const ixi = join(fixturesDir, 'ixi');
    const job = await api<{ id: string }>('catalog.import', { paths: [ixi] });
    for (let i = 0; i < 600; i++) {
      const state = (await api<{ state: string }>('jobs.get', { id: job.id })).state;
      if (state === 'done') break;
      assert.ok(state === 'running' || state === 'queued', `import ${state}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await api('catalog.importLabels', { csvPath: join(ixi, 'labels.csv') });

    await page.getByRole('tab', { name: 'Disease direction' }).click();
    const builder = page.getByTestId('cohort-builder');
    // models[0] need not be the model with the shipped encoder the test uses: choose it.
    const model = builder.getByLabel('Model', { exact: true });
    await model.locator('option[value="ixi-t1-64"]').waitFor({ state: 'attached', timeout: 60_000 });
    await model.selectOption('ixi-t1-64');
    await builder.getByLabel('Split by label').locator('option[value="age"]').waitFor({ state: 'attached', timeout: 60_000 });
    await builder.getByLabel('Split by label').selectOption('age');
    await builder.getByLabel(/Group a: age below/).fill('40');
    await builder.getByLabel(/Group b: age above/).fill('40');
    await builder.getByLabel(/Slices \(fractions/).fill('0.6,0.7');
    await builder.getByLabel(/Every n-th slice/).fill('5');
    const codesFrom = builder.getByLabel('Codes from', { exact: true });
    await codesFrom.locator('option[value="encode"]:not([disabled])').waitFor({ state: 'attached', timeout: 60_000 });
    await codesFrom.selectOption('encode');
    // One pass takes no steps: the field says so and is disabled.
    assert.equal(await builder.getByLabel(/^Steps per code \(none: the encoder codes in one pass\)/).isDisabled(), true);
    const counts = page.getByTestId('cohort-counts');
    await counts.getByText(/age<40/).waitFor();
    await builder.scrollIntoViewIfNeeded();
    await app.screenshot('encoder-method-cohort-form');

    await page.getByRole('button', { name: 'Make the codes' }).click();
    const done = page.getByTestId('cohort-done');
    await done.waitFor({ timeout: 300_000 });
    assert.match(await done.innerText(), /0 codes reused from the cache,\s+6 projected/);
    const cohortResult = (await done.innerText()).match(/Cohort (\S+):/)?.[1];
    assert.ok(cohortResult, 'the panel names the cohort result');
    // The codes are the encoder's (the cohort's meta.json says so), not a projection's.
    const meta = JSON.parse(readFileSync(join(app.dataDir, 'results', cohortResult, 'meta.json'), 'utf8')) as { method?: string };
    assert.equal(meta.method, 'encode');

    await page.getByLabel('Method', { exact: true }).selectOption('mean');
    await page.getByLabel(/Held-out fraction/).fill('0');
    await page.getByRole('button', { name: 'Find the direction' }).click();
    await page.getByTestId('direction-report').waitFor({ timeout: 120_000 });
    assert.match(await page.getByTestId('direction-numbers').innerText(), /training\s+6\s+2/);
    await page.getByRole('img', { name: /Histogram/ }).scrollIntoViewIfNeeded();
    await app.screenshot('encoder-method-direction-report');
  });
});
