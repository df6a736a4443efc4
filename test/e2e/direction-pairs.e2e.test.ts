// The edit-pair workflow of the Disease direction panel in Chromium through the headless host: an edited copy of a
// chest film (a brightened heart region) and a second film's follow-up are imported through the study browser's path
// field, linked to their originals in the panel (two pairs, one unlinked and linked again), used as the cohort
// (edit_pair=original vs edited, codes by projection), and the "edit pair" method gives a saved direction with its
// report. Small settings (15 projection steps) keep it short; screenshots are kept under test-results/.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { decodePng, writePng } from '../../src-main/io/png.js';
import { fixturesDir } from '../support/data.js';
import { needsBrowser, openApp } from '../support/browser.js';
import type { AppSession } from '../support/browser.js';

let app: AppSession;

/** A folder with two originals, an edited copy of the first (a brighter disc where the heart is) and a follow-up of the second. */
async function pairFolder(): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'latentrad-pairs-e2e-')), 'films');
  mkdirSync(dir);
  const normal = join(fixturesDir, 'images', 'NORMAL');
  const first = decodePng(readFileSync(join(normal, 'IM-0117-0001.png')));
  const second = decodePng(readFileSync(join(normal, 'IM-0122-0001.png')));
  const edited = Uint16Array.from(first.data);
  const max = first.bitDepth === 16 ? 65535 : 255;
  const [cx, cy, r] = [first.width * 0.55, first.height * 0.6, first.width * 0.15];
  for (let y = 0; y < first.height; y++) {
    for (let x = 0; x < first.width; x++) {
      if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) continue;
      for (let c = 0; c < first.channels; c++) {
        const i = (y * first.width + x) * first.channels + c;
        edited[i] = Math.min(max, edited[i] + max * 0.25);
      }
    }
  }
  await writePng(join(dir, 'a-original.png'), first);
  await writePng(join(dir, 'a-edited.png'), { ...first, data: edited });
  await writePng(join(dir, 'b-baseline.png'), second);
  await writePng(join(dir, 'b-follow-up.png'), { ...second, data: Uint16Array.from(second.data, (v) => Math.min(max, v + max * 0.05)) });
  return dir;
}

test.describe('Disease direction panel: edit pairs', { skip: needsBrowser }, () => {
  before(async () => {
    app = await openApp();
  });
  after(async () => app?.close());

  test('pairs imported and linked in the panel become the cohort, and the edit-pair method gives a saved direction', { timeout: 300_000 }, async () => {
    const { page } = app;
    const folder = await pairFolder();
    await page.getByLabel(/Open folder/).fill(folder);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByTestId('import-summary').filter({ hasText: /4 imported/ }).waitFor({ timeout: 120_000 });

    await page.getByRole('tab', { name: 'Disease direction' }).click();
    const pairs = page.getByTestId('edit-pairs');
    await pairs.waitFor();
    await pairs.getByText('Edit pairs for the edit-pair method').click();
    const original = pairs.getByLabel('Original I or baseline');
    const edited = pairs.getByLabel('Edited copy I* or follow-up');
    // The catalog lists load asynchronously: wait for the imported files among the options before choosing.
    await original.locator('option', { hasText: 'b-follow-up.png' }).waitFor({ state: 'attached' });
    const link = async (from: string, to: string, rows: number): Promise<void> => {
      await original.selectOption({ label: (await original.locator('option', { hasText: from }).innerText()).trim() });
      await edited.selectOption({ label: (await edited.locator('option', { hasText: to }).innerText()).trim() });
      await pairs.getByRole('button', { name: 'Link the pair' }).click();
      await pairs.getByTestId('edit-pair-row').filter({ hasText: to }).waitFor();
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="edit-pair-row"]').length === n, rows);
    };
    await link('a-original.png', 'a-edited.png', 1);
    await link('b-baseline.png', 'b-follow-up.png', 2);
    // A wrong link is refused with the reason, and the list stays as it was.
    await original.selectOption({ label: (await original.locator('option', { hasText: 'a-edited.png' }).innerText()).trim() });
    await edited.selectOption({ label: (await edited.locator('option', { hasText: 'b-baseline.png' }).innerText()).trim() });
    await pairs.getByRole('button', { name: 'Link the pair' }).click();
    await pairs.getByRole('alert').filter({ hasText: /is itself an edited copy/ }).waitFor();
    // Unlinking one pair and linking it again.
    const second = pairs.getByTestId('edit-pair-row').filter({ hasText: 'b-follow-up.png' });
    await second.getByRole('button', { name: /^Unlink/ }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="edit-pair-row"]').length === 1);
    await link('b-baseline.png', 'b-follow-up.png', 2);
    await pairs.getByTestId('edit-pair-list').scrollIntoViewIfNeeded();
    await app.screenshot('direction-pairs-linked');

    await pairs.getByRole('button', { name: 'Use the 2 pairs as the cohort' }).click();
    const builder = page.getByTestId('cohort-builder');
    await builder.getByLabel('Model').selectOption({ label: (await builder.locator('#cohort-model option', { hasText: 'chest' }).first().innerText()).trim() });
    await builder.getByLabel(/Projection steps/).fill('15');
    const counts = page.getByTestId('cohort-counts');
    await counts.filter({ hasText: 'edit_pair=original' }).filter({ hasText: 'edit_pair=edited' }).waitFor({ timeout: 60_000 });
    assert.match(await counts.innerText(), /a\s+edit_pair=original\s+2\s+\d+\s+2/);
    assert.match(await counts.innerText(), /b\s+edit_pair=edited\s+2\s+\d+\s+2/);
    await builder.getByRole('button', { name: 'Make the codes' }).click();
    await page.getByTestId('cohort-done').waitFor({ timeout: 180_000 });
    assert.match(await page.getByTestId('cohort-done').innerText(), /4 projected/);

    // A pair cohort offers the edit-pair method first.
    assert.match(await page.locator('#direction-method').inputValue(), /^pair$/);
    await page.getByRole('button', { name: 'Find the direction' }).click();
    const report = page.getByTestId('direction-report');
    await report.waitFor({ timeout: 60_000 });
    assert.match(await report.innerText(), /pair direction in \d+ dimensions \(W\) from 2 codes/);
    assert.match(await report.innerText(), /2 edit pairs linked in the catalog \(edit_of\)/);
    assert.match(await report.innerText(), /result \S+ \(D\.npy \+ D\.json\)/);
    assert.equal(await page.getByRole('img', { name: /Histogram of the codes' projections/ }).count(), 1);
    // The originals can be edited along the new direction.
    await page.getByTestId('edit-patient').waitFor();
    assert.equal(await page.locator('#edit-source option').filter({ hasText: /group a/ }).count(), 2);
    await report.scrollIntoViewIfNeeded();
    await app.screenshot('direction-pairs-report');
  });
});
