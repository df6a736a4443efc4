// The Projection fidelity panel's lesion mask from the viewer and its desktop Save buttons, in Chromium through the
// headless host: an Ellipse ROI drawn on a chest film in the main viewer becomes the report's lesion mask (mapped
// onto the model grid as the dataset builder maps the film, numbers inside vs outside recomputed here from the
// result's arrays); then the app is reopened as the desktop host (fake native save dialog) and each "Save …" button
// writes the result file where the dialog said, synthetic images marked, nothing on cancel.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { z } from 'zod';
import { readNpySync } from '../../src-main/io/npyFile.js';
import { decodePng, isSyntheticPng } from '../../src-main/io/png.js';
import { lesionNumbers } from '../../src-shared/analysis/fidelity.js';
import { fidelityReportSchema } from '../../src-shared/api/fidelityReport.js';
import type { FidelityReport } from '../../src-shared/api/fidelityReport.js';
import { needsBrowser, openApp } from '../support/browser.js';
import type { AppSession } from '../support/browser.js';
import { fixturesDir } from '../support/data.js';
import { waitForPane } from '../support/viewerApp.js';
import { stableText, textWhen } from '../support/waits.js';

let app: AppSession;
let dataDir = '';
let result = '';
let report: FidelityReport;

const regionSchema = z.object({ kind: z.literal('region'), width: z.number(), height: z.number(), data: z.array(z.number()), label: z.string().optional() });
const layoutSchema = z.object({ lesion: z.object({ kind: z.string(), description: z.string(), mask: z.array(z.number()) }) });

/** The model-grid mask the builder's mapping must give for a 256² film at 64² (area resampling): a 4×4 block is inside when at least half of it was. */
function blockMask(region: z.infer<typeof regionSchema>, res: number): number[] {
  const k = region.width / res;
  const out: number[] = [];
  for (let y = 0; y < res; y++) {
    for (let x = 0; x < res; x++) {
      let s = 0;
      for (let dy = 0; dy < k; dy++) for (let dx = 0; dx < k; dx++) s += region.data[(y * k + dy) * region.width + x * k + dx] ? 1 : 0;
      out.push(s / (k * k) >= 0.5 ? 1 : 0);
    }
  }
  return out;
}

function centroid(mask: ArrayLike<number>, width: number): [number, number] {
  let [sx, sy, n] = [0, 0, 0];
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    sx += (i % width) + 0.5;
    sy += Math.floor(i / width) + 0.5;
    n++;
  }
  return [sx / n, sy / n];
}

