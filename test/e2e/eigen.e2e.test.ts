// The Eigencomponents panel in Chromium through the headless host: an edit series with three slice positions is
// analysed in the worker; the R² check shown equals the API's, each slice position can be viewed; screenshots kept.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createResult } from '../../src-main/results/store.js';
import { eigenOutputSchema } from '../../src-shared/api/eigen.js';
import type { EigenOutput } from '../../src-shared/api/eigen.js';
import type { Job } from '../../src-shared/api/jobs.js';
import { encodeNpy } from '../../src-shared/io/npy.js';
import { decodePng } from '../../src-main/io/png.js';
import { artifactsDir, needsBrowser, openApp } from '../support/browser.js';
import type { AppSession } from '../support/browser.js';

let app: AppSession;

/** A K×3×16×16 synthetic series whose position 1 brightens a block linearly with α. */
function writeEditResult(dataDir: string, change: (alpha: number) => number = (a) => 0.05 * a): string {
  const { info, dir } = createResult(dataDir, 'edit', { synthetic: true });
  const alphas = [0, 0.5, 1, 1.5, 2, 2.5, 3];
  const [K, S, H, W] = [alphas.length, 3, 16, 16];
  const data = new Float32Array(K * S * H * W);
  for (let k = 0; k < K; k++) for (let s = 0; s < S; s++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const inside = y >= 3 && y < 13 && x >= 3 && x < 13;
    const lesion = s === 1 && y >= 6 && y < 9 && x >= 6 && x < 9;
    data[((k * S + s) * H + y) * W + x] = (inside ? 0.3 + 0.4 * Math.sin(x / 2) * Math.cos(y / 3) : -0.9) + (lesion ? change(alphas[k]) : 0);
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'SERIES.npy'), encodeNpy(data, [K, S, H, W]));
  writeFileSync(join(dir, 'SERIES.json'), JSON.stringify({ alphas, alphaUnit: 'sigma', synthetic: true }));
  return info.id;
}

