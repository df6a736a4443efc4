// The study tree marks generated DICOM before anything is opened: a folder with one series whose files say Synthetic
// Data (0008,001C) = YES and one real series (written here, as another tool would) is imported through the path
// field; the SYNTHETIC chip sits on the synthetic series and its study only, and opening that series shows the
// viewport marker while the real one shows none.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { needsBrowser } from '../support/browser.js';
import type { AppSession } from '../support/browser.js';
import { writeAxialSeries } from '../support/dicomWriter.js';
import { textWhen, valueWhen } from '../support/waits.js';
import { openViewerApp, waitForPane } from '../support/viewerApp.js';

const root = '1.2.826.0.1.3680043.9.7777.1515';

function buildFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'latentrad-tree-synthetic-'));
  const series = [
    { name: 'real', study: 1, description: 'T1 axial real', syntheticData: false },
    { name: 'generated', study: 2, description: 'T1 axial generated', syntheticData: true },
  ];
  for (const s of series) {
    const dir = join(folder, s.name);
    mkdirSync(dir);
    writeAxialSeries(dir, {
      modality: 'MR', patientName: 'TREE^SYNTHETIC', patientId: 'TS-1', studyUid: `${root}.${s.study}`, seriesUid: `${root}.${s.study}.1`, frameOfReferenceUid: `${root}.${s.study}.9`,
      seriesNumber: 1, description: s.description, window: { center: 400, width: 800 }, rescale: { slope: 1, intercept: 0 }, syntheticData: s.syntheticData,
    }, { columns: 32, rows: 32, slices: 4, spacing: [1, 1, 2] }, (x, y, z) => ((x - 16) ** 2 + (y - 16) ** 2 < 100 ? 600 + 40 * z : 50));
  }
  return folder;
}

test.describe('study tree: SYNTHETIC chip from Synthetic Data (0008,001C)', { skip: needsBrowser }, () => {
  let app: AppSession;
  let folder: string;
  before(async () => {
    folder = buildFolder();
    app = await openViewerApp();
  });
  after(async () => {
    await app?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  test('the chip is on the synthetic series and its study only; opening it shows the viewport marker', async () => {
    const { page } = app;
    await page.getByLabel(/Open folder/).fill(folder);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await textWhen(page.getByTestId('import-summary'), /8 imported/, 120_000);
    // The tree reloads after the import: wait until both series are listed before reading any chip.
    const seriesRows = page.getByTestId('series-row');
    assert.equal(await valueWhen(() => seriesRows.count(), (n) => n === 2), 2, 'both series are listed');
    const generated = seriesRows.filter({ hasText: 'T1 axial generated' });
    const real = seriesRows.filter({ hasText: 'T1 axial real' });
    await generated.getByTestId('synthetic-chip').waitFor({ timeout: 60_000 });
    assert.equal(await generated.getByTestId('synthetic-chip').innerText(), 'SYNTHETIC');
    assert.equal(await real.getByTestId('synthetic-chip').count(), 0, 'no chip on the real series');

    const studies = page.getByTestId('study-row');
    assert.equal(await valueWhen(() => studies.count(), (n) => n === 2), 2, 'two studies');
    const chips = await studies.evaluateAll((rows) => rows.map((r) => r.querySelector('[data-testid="synthetic-chip"]') !== null));
    assert.deepEqual(chips.sort(), [false, true], 'exactly one study (the one holding the synthetic series) has the chip');
    const studyOf = async (row: typeof generated): Promise<boolean> =>
      row.evaluate((li) => li.closest('li[role="treeitem"]:not(.series-item)')?.querySelector('[data-testid="study-row"] [data-testid="synthetic-chip"]') !== null);
    assert.equal(await studyOf(generated), true, 'the synthetic series\' study has the chip');
    assert.equal(await studyOf(real), false, 'the real series\' study has none');

    // The chip and the viewport marker agree: the real series opens unmarked, the synthetic one marked.
    await real.locator('button').first().click();
    assert.match(await waitForPane(page, 0), /\/4$/);
    assert.equal(await page.getByTestId('synthetic-marker-0').count(), 0, 'no marker on the real series');
    await generated.locator('button').first().click();
    await page.getByTestId('synthetic-marker-0').waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId('synthetic-marker-0').innerText(), 'SYNTHETIC — not for diagnosis');
    await app.screenshot('study-tree-synthetic');
  });
});
