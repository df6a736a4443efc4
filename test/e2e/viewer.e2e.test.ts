// The viewer in Chromium against the headless host, on exactly known data: the fake catalog serves the MNI
// avg152T1 template (91×109×91, 2 mm voxels) as an MR series, as a NIfTI volume and as a synthetic 2D image.
// Real imports through the real catalog are covered by viewer-import.e2e.test.ts.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { needsBrowser } from '../support/browser.js';
import type { AppSession } from '../support/browser.js';
import { fixturesDir } from '../support/data.js';
import { orderStack } from '../../src-shared/viewer/stackOrder.js';
import type { StackInstance } from '../../src-shared/viewer/stackOrder.js';
import { fakeCatalogHandlers } from '../support/fakeCatalog.js';
import { canvasStats, drawnLengthPx, openViewerApp, settledAttribute, waitForPane } from '../support/viewerApp.js';
import { valueWhen } from '../support/waits.js';

// avg152T1_LR carries "L"/"R" letters in the image (a 520 kB fixture, so this test needs no shared data).
const template = join(fixturesDir, 'viewer', 'avg152T1_LR_nifti.nii.gz');
let app: AppSession;

test.describe('viewer on known data (fake catalog)', { skip: needsBrowser }, () => {
  before(async () => {
    app = await openViewerApp({ handlers: await fakeCatalogHandlers(template, { brokenInstance: 80, filePresets: [{ center: 100, width: 50, source: 'file' }] }) });
  });
  after(async () => app?.close());

  test('opening a multi-slice MR series shows real pixels with patient, slice and W/L overlays', async () => {
    const { page } = app;
    await page.getByTestId('series-row').first().locator('button').first().click();
    assert.equal(await waitForPane(page, 0), '46/91');
    const stats = await canvasStats(page, 0);
    assert.ok(stats.nonBlack > 0.3, `most of the canvas shows tissue, got ${stats.nonBlack}`);
    assert.ok(stats.stdDev > 20, `the image has contrast, got SD ${stats.stdDev}`);
    assert.match(await page.getByTestId('overlay-patient-0').innerText(), /Fake\^Patient/);
    assert.match(await page.getByTestId('overlay-slice-0').innerText(), /Im 46\/91/);
    assert.match(await page.getByTestId('overlay-wl-0').innerText(), /^W \d+ L \d+/);
    await app.screenshot('viewer-mr-stack');
  });

  test('a W/L preset and scrolling change what the canvas shows', async () => {
    const { page } = app;
    const before = await canvasStats(page, 0);
    await page.getByTestId('viewer-area').focus();
    await page.keyboard.press('3'); // lung window: W 1500 L −600
    await page.getByTestId('overlay-wl-0').getByText('W 1500 L -600').waitFor();
    const windowed = await canvasStats(page, 0);
    assert.ok(Math.abs(windowed.mean - before.mean) > 10, `mean grey changes with W/L (${before.mean} → ${windowed.mean})`);
    await app.screenshot('viewer-mr-lung-window');
    await page.keyboard.press('0');
    await page.getByTestId('overlay-wl-0').getByText('W 1500 L -600').waitFor({ state: 'detached' });
    const defaultWindow = await page.getByTestId('overlay-wl-0').innerText();
    await page.keyboard.press('f'); // the other window the file states
    await page.getByTestId('overlay-wl-0').getByText('W 50 L 100').waitFor();
    await page.keyboard.press('f'); // and back to the default one
    await page.getByTestId('overlay-wl-0').getByText(defaultWindow, { exact: true }).waitFor();
    const reset = await canvasStats(page, 0);
    for (let i = 0; i < 15; i++) await page.keyboard.press('ArrowDown');
    await page.getByTestId('overlay-slice-0').getByText('Im 61/91').waitFor();
    const scrolled = await canvasStats(page, 0);
    assert.notDeepEqual(scrolled, reset, 'another slice renders other pixels');
    assert.ok(Math.abs(scrolled.mean - reset.mean) > 0.5 || Math.abs(scrolled.stdDev - reset.stdDev) > 0.5, 'pixel statistics change between slices');
    await page.mouse.move(700, 500);
    await page.mouse.wheel(0, 300);
    await page.waitForFunction(() => document.querySelector('[data-testid="pane-0"]')?.getAttribute('data-slice') !== '61/91');
    await app.screenshot('viewer-mr-scrolled');
  });

  test('dragging with the left button changes W/L, the right button zooms, and search filters the browser', async () => {
    const { page } = app;
    const box = await page.getByTestId('viewport-0').boundingBox();
    assert.ok(box);
    const wl = page.getByTestId('overlay-wl-0');
    const before = await wl.innerText();
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + 80, cy + 40, { steps: 8 });
    await page.mouse.up();
    await page.waitForFunction((text) => document.querySelector('[data-testid="overlay-wl-0"]')?.textContent !== text, before);
    await page.mouse.move(cx, cy);
    await page.mouse.down({ button: 'right' });
    await page.mouse.move(cx, cy - 80, { steps: 8 });
    await page.mouse.up({ button: 'right' });
    await page.waitForFunction(() => !/Zoom 100%/.test(document.querySelector('[data-testid="pane-0"] .overlay-bl')?.textContent ?? ''));
    await page.getByTestId('viewer-area').focus();
    await page.keyboard.press('r');
    await page.getByRole('searchbox', { name: 'Search studies' }).fill('no such patient');
    const rows = page.getByTestId('series-row');
    assert.equal(await valueWhen(() => rows.count(), (n) => n === 0), 0);
    await page.getByRole('searchbox', { name: 'Search studies' }).fill('class=demo');
    assert.equal(await valueWhen(() => rows.count(), (n) => n === 1), 1, 'labels are searchable');
    await page.getByRole('searchbox', { name: 'Search studies' }).fill('');
  });

  test('a frame that fails to load keeps the last image and names the file and the reason in the pane', async () => {
    const { page } = app;
    // Where instance 80 sits in the stack (stacks run along the slice normal, not by instance number).
    const response = await fetch(`${app.host.origin}/api/catalog.listInstances`, { method: 'POST', headers: { Authorization: `Bearer ${app.host.token}`, 'Content-Type': 'application/json' }, body: '{}' });
    const { value } = (await response.json()) as { value: { rows: StackInstance[] } };
    const slice = orderStack(value.rows).findIndex((f) => f.instanceId === 'instance:80') + 1;
    await page.getByTestId('slice-slider-0').fill(String(slice));
    const banner = page.getByTestId('pane-frame-error-0');
    await banner.waitFor();
    assert.match(await banner.innerText(), new RegExp(`Image ${slice} cannot be shown: /fake/80\\.dcm: JPEG 2000 frame does not decode`));
    assert.ok((await canvasStats(page, 0)).nonBlack > 0.3, 'the previous image stays on screen');
    await app.screenshot('viewer-frame-error');
    await page.getByTestId('slice-slider-0').fill('60');
    await page.locator('[data-testid="pane-0"][data-slice="60/91"]').waitFor();
    assert.equal(await valueWhen(() => banner.count(), (n) => n === 0), 0, 'the message goes once another image shows');
  });

  test('a length measurement reports millimetres consistent with the pixel spacing', async () => {
    const { page } = app;
    await page.getByTestId('viewer-area').focus();
    await page.keyboard.press('r');
    await page.keyboard.press('l');
    const box = await page.getByTestId('viewport-0').boundingBox();
    assert.ok(box);
    const y = box.y + box.height / 2;
    const x0 = box.x + box.width / 2 - 100;
    const drag = 200;
    await page.mouse.move(x0, y);
    await page.mouse.down();
    await page.mouse.move(x0 + drag, y, { steps: 20 });
    await page.mouse.up();
    await app.screenshot('viewer-length');
    const row = page.getByTestId('measurements').locator('li[data-tool="Length"]').first();
    await row.waitFor();
    const value = Number(await settledAttribute(row, 'data-value'));
    assert.equal(await row.getAttribute('data-unit'), 'mm');
    const mmPerPixel = Number(await page.getByTestId('pane-0').getAttribute('data-mm-per-pixel'));
    // The image (91 columns × 2 mm, 109 rows × 2 mm) is fitted into the pane, with a small inset margin.
    const fit = Math.max((109 * 2) / box.height, (91 * 2) / box.width);
    assert.ok(mmPerPixel / fit > 0.99 && mmPerPixel / fit < 1.2, `scale ${mmPerPixel} mm/px fits the 2 mm spacing (${fit})`);
    // Compare with the segment as drawn (the SVG line), so dropped mouse events cannot skew the check.
    const drawn = await drawnLengthPx(page, 0);
    assert.ok(drawn > drag * 0.5, `the drawn line spans most of the drag (${drawn} px)`);
    const expected = drawn * mmPerPixel;
    assert.ok(Math.abs(value - expected) / expected < 0.02, `length ${value} mm ≈ ${expected.toFixed(1)} mm (${drawn.toFixed(0)} px × ${mmPerPixel.toFixed(3)} mm/px)`);
    await page.keyboard.press('Delete');
    await page.keyboard.press('w');
  });

  test('ellipse and rectangle ROIs report mean, SD and area; an angle reports degrees', async () => {
    const { page } = app;
    const box = await page.getByTestId('viewport-0').boundingBox();
    assert.ok(box);
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const drag = async (x0: number, y0: number, x1: number, y1: number): Promise<void> => {
      await page.mouse.move(x0, y0);
      await page.mouse.down();
      await page.mouse.move(x1, y1, { steps: 10 });
      await page.mouse.up();
    };
    await page.getByTestId('viewer-area').focus();
    await page.keyboard.press('e');
    await drag(cx - 60, cy - 40, cx + 20, cy + 40);
    await page.keyboard.press('b');
    await drag(cx + 40, cy - 40, cx + 120, cy + 20);
    await page.keyboard.press('a');
    // Angle: click the first end, the vertex, then the second end.
    await page.mouse.click(cx - 100, cy + 120);
    await page.mouse.click(cx, cy + 120);
    await page.mouse.click(cx, cy + 20);
    const list = page.getByTestId('measurements');
    for (const tool of ['Ellipse', 'Rectangle']) {
      const row = list.locator(`li[data-tool="${tool}"]`).first();
      await row.waitFor();
      await settledAttribute(row, 'data-value');
      assert.match(await row.innerText(), /mean -?\d+(\.\d)? .*· SD \d+(\.\d)? · area \d+(\.\d)? mm²/, `${tool}: ${await row.innerText()}`);
    }
    const angle = list.locator('li[data-tool="Angle"]').first();
    await angle.waitFor();
    const degrees = Number(await settledAttribute(angle, 'data-value'));
    assert.ok(Math.abs(degrees - 90) < 3, `a right angle measures ${degrees}°`);
    await app.screenshot('viewer-rois');
    await page.keyboard.press('Delete');
    await page.keyboard.press('w');
    await list.waitFor({ state: 'detached' });
  });

  test('in a 1×2 layout scrolling and W/L in one pane follow in the other; cine plays, stops and keeps its frame rate', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '1×2', exact: true }).click();
    await page.getByTestId('pane-1').click();
    await page.getByTestId('series-row').first().locator('button').first().click();
    await waitForPane(page, 1);
    await page.getByTestId('pane-0').click({ position: { x: 30, y: 300 } });
    await page.keyboard.press('Home');
    await page.locator('[data-testid="pane-1"][data-slice="1/91"]').waitFor();
    await page.keyboard.press('3');
    await page.getByTestId('overlay-wl-1').getByText('W 1500 L -600').waitFor();
    await page.keyboard.press('0');
    await app.screenshot('viewer-1x2-synced');
    await page.keyboard.press('c');
    await page.waitForFunction(() => {
      const n = Number(document.querySelector('[data-testid="pane-0"]')?.getAttribute('data-slice')?.split('/')[0]);
      return n > 5;
    });
    await page.keyboard.press('c');
    // A step already in flight when cine stops may still land; after that the slice must stay.
    const stopped = await settledAttribute(page.getByTestId('pane-0'), 'data-slice');
    await page.waitForTimeout(500);
    assert.equal(await page.getByTestId('pane-0').getAttribute('data-slice'), stopped, 'cine stopped');
    // At 2 frames/s cine shows at most one new slice per 500 ms it runs (load only slows it down). The bound uses
    // the time from before the start click to after the stop click: on a busy machine the clicks themselves take
    // time, so the cine runs longer than the 1.5 s waited in between.
    await page.getByLabel('Cine frame rate').selectOption('2');
    const cine = page.getByRole('button', { name: 'Cine', exact: true });
    const started = Date.now();
    await cine.click();
    await page.waitForTimeout(1500);
    await cine.click();
    const ranMs = Date.now() - started;
    const after = Number((await settledAttribute(page.getByTestId('pane-0'), 'data-slice'))?.split('/')[0]);
    const advanced = (after - Number(stopped?.split('/')[0]) + 91) % 91;
    const most = Math.floor(ranMs / 500) + 1;
    assert.ok(advanced >= 1 && advanced <= most, `2 fps cine advanced ${advanced} slices in ${ranMs} ms (at most ${most})`);
    // "." and "," step the rate from the keyboard.
    await page.getByTestId('pane-0').click({ position: { x: 30, y: 300 } });
    const rate = page.getByLabel('Cine frame rate');
    await page.keyboard.press('.');
    assert.equal(await valueWhen(() => rate.inputValue(), (v) => v === '5'), '5');
    await page.keyboard.press(',');
    await page.keyboard.press(',');
    assert.equal(await valueWhen(() => rate.inputValue(), (v) => v === '2'), '2');
    await page.getByRole('button', { name: '1×1', exact: true }).click();
  });

  test('a NIfTI volume opens as axial, sagittal and coronal views with correct orientation labels', async () => {
    const { page } = app;
    await page.getByTestId('volume-row').first().locator('button').click();
    for (const pane of [0, 1, 2]) await waitForPane(page, pane);
    const labels = async (pane: number): Promise<string> =>
      (await Promise.all(['top', 'bottom', 'left', 'right'].map((edge) => page.getByTestId(`orient-${edge}-${pane}`).innerText()))).join(' ');
    assert.equal(await page.getByTestId('pane-0').getAttribute('data-orientation'), 'axial');
    assert.equal(await labels(0), 'A P R L', 'axial: anterior up, patient right on the viewer left');
    assert.equal(await labels(1), 'S I A P', 'sagittal: superior up, anterior left');
    assert.equal(await labels(2), 'S I R L', 'coronal: superior up, patient right on the viewer left');
    for (const pane of [0, 1, 2]) {
      const stats = await canvasStats(page, pane);
      assert.ok(stats.nonBlack > 0.3 && stats.stdDev > 20, `pane ${pane} shows the brain (${JSON.stringify(stats)})`);
    }
    await app.screenshot('viewer-nifti-mpr');
  });

  test('a synthetic image always carries the "SYNTHETIC — not for diagnosis" marker', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '1×1', exact: true }).click();
    await page.getByTestId('image-set-row').first().locator('button').click();
    await waitForPane(page, 0);
    assert.equal(await page.getByTestId('synthetic-marker-0').innerText(), 'SYNTHETIC — not for diagnosis');
    await app.screenshot('viewer-synthetic');
  });

  test('the help lists the keyboard shortcuts', async () => {
    const { page } = app;
    await page.getByTestId('viewer-area').focus();
    await page.keyboard.press('?');
    const help = await page.getByTestId('viewer-help').innerText();
    assert.match(help, /Previous \/ next slice/);
    assert.match(help, /Lung \(W 1500 L -600\)/);
    await page.keyboard.press('Escape');
    assert.equal(await valueWhen(() => page.getByTestId('viewer-help').count(), (n) => n === 0), 0);
  });
});

test.describe('synthetic marker from the pixels, not the listing', { skip: needsBrowser }, () => {
  let session: AppSession;
  before(async () => {
    session = await openViewerApp({ handlers: await fakeCatalogHandlers(template, { syntheticFrames: true }) });
  });
  after(async () => session?.close());

  test('a series listed as acquired whose frames are synthetic shows the marker as a stack and in all MPR planes', async () => {
    const { page } = session;
    await page.getByTestId('series-row').first().locator('button').first().click();
    await waitForPane(page, 0);
    assert.equal(await page.getByTestId('synthetic-marker-0').innerText(), 'SYNTHETIC — not for diagnosis');
    await page.getByTestId('series-row').first().getByRole('button', { name: 'MPR' }).click();
    for (const pane of [0, 1, 2]) {
      await page.locator(`[data-testid="pane-${pane}"][data-kind="volume"][data-rendered="true"]`).waitFor();
      assert.equal(await page.getByTestId(`synthetic-marker-${pane}`).count(), 1, `pane ${pane} carries the marker`);
    }
    await session.screenshot('viewer-synthetic-mpr');
  });
});
