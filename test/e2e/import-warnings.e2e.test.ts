// Import warnings in the app: a NIfTI whose pixdim is NaN imports with the voxel size defaulted, and both the import
// panel's summary and the Jobs tab say so, naming the file and the field; the clean volume beside it gets no warning.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { needsBrowser } from '../support/browser.js';
import type { AppSession } from '../support/browser.js';
import { writeNifti } from '../support/niftiWriter.js';
import { textWhen } from '../support/waits.js';
import { openViewerApp } from '../support/viewerApp.js';

const identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0];

/** A folder with a clean 8³ NIfTI and one whose pixdim[1] is NaN and whose sform is off (so the voxel sizes decide). */
function buildFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'latentrad-import-warnings-'));
  writeNifti(join(folder, 'clean.nii'), [8, 8, 8], new Uint8Array(512).fill(60), identity);
  const bad = join(folder, 'nan-pixdim.nii');
  writeNifti(bad, [8, 8, 8], new Uint8Array(512).fill(60), identity);
  const bytes = readFileSync(bad);
  bytes.writeFloatLE(Number.NaN, 80);
  bytes.writeInt16LE(0, 254);
  writeFileSync(bad, bytes);
  return folder;
}

test.describe('import warnings (defaulted geometry) in the import panel and the Jobs tab', { skip: needsBrowser }, () => {
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

  test('the NaN-pixdim file is listed with its field and what was used, the clean one is not', async () => {
    const { page } = app;
    await page.getByLabel(/Open folder/).fill(folder);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await textWhen(page.getByTestId('import-summary'), /2 imported/, 120_000);
    const warnings = page.getByTestId('import-warnings');
    assert.match(await warnings.innerText(), /1 imported with a warning/);
    const listed = await warnings.locator('li').allInnerTexts();
    assert.equal(listed.length, 1);
    assert.match(listed[0], /nan-pixdim\.nii: pixdim\[1\] is NaN: voxel size taken as 1/);
    await app.screenshot('import-warnings-summary');

    await page.getByRole('tab', { name: 'Jobs' }).click();
    const job = page.locator('[data-testid="job"][data-state="done"]', { hasText: 'import' });
    await job.getByText(/1 imported with a warning/).click();
    assert.match(await job.getByTestId('job-import-warnings').innerText(), /nan-pixdim\.nii: pixdim\[1\] is NaN/);
    assert.equal(await job.getByTestId('job-import-errors').count(), 0, 'no errors listed');
  });
});
