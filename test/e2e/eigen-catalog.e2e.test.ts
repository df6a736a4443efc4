// The Eigencomponents panel on a catalog DICOM series in Chromium: a real 6-visit follow-up of one slice is imported,
// listed under "Catalog series" with its modality, description and frame count, analysed with α = frame index; the
// result names the series, equals the API's, and its maps open without the SYNTHETIC marker; screenshot kept.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { eigenOutputSchema } from '../../src-shared/api/eigen.js';
import type { EigenOutput } from '../../src-shared/api/eigen.js';
import type { Job } from '../../src-shared/api/jobs.js';
import { callApi, needsBrowser, openApp } from '../support/browser.js';
import type { AppSession } from '../support/browser.js';
import { writeFrameSeries } from '../support/dicomWriter.js';

let app: AppSession;

const api = <T>(method: string, input: unknown): Promise<T> => callApi<T>(app, method, input);

async function untilDone(id: string): Promise<Job> {
  for (let tries = 0; tries < 600; tries++) {
    const job = await api<Job>('jobs.get', { id });
    if (job.state === 'done') return job;
    assert.ok(job.state === 'running' || job.state === 'queued', `${job.kind} job ${job.state}: ${job.message}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${id} did not end within 60 s`);
}

/** Six visits of one 32×32 MR slice (no Synthetic Data tag): a textured square whose centre block brightens visit by visit. */
async function importFollowUp(): Promise<string> {
  const folder = join(mkdtempSync(join(tmpdir(), 'latentrad-eigen-catalog-')), 'follow-up');
  mkdirSync(folder);
  const size = 32;
  const frames = Array.from({ length: 6 }, (_, k) =>
    Int16Array.from({ length: size * size }, (_, i) => {
      const [y, x] = [Math.floor(i / size), i % size];
      const inside = y >= 4 && y < 28 && x >= 4 && x < 28;
      const lesion = y >= 12 && y < 18 && x >= 14 && x < 20;
      return (inside ? 400 + Math.round(150 * Math.sin(x / 3) * Math.cos(y / 4)) : 0) + (lesion ? 30 * k : 0) + ((i * 7 + k * 13) % 5);
    }),
  );
  const root = '1.2.826.0.1.3680043.9.7777.17';
  writeFrameSeries(folder, {
    modality: 'MR', patientName: 'FOLLOW^UP', patientId: 'P17', studyUid: `${root}.1`, seriesUid: `${root}.1.1`, frameOfReferenceUid: `${root}.1.9`,
    seriesNumber: 1, description: 'FLAIR follow-up', window: { center: 400, width: 800 }, rescale: { slope: 1, intercept: 0 },
  }, { rows: size, columns: size }, frames);
  const job = await api<{ id: string }>('catalog.import', { paths: [folder] });
  await untilDone(job.id);
  const { rows } = await api<{ rows: Array<{ id: string; description: string | null }> }>('catalog.listSeries', {});
  const row = rows.find((r) => r.description === 'FLAIR follow-up');
  assert.ok(row, 'the follow-up series is catalogued');
  return row.id;
}

test.describe('Eigencomponents of a catalog series', { skip: needsBrowser }, () => {
  before(async () => {
    app = await openApp();
  });
  after(async () => app?.close());

  test('picks a real catalog series in the panel: α = frame index, the result names the series, equals the API, maps not marked synthetic', { timeout: 180_000 }, async () => {
    const id = await importFollowUp();
    const { page } = app;
    await page.getByRole('tab', { name: 'Eigencomponents' }).click();
    await page.getByTestId('eigen-panel').waitFor();
    const label = `${id} — MR, FLAIR follow-up, 6 frames`;
    await page.getByRole('option', { name: label, exact: true }).waitFor({ state: 'attached' });
    await page.locator('#eigen-series').selectOption({ label });
    await page.getByLabel('α per frame (optional)').waitFor();
    await page.getByRole('button', { name: 'Analyse' }).click();
    await page.getByTestId('eigen-result').waitFor({ timeout: 60_000 });
    const text = await page.getByTestId('eigen-result').innerText();
    assert.match(text, new RegExp(`${id}: 6 images, 1 slice position\\(s\\) of 32×32; α = frame index \\(instance order, not time\\); reference image 0 \\(α = 0\\)`));
    assert.doesNotMatch(text, /SYNTHETIC/, 'a real series gives no synthetic result');
    const started = await api<{ job: Job }>('eigen.components', { series: id });
    const fromApi: EigenOutput = eigenOutputSchema.parse((await untilDone(started.job.id)).result);
    assert.equal(fromApi.catalogSeries, id);
    const r2 = fromApi.linearCheck.r2;
    assert.match(await page.getByTestId('linear-check').innerText(), new RegExp(`R² ${r2 === null ? '—' : r2.toFixed(4)} — ${fromApi.linearCheck.pass ? 'PASS' : 'FAIL'}`));
    for (const pane of [0, 1]) {
      await page.locator(`[data-testid="pane-${pane}"][data-rendered="true"]`).waitFor({ timeout: 30_000 });
      await page.getByTestId(`colour-bar-${pane}`).waitFor();
      assert.equal(await page.getByTestId(`synthetic-marker-${pane}`).count(), 0, `pane ${pane} of a real series carries no SYNTHETIC marker`);
    }
    // The subtraction is named by frames and measured in the series' modality units, not the model's [−1, 1].
    assert.match((await page.getByTestId('colour-bar-1').getAttribute('aria-label')) ?? '', /frame 5 − frame 0/);
    assert.match(await page.getByTestId('colour-bar-1').innerText(), /modality units/);
    await app.screenshot('eigen-panel-catalog-series');
  });
});
