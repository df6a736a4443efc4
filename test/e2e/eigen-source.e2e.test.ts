// The eigen maps over the SOURCE volume in Chromium: a series cut from slices 1–3 of a catalogued NIfTI, with a
// known change at slice position 1 (slice 2) where the volume carries a bright marker; "Show on the source volume"
// opens the volume and the component-2 map is drawn only at the three slices, the change on the marker's pixels.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { writeNifti } from '../../src-main/io/niftiWrite.js';
import { createResult } from '../../src-main/results/store.js';
import { encodeNpy } from '../../src-shared/io/npy.js';
import { callApi, needsBrowser, openApp } from '../support/browser.js';
import type { AppSession } from '../support/browser.js';
import { PNG } from 'pngjs';
import { waitForPane } from '../support/viewerApp.js';

let app: AppSession;

const api = <T>(method: string, input: unknown): Promise<T> => callApi<T>(app, method, input);

/** Model pixels of the change (rows 2–4, columns 10–12); the builder's slices run −y down and −x across, so voxel i = 15 − column, j = 15 − row. */
const inLesion = (row: number, column: number): boolean => row >= 2 && row < 5 && column >= 10 && column < 13;

/** A 16×16×6 volume (2 mm slices) whose slice 2 carries a bright marker exactly under the lesion's model pixels; imported into the catalog. */
async function importSource(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'latentrad-eigen-source-'));
  const path = join(dir, 'source.nii.gz');
  const data = new Float32Array(16 * 16 * 6).fill(100);
  for (let j = 0; j < 16; j++) for (let i = 0; i < 16; i++) if (inLesion(15 - j, 15 - i)) data[2 * 256 + j * 16 + i] = 1000;
  writeNifti(path, { dims: [16, 16, 6], data, affine: [1, 0, 0, -8, 0, 1, 0, -8, 0, 0, 2, 10], description: 'eigen source test' });
  const job = await api<{ id: string }>('catalog.import', { paths: [path] });
  for (let tries = 0; tries < 600; tries++) {
    const state = (await api<{ state: string }>('jobs.get', { id: job.id })).state;
    if (state === 'done') break;
    assert.ok(state === 'running' || state === 'queued', `import ${state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return (await api<{ id: string }>('catalog.resolve', { ref: path })).id;
}

/** A synthetic K×3×16×16 edit series of the volume's slices 1, 2, 3 whose position 1 brightens the lesion linearly with α. */
function writeSeries(volumeId: string): string {
  const { info, dir } = createResult(app.dataDir, 'edit', { synthetic: true });
  const alphas = [0, 0.5, 1, 1.5, 2, 2.5, 3];
  const [K, S, H, W] = [alphas.length, 3, 16, 16];
  const data = new Float32Array(K * S * H * W);
  for (let k = 0; k < K; k++) for (let s = 0; s < S; s++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const inside = y >= 1 && y < 15 && x >= 1 && x < 15;
    data[((k * S + s) * H + y) * W + x] = (inside ? 0.3 + 0.4 * Math.sin(x / 2) * Math.cos(y / 3) : -0.9) + (s === 1 && inLesion(y, x) ? 0.05 * alphas[k] : 0);
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'SERIES.npy'), encodeNpy(data, [K, S, H, W]));
  const positions = [1, 2, 3].map((slice) => ({ item: volumeId, entity: 'volume', axis: 'z', slice: String(slice), subject: 'S1' }));
  writeFileSync(join(dir, 'SERIES.json'), JSON.stringify({ alphas, alphaUnit: 'sigma', synthetic: true, source: { kind: 'latents', positions } }));
  return info.id;
}

/** Centre of the bright (> 200 grey) pixels of the image pane 2 shows, its text and colour overlays hidden, as fractions of its size; null if none. */
async function markerCentroid(): Promise<{ x: number; y: number } | null> {
  const shot = await app.page.getByTestId('viewport-2').screenshot({ style: '[data-testid="pane-2"] > :not(.pane-canvas) { visibility: hidden !important; }' });
  const png = PNG.sync.read(shot);
  let [sx, sy, n] = [0, 0, 0];
  for (let i = 0; i < png.width * png.height; i++) {
    if (png.data[i * 4] > 200 && png.data[i * 4 + 1] > 200 && png.data[i * 4 + 2] > 200) {
      sx += i % png.width;
      sy += Math.floor(i / png.width);
      n++;
    }
  }
  return n === 0 ? null : { x: sx / n / png.width, y: sy / n / png.height };
}

/** Centre of the strongly coloured pixels (alpha > half the maximum) of a pane's colour overlay, as fractions of its size. */
async function overlayCentroid(pane: number): Promise<{ x: number; y: number; count: number }> {
  return app.page.getByTestId(`colour-overlay-${pane}`).evaluate((el) => {
    const canvas = el as HTMLCanvasElement;
    const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray(0);
    let [sx, sy, n] = [0, 0, 0];
    for (let i = 0; i < canvas.width * canvas.height; i++) {
      if (pixels[i * 4 + 3] > 128) {
        sx += i % canvas.width;
        sy += Math.floor(i / canvas.width);
        n++;
      }
    }
    return { x: n ? sx / n / canvas.width : NaN, y: n ? sy / n / canvas.height : NaN, count: n };
  });
}

test.describe('Eigencomponents on the source volume', { skip: needsBrowser }, () => {
  before(async () => {
    app = await openApp();
  });
  after(async () => app?.close());

  test('a known change at slice position 1 is drawn on slice 2 of the source volume, on the marker, and nowhere off the three slices', { timeout: 240_000 }, async () => {
    const { page } = app;
    // Before any edit series exists the panel says what it does, what it takes and how to make one in Disease direction.
    await page.getByRole('tab', { name: 'Eigencomponents' }).click();
    await page.getByTestId('eigen-empty').filter({ hasText: 'Generate the series' }).waitFor();
    await app.screenshot('eigen-panel-empty-state');
    const empty = await page.getByTestId('eigen-empty').innerText();
    assert.match(empty, /eigendecomposes an ordered stack of images, such as one image changed along a disease direction/);
    assert.match(empty, /catalog DICOM series/);
    assert.match(empty, /Component 1 is the offset[\s\S]*component 2 grows ≈ linearly with α and isolates the change better than subtracting/);
    assert.match(empty, /Disease direction[\s\S]*stack file \(\.npy/);
    const volumeId = await importSource();
    const id = writeSeries(volumeId);
    // The panel lists edit series when it opens: leave and come back to see the new one.
    await page.getByRole('tab', { name: 'Jobs' }).click();
    await page.getByRole('tab', { name: 'Eigencomponents' }).click();
    await page.getByRole('option', { name: new RegExp(id) }).waitFor({ state: 'attached' });
    await page.locator('#eigen-series').selectOption({ label: `${id} (SYNTHETIC)` });
    await page.getByRole('button', { name: 'Analyse' }).click();
    await page.getByTestId('eigen-result').waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: 'Show on the source volume' }).click();
    await waitForPane(page, 2, 120_000);
    await page.locator('[data-testid="pane-2"][data-kind="volume"][data-orientation="axial"]').waitFor();
    await page.getByTestId('colour-bar-2').waitFor();
    assert.match((await page.getByTestId('colour-bar-2').getAttribute('aria-label')) ?? '', /component 2 \(all positions jointly\), from a SYNTHETIC series/);
    assert.ok(await page.getByTestId('synthetic-marker-2').isVisible(), 'the source pane says SYNTHETIC while it shows a map from a generated series');
    // Scroll the volume through all six slices: only slices 1, 2, 3 carry a plane (0, 1, 2 in order), and the
    // marker (slice 2) shows plane 1. The order of the slider along z is Cornerstone's: read it from the marker.
    const slider = page.getByTestId('slice-slider-2');
    const seen: Array<{ plane: string; marker: boolean }> = [];
    for (let v = 1; v <= 6; v++) {
      await slider.fill(String(v));
      await page.locator(`[data-testid="pane-2"][data-slice="${v}/6"][data-rendered="true"]`).waitFor({ timeout: 30_000 });
      // The overlay redraws after each render; read it once two frames have been painted.
      await page.waitForFunction(() => new Promise<boolean>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)))));
      const plane = (await page.getByTestId('colour-overlay-2').getAttribute('data-plane')) ?? '';
      seen.push({ plane, marker: (await markerCentroid()) !== null });
    }
    const markerAt = seen.findIndex((s) => s.marker);
    assert.ok(markerAt > 0 && markerAt < 5 && seen.filter((s) => s.marker).length === 1, `one slice shows the marker: ${JSON.stringify(seen)}`);
    const step = seen[markerAt - 1].plane === '0' ? 1 : -1;
    const expected = [0, 1, 2, 3, 4, 5].map((v) => ({ [markerAt - step]: '0', [markerAt]: '1', [markerAt + step]: '2' })[v] ?? '');
    assert.deepEqual(seen.map((s) => s.plane), expected);
    // On the marker's slice the strongest colours sit on the marker's pixels (within one voxel on screen).
    await slider.fill(String(markerAt + 1));
    await page.locator(`[data-testid="pane-2"][data-slice="${markerAt + 1}/6"][data-rendered="true"]`).waitFor();
    const marker = await markerCentroid();
    assert.ok(marker);
    await page.waitForFunction(() => document.querySelector('[data-testid="colour-overlay-2"]')?.getAttribute('data-plane') === '1');
    let map = await overlayCentroid(2);
    for (let tries = 0; map.count === 0 && tries < 50; tries++) {
      await new Promise((r) => setTimeout(r, 100));
      map = await overlayCentroid(2);
    }
    const box = await page.getByTestId('viewport-2').boundingBox();
    assert.ok(box && map.count > 0);
    const voxel = Math.min(box.width, box.height) / 16;
    assert.ok(Math.abs(map.x - marker.x) * box.width < voxel && Math.abs(map.y - marker.y) * box.height < voxel, `map at ${JSON.stringify(map)}, marker at ${JSON.stringify(marker)}, one voxel ${voxel.toFixed(1)} px`);
    await app.screenshot('eigen-source-volume');
  });
});
