// The Models panel's "Train encoder" in Chromium through the headless host: the embedded IXI model lists its shipped
// encoder with the held-out report stored in its encoder.json; the form starts an encoder-training job on a 64 px dataset built from the IXI fixtures, followed in the
// model's row (progress, Pause, Resume) to done, and the new encoder is listed with its held-out reconstruction
// report. A dataset of another size is not offered. Screenshots kept.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildDataset } from '../../src-main/datasets/build.js';
import { datasetCreateInputSchema } from '../../src-shared/api/datasets.js';
import { reconstructionReportSchema } from '../../src-shared/api/encoder.js';
import { needsBrowser, openApp } from '../support/browser.js';
import type { AppSession } from '../support/browser.js';
import { fixturesDir, repoRoot } from '../support/data.js';

let app: AppSession;

test.describe('Models panel: Train encoder', { skip: needsBrowser }, () => {
  before(async () => {
    app = await openApp();
    // Built as `latentrad dataset create` would (the app's own path checks are for what the user picks).
    const ixi = { kind: 'files' as const, paths: [join(fixturesDir, 'ixi')] };
    await buildDataset(app.dataDir, datasetCreateInputSchema.parse({ name: 'ixi64', source: ixi, resolution: 64, sliceRange: [0.4, 0.8], sliceStep: 6 }));
    await buildDataset(app.dataDir, datasetCreateInputSchema.parse({ name: 'ixi32', source: ixi, resolution: 32, sliceRange: [0.5, 0.6], sliceStep: 8 }));
    await app.page.getByRole('tab', { name: 'Models & training' }).click();
    await app.page.getByTestId('models-panel').waitFor();
  });
  after(async () => app?.close());

  // Both embedded IXI models ship an encoder: the default model's (a continued run, so its row says what it continued)
  // and the first model's.
  for (const [model, shot] of [['ixi-t1-64-train130', 'encoder-shipped-report-default-model'], ['ixi-t1-64', 'encoder-shipped-report']] as const) {
    test(`the shipped encoder of ${model} is listed with its held-out report (its encoder.json's numbers)`, async () => {
      const manifest = JSON.parse(readFileSync(join(repoRoot, 'assets', 'models', model, 'encoder', 'encoder.json'), 'utf8')) as { report?: unknown; training: { iterations: number; initFrom?: string } };
      const expected = reconstructionReportSchema.parse(manifest.report);
      const refined = expected.refined;
      assert.ok(refined, 'the shipped report has its refinement row');
      const shipped = app.page.locator(`[data-testid="model"][data-model="${model}"]`).getByTestId('encoder').filter({ hasText: /shipped · W\+/ });
      const report = shipped.getByTestId('encoder-report');
      await report.locator('caption').filter({ hasText: `${expected.heldOut.images} images of ${expected.heldOut.subjects} subjects never trained on` }).waitFor({ timeout: 60_000 });
      const rows = await report.locator('tbody tr').allInnerTexts();
      assert.equal(rows.length, 3, rows.join(' | '));
      assert.match(rows[0], new RegExp(`^real \\(held out\\)\t${expected.real.count}\t${expected.real.meanSsim.toFixed(3)} \\(`));
      assert.match(rows[1], new RegExp(`^synthetic G\\(w\\)\t${expected.synthetic.count}\t${expected.synthetic.meanSsim.toFixed(3)} \\(`));
      assert.match(rows[2], new RegExp(`^real \\+ ${refined.steps} projector steps\t${refined.real.count}\t${refined.real.meanSsim.toFixed(3)} \\(`));
      const continued = manifest.training.initFrom ? ` continuing ${manifest.training.initFrom}` : '';
      assert.ok((await shipped.innerText()).includes(`shipped · W+ · ${manifest.training.iterations} iterations${continued} on `));
      await shipped.scrollIntoViewIfNeeded();
      await app.screenshot(shot);
    });
  }

  test('the form trains an encoder as a job followed in the row (pause, resume) and lists it with its report', async () => {
    const { page } = app;
    // By exact name: another embedded IXI model's row (ixi-t1-64-train130) also contains the text "ixi-t1-64".
    const row = page.locator('[data-testid="model"][data-model="ixi-t1-64"]');
    const encoders = row.getByTestId('encoders');
    await encoders.getByTestId('encoder').first().waitFor();
    assert.match(await encoders.getByTestId('encoder').first().innerText(), /shipped · W\+ · 1048 iterations/);
    await encoders.getByRole('button', { name: 'Train encoder' }).click();
    const form = encoders.getByRole('form', { name: /Train an encoder for/ });
    // Only datasets at the model's size are offered (the list loads after the form opens: wait for it).
    const options = form.getByLabel(/^Real images/).locator('option');
    await options.filter({ hasText: /^ixi64 — \d+ images$/ }).waitFor({ state: 'attached', timeout: 60_000 });
    const offered = await options.allInnerTexts();
    assert.equal(offered.length, 1, offered.join('; '));
    assert.match(offered[0], /^ixi64 — \d+ images$/);
    await form.getByLabel(/^Length/).fill('0.032');
    await form.getByLabel(/^Report: projector refinement steps/).fill('2');
    await form.getByLabel('Encoder name').fill('e2e-encoder');
    await form.getByRole('button', { name: 'Start encoder training' }).click();

    const job = encoders.getByTestId('encoder-job');
    await job.waitFor();
    // Pause once an iteration is in: the job checkpoints and waits; Resume continues it to the end.
    await job.getByTestId('encoder-job-message').filter({ hasText: /iteration [1-9]/ }).waitFor({ timeout: 300_000 });
    assert.equal(await job.locator('progress').count(), 1);
    await app.screenshot('encoder-training-running');
    await job.getByRole('button', { name: 'Pause' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="encoder-job"]')?.getAttribute('data-state') === 'paused', null, { timeout: 300_000 });
    assert.match(await job.getByTestId('encoder-job-message').innerText(), /checkpoint saved/);
    await job.getByRole('button', { name: 'Resume' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="encoder-job"]')?.getAttribute('data-state') === 'done', null, { timeout: 600_000 });
    assert.match(await job.getByTestId('encoder-job-message').innerText(), /held-out SSIM real \d\.\d{3}, synthetic \d\.\d{3}, refined \(2 steps\)/);

    const trained = encoders.getByTestId('encoder').filter({ hasText: 'e2e-encoder' });
    await trained.waitFor({ timeout: 30_000 });
    assert.match(await trained.innerText(), /trained here · W\+ · 4 iterations on ixi64/);
    const report = trained.getByTestId('encoder-report');
    const rows = await report.locator('tbody tr').allInnerTexts();
    assert.equal(rows.length, 3);
    assert.match(rows[0], /^real \(held out\)\t\d+\t-?\d\.\d{3} \(/);
    assert.match(rows[1], /^synthetic G\(w\)\t\d+\t/);
    assert.match(rows[2], /^real \+ 2 projector steps\t\d+\t/);
    assert.match(await report.locator('caption').innerText(), /images of 1 subject never trained on/);
    await trained.scrollIntoViewIfNeeded();
    await app.screenshot('encoder-trained-report');
  });
});