test.describe('Projection fidelity: the viewer ROI as lesion mask, and the desktop Save buttons', { skip: needsBrowser }, () => {
  before(async () => {
    app = await openApp();
    dataDir = app.dataDir;
  });
  after(async () => app?.close());

  test('an Ellipse ROI drawn on a chest film is the lesion mask of the report, mapped onto the model grid', async () => {
    const { page } = app;
    await page.getByLabel(/Open folder/).fill(join(fixturesDir, 'images', 'NORMAL'));
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.locator('[data-testid="image-set-row"]', { hasText: 'NORMAL' }).locator('button').click();
    await waitForPane(page, 0);
    await page.getByRole('tab', { name: 'Projection fidelity' }).click();
    await page.getByRole('combobox', { name: 'Model', exact: true }).selectOption({ label: 'chest-xray-64 (64 px)' });
    await page.getByLabel('Steps', { exact: true }).fill('10');

    // Without an ROI the request is refused in words, before anything runs.
    await page.getByTestId('fidelity-use-roi').check();
    await page.getByRole('button', { name: 'Project and report' }).click();
    assert.match(await textWhen(page.getByRole('alert'), /Draw an Ellipse/), /Draw an Ellipse or Rectangle ROI on the image in the viewer first/);

    // An ellipse around the middle of the film (E = Ellipse tool, dragged from its centre outwards).
    const box = await page.getByTestId('viewport-0').boundingBox();
    assert.ok(box);
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.getByTestId('viewer-area').focus();
    await page.keyboard.press('e');
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + 50, cy + 35, { steps: 10 });
    await page.mouse.up();
    const measured = page.getByTestId('measurements').locator('li[data-tool="Ellipse"]').first();
    await measured.waitFor();
    // The viewer's own area of the ellipse on the film (px², no pixel spacing in a PNG). The row appears during the
    // drag and updates until the last mouse move is processed: read it once it has settled.
    const area = Number((await stableText(measured)).match(/area ([\d.]+) px²/)?.[1]);
    assert.ok(area > 100, `the ellipse covers ${area} px² of the film`);

    const sent = page.waitForRequest((r) => r.url().endsWith('/api/projection.fidelity'));
    await page.getByRole('button', { name: 'Project and report' }).click();
    const body = (await sent).postDataJSON() as Record<string, unknown>;
    const region = regionSchema.parse(((body.params ?? body) as { lesion: unknown }).lesion);
    // The rasterised ROI: on the film's own 256×256 grid, centred where it was drawn (the middle of the fitted film).
    assert.deepEqual([region.width, region.height, region.label], [256, 256, 'Ellipse ROI']);
    const [rx, ry] = centroid(region.data, 256);
    assert.ok(Math.abs(rx - 128) < 6 && Math.abs(ry - 128) < 6, `ROI centroid (${rx.toFixed(1)}, ${ry.toFixed(1)}) at the film's centre`);

    await page.getByTestId('fidelity-result').waitFor({ timeout: 300_000 });
    result = (await page.getByTestId('fidelity-current').innerText()).match(/Result (fidelity-\S+)/)?.[1] ?? '';
    assert.ok(result, 'the panel names its result');
    report = fidelityReportSchema.parse(JSON.parse(readFileSync(join(dataDir, 'results', result, 'report.json'), 'utf8')));
    const layout = layoutSchema.parse(report.meta.fidelity);
    assert.equal(layout.lesion.kind, 'region');
    assert.match(report.lesion?.description ?? '', /Ellipse ROI drawn in the viewer/);
    // The report's mask is the ROI mapped as the film was (256 → 64, area), independently recomputed here.
    const expected = blockMask(region, 64);
    assert.deepEqual(layout.lesion.mask, expected);
    assert.ok(expected.some((v) => v) && expected.some((v) => !v));

    // Inside/outside numbers: the analysis module on the result's own arrays, through the mask.
    const targets = readNpySync(join(dataDir, 'results', result, 'targets.npy'));
    const projections = readNpySync(join(dataDir, 'results', result, 'projections.npy'));
    const first = (a: typeof targets): Float32Array => Float32Array.from(a.data as Float32Array).subarray(0, 64 * 64);
    const numbers = lesionNumbers(first(targets), first(projections), { width: 64, height: 64 }, expected);
    assert.deepEqual(report.lesion?.perImage[0].numbers, numbers);
    assert.equal(numbers.pixelsInside, expected.filter((v) => v).length);
    // 256 → 64 px: the mask holds about a sixteenth of the ellipse's area (its rim is rounded to whole model pixels).
    assert.ok(Math.abs(numbers.pixelsInside - area / 16) <= 0.25 * (area / 16), `${numbers.pixelsInside} model px inside for ${area} px² drawn`);
    const table = await page.getByTestId('fidelity-lesion').innerText();
    assert.match(table, new RegExp(`inside \\(${numbers.pixelsInside} px\\)`));
    assert.match(table, new RegExp(`SSIM\\s+${numbers.ssimInside.toFixed(3)}\\s+${numbers.ssimOutside.toFixed(3)}`));
    await page.getByTestId('fidelity-lesion').scrollIntoViewIfNeeded();
    await app.screenshot('fidelity-panel-viewer-roi');
  });

  test('in the desktop app each Save button copies the result file to the path the save dialog gave', async () => {
    assert.ok(result, 'the previous test made a report');
    await app.close();
    const saveDir = mkdtempSync(join(tmpdir(), 'latentrad-save-'));
    const asked: string[] = [];
    let cancel = false;
    const save = (name: string): Promise<string | null> => {
      asked.push(name);
      return Promise.resolve(cancel ? null : join(saveDir, `saved-${name}`));
    };
    app = await openApp({ dataDir, host: { kind: 'electron', dialogs: { save, open: () => Promise.resolve([]) } } });
    const { page } = app;
    await page.getByRole('tab', { name: 'Projection fidelity' }).click();
    await page.getByTestId('fidelity-previous').selectOption(result);
    await page.getByTestId('fidelity-result').waitFor();
    const exportBox = page.getByTestId('fidelity-export');
    assert.equal(await exportBox.getByRole('link').count(), 0, 'the desktop app saves through the dialog, it does not link');
    const saveFile = async (label: string): Promise<Buffer> => {
      await exportBox.getByRole('button', { name: `Save ${label}…` }).click();
      const status = page.getByTestId('fidelity-saved').filter({ hasText: `${label} saved to` });
      await status.waitFor();
      const path = (await status.innerText()).replace(`${label} saved to `, '').trim();
      return readFileSync(path);
    };
    const inResult = (file: string): Buffer => readFileSync(join(dataDir, 'results', result, file));

    assert.deepEqual(await saveFile('CSV table'), inResult('table.csv'));
    assert.deepEqual(await saveFile('JSON'), inResult('report.json'));
    const html = (await saveFile('HTML report')).toString('utf8');
    assert.equal(html, inResult('report.html').toString('utf8'));
    assert.match(html, /SYNTHETIC/);
    for (const [label, file] of [
      ['PNG projection', report.rows[0].maps.projection],
      ['PNG difference map', report.rows[0].maps.difference],
      ['PNG SSIM map', report.rows[0].maps.ssim],
    ]) {
      const bytes = await saveFile(label);
      assert.deepEqual(bytes, inResult(file));
      assert.equal(isSyntheticPng(decodePng(bytes, label)), true, `${label}: the saved PNG is marked synthetic`);
    }
    assert.deepEqual(asked, ['table.csv', 'report.json', 'report.html', ...[report.rows[0].maps.projection, report.rows[0].maps.difference, report.rows[0].maps.ssim].map((m) => m.split('/').at(-1))]);

    // Cancelling the dialog copies nothing and reports nothing (the last "saved to" line goes away).
    cancel = true;
    await exportBox.getByRole('button', { name: 'Save CSV table…' }).click();
    for (let i = 0; i < 200 && asked.length < 7; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(asked.length, 7, 'the dialog was asked once more');
    await page.getByTestId('fidelity-saved').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('fidelity-error').count(), 0);
    await app.screenshot('fidelity-panel-desktop-save');
  });
});
