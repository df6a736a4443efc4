// Rough edges a new user met, each checked in Chromium through the headless host on the fake catalog: the tab the
// app opens on (and remembers), the room the viewer gets at 1280×720, overlays clear of the orientation letters,
// image-set captions, NIfTI file names, MPR panes replaced by what is opened next, no 0 mm length from a click,
// measurements naming their image, honest counts and previews.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { ImageRow } from '../../src-shared/api/catalog.js';
import { ApiError } from '../../src-shared/api/errors.js';
import type { Handlers } from '../../src-main/base/handler.js';
import { needsBrowser } from '../support/browser.js';
import type { AppSession } from '../support/browser.js';
import { fixturesDir } from '../support/data.js';
import { fakeCatalogHandlers } from '../support/fakeCatalog.js';
import { openViewerApp, waitForPane } from '../support/viewerApp.js';

const template = join(fixturesDir, 'viewer', 'avg152T1_LR_nifti.nii.gz');
let app: AppSession;

/** The fake catalog plus what the rough edges need: labelled images, a missing file, same-named volumes, an SR. */
async function roughCatalog(): Promise<Partial<Handlers>> {
  const fake = await fakeCatalogHandlers(template);
  const call = <M extends keyof Handlers>(m: M) => fake[m] as Handlers[M];
  const ctx = undefined as never;
  const [volume] = (await call('catalog.listVolumes')({ where: {}, limit: 10, offset: 0 }, ctx)).rows;
  const [image] = (await call('catalog.listImages')({ where: {}, limit: 10, offset: 0 }, ctx)).rows;
  const [series] = (await call('catalog.listSeries')({ where: {}, limit: 10, offset: 0 }, ctx)).rows;
  const images: ImageRow[] = [
    { ...image, id: 'image:1', path: '/fake/chest/PNEUMONIA/person1_virus_6.png', provenance: 'acquired' as const, labels: { class: 'PNEUMONIA' } },
    { ...image, id: 'image:2', path: '/fake/chest/PNEUMONIA/person2_bacteria_9.png', provenance: 'acquired' as const, labels: { class: 'PNEUMONIA', age: '63' } },
    { ...image, id: 'image:3', path: '/fake/moved-away/gone.png', provenance: 'acquired' as const, labels: {} },
  ];
  const sr = { ...series, id: 'series:2', number: 99, modality: 'SR', description: 'Radiology report', instanceCount: 1, frameCount: 1, displayable: false, labels: {} };
  const list = <T>(rows: T[]) => ({ rows, total: rows.length });
  return {
    ...fake,
    'catalog.listImages': () => list(images),
    'catalog.listSeries': () => list([series, sr]),
    'catalog.listVolumes': () => list([{ ...volume, id: 'volume:1', path: '/fake/site-a/T1.nii.gz', description: 'FSL5.0' }, { ...volume, id: 'volume:2', path: '/fake/site-b/T1.nii.gz', description: 'FSL5.0' }]),
    'pixels.image': (params, c) => {
      if (params.imageId === 'image:3') throw new ApiError('bad_input', "/fake/moved-away/gone.png: ENOENT: no such file or directory, open '/fake/moved-away/gone.png'");
      return call('pixels.image')(params, c);
    },
    'pixels.slice': (params, c) => call('pixels.slice')({ ...params, volumeId: params.volumeId === 'volume:2' ? 'volume:1' : params.volumeId }, c),
    'pixels.volumeInfo': (params, c) => call('pixels.volumeInfo')({ id: params.id === 'volume:2' ? 'volume:1' : params.id }, c),
  };
}

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Bounding boxes of the text lines in a pane's corner overlays and of its orientation letters. */
async function overlayBoxes(page: Page, pane: number): Promise<{ corners: Box[]; letters: Box[] }> {
  // tsx (esbuild keepNames) wraps named inner functions in __name(); the page needs it to run this callback.
  await page.evaluate('globalThis.__name = (f) => f');
  return page.evaluate((p) => {
    const root = document.querySelector(`[data-testid="pane-${p}"]`) as HTMLElement;
    const box = (el: Element): { x: number; y: number; width: number; height: number } => {
      // The text itself, not the block: a line of text is as wide as its characters (ellipsis included).
      const range = document.createRange();
      range.selectNodeContents(el);
      const r = range.getBoundingClientRect();
      const block = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: Math.min(r.width, block.width), height: r.height };
    };
    return {
      corners: [...root.querySelectorAll('.overlay > div')].filter((el) => el.textContent).map(box),
      letters: [...root.querySelectorAll('.orient')].map(box),
    };
  }, pane);
}