/** The same analysis through the host's HTTP API: submit the job and poll it to its end (the job's result is the analysis). */
async function apiEigen(series: string): Promise<EigenOutput> {
  const post = async (method: string, body: unknown): Promise<unknown> => {
    const response = await fetch(`${app.host.origin}/api/${method}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${app.host.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
    if (!answer.ok) throw new Error(`${method}: ${answer.error?.message ?? 'failed'}`);
    return answer.value;
  };
  const started = (await post('eigen.components', { series })) as { job: Job };
  for (let tries = 0; tries < 600; tries++) {
    const job = (await post('jobs.get', { id: started.job.id })) as Job;
    if (job.state === 'done') return eigenOutputSchema.parse(job.result);
    if (job.state !== 'running' && job.state !== 'queued') throw new Error(`eigen job ${job.state}: ${job.message}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('eigen job did not end within 60 s');
}

test.describe('Eigencomponents panel', { skip: needsBrowser }, () => {
  before(async () => {
    app = await openApp();
  });
  after(async () => app?.close());

  test('analyses an edit series: scree and eigenvector charts, the R² check equal to the API, each slice position', async () => {
    const id = writeEditResult(app.dataDir);
    const { page } = app;
    await page.getByRole('tab', { name: 'Eigencomponents' }).click();
    await page.getByTestId('eigen-panel').waitFor();
    await page.getByRole('option', { name: new RegExp(id) }).waitFor({ state: 'attached' });
    await app.screenshot('eigen-panel-empty');
    await page.getByRole('button', { name: 'Analyse' }).click();
    await page.getByTestId('eigen-result').waitFor({ timeout: 60_000 });
    const check = await page.getByTestId('linear-check').innerText();
    const api = await apiEigen(id);
    const r2 = api.linearCheck.r2;
    assert.ok(r2 !== null);
    assert.match(check, new RegExp(`R² ${r2.toFixed(4)} — ${r2 >= 0.99 ? 'PASS' : 'FAIL'}`));
    assert.equal(await page.getByRole('img', { name: /Eigenvectors against α/ }).count(), 1);
    assert.equal(await page.getByRole('img', { name: /Scree plot/ }).count(), 1);
    // The α = 0 images of the three positions open side by side: component map | subtraction, each with its overlay.
    for (const pane of [0, 1]) {
      await page.locator(`[data-testid="pane-${pane}"][data-rendered="true"]`).waitFor({ timeout: 30_000 });
      await page.getByTestId(`colour-bar-${pane}`).waitFor();
      await page.waitForFunction((p) => document.querySelector(`[data-testid="colour-overlay-${p}"]`)?.getAttribute('data-plane') !== '', pane);
      assert.ok(await page.getByTestId(`synthetic-marker-${pane}`).isVisible(), 'maps of a synthetic series carry the marker');
    }
    assert.match(await page.getByTestId('colour-bar-0').getAttribute('aria-label') ?? '', /component 2 \(all positions jointly\)/);
    assert.match(await page.getByTestId('colour-bar-1').getAttribute('aria-label') ?? '', /α 3 − α 0/);
    const r = api.positions.length > 1 && api.joint ? api.joint.subtraction.correlationWithComponent2 : null;
    assert.ok(r !== null);
    assert.match(await page.getByTestId('eigen-correlation').innerText(), new RegExp(`r = ${r.toFixed(3)}`));
    await app.screenshot('eigen-panel-joint');
    const exported = await page.getByTestId('eigen-export').getByRole('link').allInnerTexts();
    for (const name of ['eigen.json', 'joint/components.npy', 'position_1/component_2.png', 'subtraction.npy']) assert.ok(exported.includes(name), `${name} in ${exported.join(', ')}`);
    // The figure of this view, PNG and SVG, each with the SYNTHETIC label burned in and the R² shown in the panel.
    const download = async (button: string): Promise<Buffer> => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
      const path = join(artifactsDir, `figure-${file.suggestedFilename()}`);
      await file.saveAs(path);
      assert.match(file.suggestedFilename(), /^eigen-[0-9T-]+-[0-9a-f]{8}_joint_component_2_SYNTHETIC\.(png|svg)$/);
      return readFileSync(path);
    };
    const svg = (await download('Figure SVG')).toString('utf8');
    assert.match(svg, /^<svg|<svg /);
    assert.ok(svg.includes('SYNTHETIC — derived from generated images, not for diagnosis'), 'the SVG carries the synthetic banner as text');
    assert.ok(svg.includes(`R² ${r2.toFixed(4)} PASS`), 'the SVG states the R² the panel shows');
    assert.ok((svg.match(/<path/g) ?? []).length > 20, 'the charts are vector paths, not a picture');
    assert.ok(svg.includes('stroke-dasharray'), 'the polynomial fits are drawn (dashed lines)');
    // Two rows of three position tiles and two colour bars are the only bitmaps.
    assert.equal((svg.match(/<image/g) ?? []).length, 2 * 3 + 2);
    const png = decodePng(await download('Figure PNG'));
    assert.equal(png.width, 2 * 1400);
    // The banner is burned into the pixels: orange under its text box, at 2 pixels per layout unit.
    const at = (x: number, y: number): number[] => Array.from(png.data.subarray((y * png.width + x) * png.channels, (y * png.width + x) * png.channels + 3));
    assert.deepEqual(at(2 * 22, 2 * 64), [255, 176, 0]);
    await page.getByLabel('Slice position').selectOption({ label: 'position 1' });
    await page.waitForFunction(() => /position 1/.test(document.querySelector('[data-testid="colour-bar-0"]')?.getAttribute('aria-label') ?? ''));
    assert.match(await page.getByTestId('linear-check').innerText(), /PASS/);
    await page.getByTestId('slice-slider-0').fill('2');
    await page.waitForFunction(() => document.querySelector('[data-testid="colour-overlay-0"]')?.getAttribute('data-plane') === '0');
    await app.screenshot('eigen-panel-position-1');
    // Another position's image has no map of the position-1 analysis: nothing is drawn there.
    await page.getByTestId('slice-slider-0').fill('1');
    await page.waitForFunction(() => document.querySelector('[data-testid="colour-overlay-0"]')?.getAttribute('data-plane') === '');
  });

  test('a change cubic in α fails the published check, shown as FAIL with its R²', async () => {
    const id = writeEditResult(app.dataDir, (a) => 0.01 * a ** 3);
    const { page } = app;
    // The panel lists edit series when it opens: leave and come back to see the new one.
    await page.getByRole('tab', { name: 'Jobs' }).click();
    await page.getByRole('tab', { name: 'Eigencomponents' }).click();
    await page.getByRole('option', { name: new RegExp(id) }).waitFor({ state: 'attached' });
    await page.locator('#eigen-series').selectOption({ label: `${id} (SYNTHETIC)` });
    await page.getByRole('button', { name: 'Analyse' }).click();
    await page.waitForFunction(() => /FAIL/.test(document.querySelector('[data-testid="linear-check"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    assert.match(await page.getByTestId('linear-check').innerText(), /R² 0\.\d{4} — FAIL/);
    await page.locator('[data-testid="pane-0"][data-rendered="true"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('colour-bar-0').waitFor();
    await app.screenshot('eigen-panel-fail');
  });

  test('in half-width panes at 1280×720 the colour bar sits in the pane margin beside the image, covering none of it', async () => {
    const id = writeEditResult(app.dataDir);
    const { page } = app;
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByRole('tab', { name: 'Jobs' }).click();
    await page.getByRole('tab', { name: 'Eigencomponents' }).click();
    await page.getByRole('option', { name: new RegExp(id) }).waitFor({ state: 'attached' });
    await page.locator('#eigen-series').selectOption({ label: `${id} (SYNTHETIC)` });
    await page.getByRole('button', { name: 'Analyse' }).click();
    await page.getByTestId('eigen-result').waitFor({ timeout: 60_000 });
    /** The bar, the Cornerstone canvas (the image is drawn inside it) and the pane, in page pixels. */
    const geometry = (pane: number) =>
      page.evaluate((p) => {
        // No named helper inside: the page has no __name of the test's transpiler.
        const [bar, image, whole] = [`[data-testid="colour-bar-${p}"]`, `[data-testid="viewport-${p}"] canvas`, `[data-testid="pane-${p}"]`].map((selector) => {
          const b = document.querySelector(selector)?.getBoundingClientRect();
          return b ? { left: b.left, right: b.right, top: b.top, bottom: b.bottom, width: b.width } : null;
        });
        return { bar, image, pane: whole };
      }, pane);
    for (const pane of [0, 1]) {
      await page.locator(`[data-testid="pane-${pane}"][data-rendered="true"]`).waitFor({ timeout: 30_000 });
      await page.getByTestId(`colour-bar-${pane}`).waitFor();
    }
    // The viewport gives up the margin when the layer arrives: wait until Cornerstone has re-fitted its canvas to it
    // (drawing buffer = shown size) and the bar stands right of it.
    const apart = (pane: number) =>
      page
        .waitForFunction(
          (p) => {
            const bar = document.querySelector(`[data-testid="colour-bar-${p}"]`)?.getBoundingClientRect();
            const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="viewport-${p}"] canvas`);
            const image = canvas?.getBoundingClientRect();
            if (!bar || !canvas || !image || image.width === 0) return false;
            return Math.abs(canvas.width - image.width * devicePixelRatio) <= 1 && bar.left >= image.right - 0.5;
          },
          pane,
          { timeout: 30_000 },
        )
        .then(() => true, () => false);
    const fitted = [await apart(0), await apart(1)];
    await app.screenshot('colour-bar-half-panes-1280x720');
    for (const pane of [0, 1]) {
      const g = await geometry(pane);
      assert.ok(fitted[pane] && g.bar && g.image && g.pane, `pane ${pane}: the bar overlaps the image canvas (or the canvas was not re-fitted): ${JSON.stringify(g)}`);
      assert.ok(g.image.width > g.pane.width / 2, `pane ${pane}: the image keeps most of the pane: ${JSON.stringify(g)}`);
      assert.ok(g.bar.right <= g.pane.right + 0.5 && g.bar.top >= g.pane.top - 0.5 && g.bar.bottom <= g.pane.bottom + 0.5, `pane ${pane}: the bar fits in the pane: ${JSON.stringify(g)}`);
    }
  });
});

test.describe('Eigencomponents panel: a region drawn in the viewer', { skip: needsBrowser }, () => {
  before(async () => {
    app = await openApp();
  });
  after(async () => app?.close());

  test('a rectangle drawn on the α = 0 image restricts the decomposition to its pixels', async () => {
    const id = writeEditResult(app.dataDir);
    const { page } = app;
    await page.getByRole('tab', { name: 'Eigencomponents' }).click();
    await page.getByRole('option', { name: new RegExp(id) }).waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Analyse' }).click();
    await page.getByTestId('eigen-result').waitFor({ timeout: 60_000 });
    const otsu = Number(/(\d+) foreground voxels/.exec(await page.getByTestId('eigen-result').innerText())?.[1]);
    // Asking for the region before drawing one names what to do.
    await page.locator('#eigen-mask').selectOption('region');
    await page.getByRole('button', { name: 'Analyse' }).click();
    await page.getByTestId('eigen-form').getByRole('alert').filter({ hasText: /Draw an Ellipse or Rectangle ROI/ }).waitFor();
    await page.locator('[data-testid="pane-0"][data-rendered="true"]').waitFor({ timeout: 30_000 });
    const box = await page.getByTestId('viewport-0').boundingBox();
    assert.ok(box);
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    // A real pointer drag only once the viewport is what the pointer hits in a painted frame.
    await page.waitForFunction(
      ([x, y]) => new Promise<boolean>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(Boolean(document.elementFromPoint(x, y)?.closest('[data-testid="viewport-0"]')))))),
      [cx, cy],
    );
    await page.getByTestId('viewer-area').focus();
    await page.keyboard.press('b');
    await page.mouse.move(cx - 30, cy - 30);
    await page.mouse.down();
    await page.mouse.move(cx + 30, cy + 30, { steps: 10 });
    await page.mouse.up();
    await page.keyboard.press('w');
    await page.getByRole('button', { name: 'Analyse' }).click();
    await page.waitForFunction(() => /region drawn in the viewer/.test(document.querySelector('[data-testid="eigen-result"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    const text = await page.getByTestId('eigen-result').innerText();
    assert.match(text, /region drawn in the viewer: 1 ROI on position \d; positions \d, \d use their union/);
    const inRegion = Number(/(\d+) foreground voxels/.exec(text)?.[1]);
    assert.ok(inRegion > 0 && inRegion < otsu, `the region's ${inRegion} voxels are fewer than Otsu's ${otsu}`);
    await page.locator('[data-testid="pane-0"][data-rendered="true"]').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="colour-overlay-0"]')?.getAttribute('data-plane') !== '');
    await app.screenshot('eigen-panel-region');
  });
});
