// The Projection fidelity panel in Chromium through the headless host: a real IXI slice opened in the viewer is
// projected into the embedded model (a short projection) with a noise copy and a synthetic lesion; the panel shows
// progress, then the panes, tables and exports, and its numbers equal the report the job wrote. Screenshots of every
// state are kept under test-results/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { decodePng, isSyntheticPng } from '../../src-main/io/png.js';
import { fidelityReportSchema } from '../../src-shared/api/fidelityReport.js';
import { needsBrowser, openApp } from '../support/browser.js';
import type { AppSession } from '../support/browser.js';
import { fixturesDir } from '../support/data.js';
import { textWhen } from '../support/waits.js';

let app: AppSession;

const readPngSync = (path: string): ReturnType<typeof decodePng> => decodePng(readFileSync(path), path);

test.describe('Projection fidelity panel', { skip: needsBrowser }, () => {
  before(async () => {
    app = await openApp();
  });
  after(async () => app?.close());

  test('with nothing in the viewer it says what to open, and a request without an image names the reason', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Projection fidelity' }).click();
    await page.getByTestId('fidelity-panel').waitFor();
    assert.match(await page.getByTestId('fidelity-source').innerText(), /none open in the viewer/);
    await page.getByRole('option', { name: /ixi-t1-64|IXI/i }).first().waitFor({ state: 'attached' });
    await app.screenshot('fidelity-panel-empty');
    await page.getByRole('button', { name: 'Project and report' }).click();
    assert.match(await textWhen(page.getByRole('alert'), /Open an image or a volume/), /Open an image or a volume in the viewer first/);
  });

  test('projects the axial middle slice of an IXI volume: progress, then original | projection | difference and the report', async () => {
    const { page } = app;
    await page.getByLabel(/Open folder/).fill(join(fixturesDir, 'ixi', 'IXI012-HH-1211_T1.nii.gz'));
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByTestId('volume-row').first().locator('button').click();
    await page.getByRole('tab', { name: 'Projection fidelity' }).click();
    await page.getByText(/IXI012.*\(axial\)|NIfTI volume \(axial\)/).waitFor();

    // A bad value is refused in words before anything runs.
    await page.getByLabel('Steps', { exact: true }).fill('abc');
    await page.getByRole('button', { name: 'Project and report' }).click();
    assert.match(await textWhen(page.getByRole('alert'), /Steps:/), /Steps: "abc" is not a whole number/);
    await app.screenshot('fidelity-panel-error');

    await page.getByLabel('Steps', { exact: true }).fill('40');
    await page.getByLabel('Gaussian noise σ list').fill('0.1');
    await page.getByLabel(/Synthetic lesion/).fill('32, 30, 5, 0.6');
    // Before any run of this model on this machine there is no measured rate: the form says so, with no number.
    await page.getByTestId('fidelity-estimate').filter({ hasText: 'no run of this model measured on this machine yet' }).waitFor();
    assert.equal(await page.getByTestId('fidelity-steps-estimate').count(), 0, 'no time beside Steps without a measurement');
    await page.getByRole('button', { name: 'Project and report' }).click();
    await page.getByTestId('fidelity-running').waitFor({ timeout: 60_000 });
    await page.getByTestId('fidelity-running').scrollIntoViewIfNeeded();
    await page.getByRole('img', { name: 'Projection distance against step' }).waitFor({ timeout: 120_000 });
    await page.getByTestId('fidelity-preview').waitFor({ timeout: 60_000 });
    // The progress line carries the time left, from the steps measured so far.
    assert.match(await page.getByTestId('fidelity-progress-text').innerText(), /step \d+\/40 .*\d+(\.\d)? (s|min|h) left/);
    await app.screenshot('fidelity-panel-running');

    await page.getByTestId('fidelity-result').waitFor({ timeout: 300_000 });
    await page.getByTestId('pane-projection').locator('canvas').waitFor();
    await page.getByTestId('fidelity-result').scrollIntoViewIfNeeded();
    const result = (await page.getByTestId('fidelity-current').innerText()).match(/Result (fidelity-\S+)/)?.[1];
    assert.ok(result, 'the panel names its result');
    const report = fidelityReportSchema.parse(JSON.parse(readFileSync(join(app.dataDir, 'results', result, 'report.json'), 'utf8')));
    // The panel shows the report's numbers: mean SSIM, and the original's SSIM in the metrics table.
    assert.match(await page.getByTestId('fidelity-summary').innerText(), new RegExp(`Mean SSIM ${report.meanSsim.toFixed(3)}`));
    assert.match(await page.getByTestId('fidelity-metrics').innerText(), new RegExp(report.rows[0].vsOriginal.ssim.toFixed(4)));
    assert.deepEqual(report.rows.map((r) => r.copy), ['original', 'gaussian σ 0.1', 'lesion']);
    // Every pane of generator output is marked; the real original is not.
    assert.equal(await page.getByTestId('pane-projection').getByRole('note').innerText(), 'SYNTHETIC');
    assert.equal(await page.getByTestId('pane-difference').getByRole('note').innerText(), 'SYNTHETIC');
    assert.equal(await page.getByTestId('pane-original').getByRole('note').count(), 0);
    // The finished run measured this machine: the same request is now estimated as 3 images × 40 steps.
    const estimate = page.getByTestId('fidelity-estimate').filter({ hasText: /measured by job fidelity-/ });
    await estimate.waitFor({ state: 'attached', timeout: 60_000 });
    assert.match(await estimate.textContent() ?? '', /^Time: about \d+ (s|min)[^(]*, estimated from the last run of this model \(3 images × 40 steps; [\d.]+ ms per image·step measured by job fidelity-/);
    await app.screenshot('fidelity-panel-result');
    // Beside Steps (the request form, folded after a run), the same estimate rounded; for the full 1000-step
    // schedule it grows with the steps (25×).
    await page.getByText('New request').click();
    const atSteps = async (n: string): Promise<number> => {
      await page.getByLabel('Steps', { exact: true }).fill(n);
      await page.getByTestId('fidelity-estimate').filter({ hasText: `× ${n} steps` }).waitFor({ state: 'attached' });
      const [, value, unit] = /^≈ (\d+) (s|min)$/.exec(await textWhen(page.getByTestId('fidelity-steps-estimate'), /^≈ \d+ (s|min)$/)) ?? [];
      return Number(value) * (unit === 'min' ? 60 : 1);
    };
    const forty = await atSteps('40');
    const thousand = await atSteps('1000');
    // 25× the steps; rounding to whole seconds or minutes can shift either side by at most half a unit.
    assert.ok(thousand >= 10 * forty, `1000 steps ≈ ${thousand} s against 40 steps ≈ ${forty} s`);
    await page.getByTestId('fidelity-steps-estimate').scrollIntoViewIfNeeded();
    await app.screenshot('fidelity-panel-steps-estimate');
    await page.getByLabel('Steps', { exact: true }).fill('40');
    await page.getByText('New request').click();

    // Zoom and W/L on one pane move all three.
    // The wheel is dispatched on the canvas itself: a synthesized mouse wheel is hit-tested against the last painted
    // frame, which under load (CI) can still show the page before the scroll, and went to the heading above the panel.
    const canvas = page.getByTestId('pane-original').locator('canvas');
    await canvas.scrollIntoViewIfNeeded();
    await canvas.dispatchEvent('wheel', { deltaY: -100, bubbles: true, cancelable: true });
    // The W/L right-drag needs real pointer input (pointer capture): wait until the canvas is what the page shows under
    // its centre, two painted frames after any scroll, then drag.
    const pane = await canvas.boundingBox();
    assert.ok(pane);
    const cx = pane.x + pane.width / 2;
    const cy = pane.y + pane.height / 2;
    await page.waitForFunction(
      ([x, y]) => new Promise<boolean>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(document.elementFromPoint(x, y)?.tagName === 'CANVAS')))),
      [cx, cy],
    );
    await page.mouse.move(cx, cy);
    await page.mouse.down({ button: 'right' });
    await page.mouse.move(cx - 20, cy + 10, { steps: 3 });
    await page.mouse.up({ button: 'right' });
    // The panes apply the interaction on their next render, which a busy machine delays: wait for it, then check.
    await page.getByTestId('fidelity-window').filter({ hasText: /zoom 1\.25×/ }).waitFor({ timeout: 20_000 });
    await page.getByTestId('fidelity-window').filter({ hasNotText: /W\/L 2\.00 \/ 0\.00/ }).waitFor({ timeout: 20_000 });

    // Enlarge: the same three panes over the whole window, large enough to compare detail, still in step.
    const dockWidth = (await canvas.boundingBox())?.width ?? 0;
    await page.getByRole('button', { name: 'Enlarge' }).click();
    const enlarged = page.getByTestId('fidelity-enlarged');
    await enlarged.waitFor();
    // Its heading says what is compared: the request's image (as the panel named it), the copy, SSIM and model.
    const requestLabel = (await page.getByTestId('fidelity-current').innerText()).split(' · ').slice(1).join(' · ');
    const heading = await enlarged.getByRole('heading').innerText();
    assert.ok(heading.startsWith(`${requestLabel} · volume:`), heading);
    assert.match(heading, new RegExp(`slice 60 · original · SSIM ${report.rows[0].vsOriginal.ssim.toFixed(3)} vs the original · model ixi-t1-64`));
    const big = enlarged.getByTestId('pane-projection').locator('canvas');
    const bigBox = await big.boundingBox();
    assert.ok(bigBox && bigBox.width >= 400 && bigBox.width >= 2.5 * dockWidth, `enlarged panes are ${bigBox?.width} px wide (docked ${dockWidth})`);
    // Each canvas draws at its displayed size, so a model pixel is a sharp block rather than a blurred small canvas.
    await page.waitForFunction(() => {
      const c = document.querySelector<HTMLCanvasElement>('[data-testid="fidelity-enlarged"] [data-testid="pane-projection"] canvas');
      return c !== null && c.clientWidth > 0 && Math.abs(c.width - c.clientWidth * devicePixelRatio) <= 1;
    });
    assert.match(await enlarged.getByTestId('fidelity-window').innerText(), /zoom 1\.25×/, 'the enlarged panes keep the zoom and W/L');
    await big.dispatchEvent('wheel', { deltaY: -100, bubbles: true, cancelable: true });
    await enlarged.getByTestId('fidelity-window').filter({ hasText: /zoom 1\.56×/ }).waitFor({ timeout: 20_000 });
    await app.screenshot('fidelity-panel-enlarged');
    await page.keyboard.press('Escape');
    await enlarged.waitFor({ state: 'detached' });
    await page.getByTestId('fidelity-window').filter({ hasText: /zoom 1\.56×/ }).waitFor({ timeout: 20_000 });
    await page.getByLabel(/SSIM map overlay/).check();

    // The perturbation table: the noise copy's row shows its own images and numbers.
    const table = page.getByTestId('fidelity-perturbations');
    assert.match(await table.innerText(), new RegExp(`gaussian σ 0\\.1\\s+${report.rows[1].vsOriginal.ssim.toFixed(3)}`));
    await table.getByRole('button', { name: 'gaussian σ 0.1' }).click();
    await page.getByText('Input: gaussian σ 0.1').waitFor();
    await page.getByTestId('pane-original').scrollIntoViewIfNeeded();
    await app.screenshot('fidelity-panel-perturbation');

    // Lesion: the report's inside/outside numbers, and live numbers for a region drawn on the original.
    const lesion = report.lesion?.perImage[0];
    assert.ok(lesion && lesion.contrastRecoveredPercent !== null);
    await table.getByRole('button', { name: 'lesion' }).click();
    assert.match(await page.getByTestId('fidelity-lesion').innerText(), new RegExp(`${lesion.contrastRecoveredPercent.toFixed(1)} %`));
    await page.getByLabel(/Draw a region on the original/).check();
    await page.getByTestId('pane-original').scrollIntoViewIfNeeded();
    const box = await page.getByTestId('pane-original').locator('canvas').boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 15, box.y + box.height / 2, { steps: 3 });
    await page.mouse.up();
    await page.getByTestId('fidelity-drawn').scrollIntoViewIfNeeded();
    assert.match(await page.getByTestId('fidelity-drawn').innerText(), /inside \(\d+ px\)/);
    await app.screenshot('fidelity-panel-lesion');

    // Export: each link downloads the result's file; what arrives is the report's content, and every image derived
    // from the generator is marked synthetic (PNG tEXt, the HTML's visible label) while the real input is not.
    const download = async (name: string): Promise<Buffer> => {
      const link = page.getByTestId('fidelity-export').getByRole('link', { name, exact: true });
      const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const path = await file.path();
      return readFileSync(path);
    };
    const shown = report.rows[2]; // the lesion copy is the selected row now
    assert.equal(await page.getByRole('link', { name: 'HTML report' }).getAttribute('href'), `results/${result}/report.html`);
    const html = (await download('HTML report')).toString('utf8');
    assert.match(html, /SYNTHETIC/);
    assert.match(html, /<img[^>]+src="data:image\/png;base64,/, 'the HTML report is self-contained (images inline)');
    const csv = parse((await download('CSV table')).toString('utf8'), { columns: true }) as Array<Record<string, string>>;
    // table.csv gives six significant digits.
    const six = (v: number): string => String(+v.toPrecision(6));
    assert.deepEqual(
      csv.map((r) => [r.copy, r.ssim_vs_original, r.mse01_vs_original, r.ssim_vs_input]),
      report.rows.map((r) => [r.copy, six(r.vsOriginal.ssim), six(r.vsOriginal.mse), six(r.vsInput.ssim)]),
    );
    assert.deepEqual(fidelityReportSchema.parse(JSON.parse((await download('JSON')).toString('utf8'))), report);
    for (const name of ['PNG projection', 'PNG difference map', 'PNG SSIM map']) {
      const png = decodePng(await download(name), name);
      assert.equal(isSyntheticPng(png), true, `${name} carries the synthetic tEXt`);
      assert.deepEqual([png.width, png.height], [64, 64]);
    }
    const projectionPng = decodePng(await download('PNG projection'));
    assert.deepEqual(projectionPng.data, readPngSync(join(app.dataDir, 'results', result, shown.maps.projection)).data, 'the projection PNG of the selected copy');
    assert.equal(isSyntheticPng(readPngSync(join(app.dataDir, 'results', result, report.rows[0].maps.input))), false, 'the real input map is not marked synthetic');

    // The same request again opens the finished report instead of projecting again.
    await page.getByText('New request').click();
    await page.getByRole('button', { name: 'Project and report' }).click();
    await page.getByText(new RegExp(`Reused report ${result}`)).waitFor();
  });
});