test.describe('rough edges a new user met', { skip: needsBrowser }, () => {
  before(async () => {
    app = await openViewerApp({ handlers: await roughCatalog(), viewport: { width: 1280, height: 720 } });
  });
  after(async () => app?.close());

  test('the app opens on a tab that does something and remembers the last tab chosen', async () => {
    const { page } = app;
    await page.getByTestId('app-shell').waitFor();
    assert.equal(await page.getByRole('tab', { selected: true }).innerText(), 'Models & training');
    assert.equal(await page.getByTestId('not-available').count(), 0);
    await page.getByRole('tab', { name: 'Jobs' }).click();
    await page.reload();
    await page.getByTestId('app-shell').waitFor();
    assert.equal(await page.getByRole('tab', { selected: true }).innerText(), 'Jobs');
  });

  test('at 1280×720 the viewer has most of the width, and folding the analysis panel gives it more', async () => {
    const { page } = app;
    const width = async (): Promise<number> => (await page.getByTestId('viewer-area').boundingBox())?.width ?? 0;
    const open = await width();
    assert.ok(open > 1280 / 2, `viewer ${open} px of 1280`);
    await page.getByRole('button', { name: 'Hide the analysis panels' }).click();
    const folded = await width();
    assert.ok(folded > open + 200, `folded: ${folded} px (was ${open})`);
    await app.screenshot('rough-edges-panel-folded');
    await page.reload();
    await page.getByRole('button', { name: 'Show the analysis panels' }).waitFor();
    await page.getByRole('button', { name: 'Show the analysis panels' }).click();
    await page.getByRole('tab', { name: 'Jobs' }).waitFor();
  });

  test('study and series rows count the frames that open; an SR row claims no images', async () => {
    const { page } = app;
    await page.getByTestId('series-row').first().waitFor();
    assert.match(await page.locator('.study-row').first().innerText(), /2 series · 91 images/);
    const rows = await page.getByTestId('series-row').allInnerTexts();
    assert.match(rows[0], /· 91 images/);
    assert.match(rows[1], /Radiology report\s*· 1 object, not images \(SR\)/);
    assert.equal(await page.getByTestId('series-row').nth(1).locator('canvas').count(), 0);
  });

  test('volumes with the same file name show the folder that tells them apart; the overlay names the file', async () => {
    const { page } = app;
    const names = await page.getByTestId('volume-row').allInnerTexts();
    assert.match(names[0], /site-a\/T1\.nii\.gz/);
    assert.match(names[1], /site-b\/T1\.nii\.gz/);
    await page.getByTestId('volume-row').nth(1).locator('button').click();
    for (const pane of [0, 1, 2]) await waitForPane(page, pane);
    const caption = await page.getByTestId('overlay-caption-0').innerText();
    assert.equal(caption, 'site-b/T1.nii.gz', 'the file, not the header description "FSL5.0"');
  });

  test('in a 2×2 MPR at 1280×720 no overlay text touches an orientation letter', async () => {
    const { page } = app;
    await app.screenshot('rough-edges-mpr-1280');
    for (const pane of [0, 1, 2]) {
      const { corners, letters } = await overlayBoxes(page, pane);
      assert.equal(letters.length, 4);
      for (const c of corners) for (const l of letters) assert.ok(!overlaps(c, l), `pane ${pane}: ${JSON.stringify(c)} overlaps letter ${JSON.stringify(l)}`);
    }
  });

  test('a length drawn on an MPR plane names the volume, the plane and the slice', async () => {
    const { page } = app;
    await page.getByTestId('viewer-area').focus();
    await page.keyboard.press('l');
    const box = await page.getByTestId('viewport-0').boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width / 2 - 40, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2, { steps: 10 });
    await page.mouse.up();
    const place = page.getByTestId('measurements').getByTestId('measurement-place');
    await place.waitFor();
    const slice = (await page.getByTestId('pane-0').getAttribute('data-slice'))?.split('/')[0];
    assert.equal(await place.innerText(), `on site-b/T1.nii.gz · axial Im ${slice}`);
    await page.keyboard.press('Delete');
    await page.keyboard.press('w');
    await page.getByTestId('measurements').waitFor({ state: 'detached' });
  });

  test('opening an image set over the MPR shows only the image set, captioned with file name and labels', async () => {
    const { page } = app;
    await page.getByTestId('image-set-row').first().locator('button').click();
    await waitForPane(page, 0);
    assert.equal(await page.locator('[data-testid^="pane-"][data-kind]').count(), 1, 'no MPR pane is left beside it');
    assert.equal(await page.getByTestId('pane-0').getAttribute('data-kind'), 'stack');
    assert.equal(await page.getByTestId('overlay-caption-0').innerText(), 'person1_virus_6.png · class=PNEUMONIA');
    await page.getByTestId('viewer-area').focus();
    await page.keyboard.press('ArrowDown');
    await page.getByTestId('overlay-caption-0').getByText('person2_bacteria_9.png · class=PNEUMONIA · age=63').waitFor();
    await app.screenshot('rough-edges-image-caption');
  });

  test('a length click without a drag leaves no 0 mm measurement; a drawn one names the image it is on', async () => {
    const { page } = app;
    await page.getByTestId('viewer-area').focus();
    await page.keyboard.press('l');
    const box = await page.getByTestId('viewport-0').boundingBox();
    assert.ok(box);
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    // A click whose mouse reports a move of 0 px between press and release (trackpads and real mice do) completes a
    // length with both handles on one point.
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 0.2, y, { steps: 2 });
    await page.mouse.move(x, y);
    await page.mouse.up();
    // Give Cornerstone's completed/removed events and the list's animation frame time to land.
    await page.waitForTimeout(500);
    assert.equal(await page.getByTestId('measurements').count(), 0, 'no row for a click');
    await page.keyboard.press('l');
    await page.mouse.move(x - 60, y);
    await page.mouse.down();
    await page.mouse.move(x + 60, y, { steps: 10 });
    await page.mouse.up();
    const row = page.getByTestId('measurements').locator('li[data-tool="Length"]');
    await row.waitFor();
    assert.equal(await row.count(), 1);
    assert.equal(await row.getByTestId('measurement-place').innerText(), 'on person2_bacteria_9.png (Im 2/2)');
    await page.getByTestId('measurements').screenshot({ path: join(process.cwd(), 'test-results', 'rough-edges-measurement-place.png') });
    await page.keyboard.press('Delete');
    await page.keyboard.press('w');
  });

  test('a file missing since import shows the reason in place of its preview', async () => {
    const { page } = app;
    const row = page.getByTestId('image-set-row').filter({ hasText: 'moved-away' });
    // Previews load as their rows scroll into view; at 1280×720 this last row starts below the fold.
    await row.scrollIntoViewIfNeeded();
    await row.getByTestId('thumb-failed').waitFor();
    assert.equal(await row.getByTestId('thumb-failed').innerText(), 'file missing');
    assert.match((await row.getByTestId('thumb-failed').getAttribute('title')) ?? '', /ENOENT/);
    await row.screenshot({ path: join(process.cwd(), 'test-results', 'rough-edges-missing-thumb.png') });
  });
});
