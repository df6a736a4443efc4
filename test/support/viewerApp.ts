// Viewer e2e helpers: start the app (optionally with some handlers replaced, e.g. by the fake catalog), wait
// for a pane to render, and measure what a viewport canvas shows (pixel statistics from a PNG screenshot).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import type { Locator, Page } from 'playwright-core';
import { openApp } from './browser.js';
import type { AppSession, OpenAppOptions } from './browser.js';

/** The app with a fresh data directory named for the viewer tests. */
export function openViewerApp(options: Omit<OpenAppOptions, 'dataDir'> = {}): Promise<AppSession> {
  return openApp({ ...options, dataDir: mkdtempSync(join(tmpdir(), 'latentrad-viewer-e2e-')) });
}

export interface CanvasStats {
  mean: number;
  stdDev: number;
  /** Fraction of pixels brighter than near-black. */
  nonBlack: number;
  width: number;
  height: number;
}

/** Grey-level statistics of what pane `pane`'s viewport shows (its pixels as rendered, overlays excluded). */
export async function canvasStats(page: Page, pane: number): Promise<CanvasStats> {
  const canvas = page.getByTestId(`viewport-${pane}`).locator('canvas').first();
  const png = PNG.sync.read(await canvas.screenshot());
  let sum = 0;
  let sumSq = 0;
  let bright = 0;
  const n = png.width * png.height;
  for (let i = 0; i < n; i++) {
    const v = (png.data[i * 4] + png.data[i * 4 + 1] + png.data[i * 4 + 2]) / 3;
    sum += v;
    sumSq += v * v;
    if (v > 8) bright++;
  }
  const mean = sum / n;
  return { mean, stdDev: Math.sqrt(Math.max(0, sumSq / n - mean * mean)), nonBlack: bright / n, width: png.width, height: png.height };
}

/** Waits until pane `pane` has rendered an image and reports its slice position; returns it as "k/n". */
export async function waitForPane(page: Page, pane: number, timeout = 60_000): Promise<string> {
  // A volume pane renders once its whole volume is in (one pixels.volume answer), so a rendered pane's pixels are final.
  const locator = page.locator(`[data-testid="pane-${pane}"][data-slice][data-rendered="true"]`);
  try {
    await locator.waitFor({ timeout });
  } catch (e) {
    // Say what the pane shows instead (its kind, a loading message or an error), so a CI failure can be read.
    const element = page.getByTestId(`pane-${pane}`);
    const shown = (await element.count()) === 0 ? 'no such pane' : `kind ${await element.getAttribute('data-kind')}: "${(await element.innerText()).replace(/\s+/g, ' ').slice(0, 300)}"`;
    throw new Error(`pane ${pane} did not render within ${timeout} ms (${shown})`, { cause: e });
  }
  return (await locator.getAttribute('data-slice')) ?? '';
}

/** Centre of the bright (> 200 grey) pixels of a pane's canvas as fractions of its width and height; null if none. */
export async function brightCentroid(page: Page, pane: number): Promise<{ x: number; y: number; fraction: number } | null> {
  const png = PNG.sync.read(await page.getByTestId(`viewport-${pane}`).locator('canvas').first().screenshot());
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      if (png.data[(y * png.width + x) * 4] > 200) {
        sx += x;
        sy += y;
        n++;
      }
    }
  }
  return n === 0 ? null : { x: sx / n / png.width, y: sy / n / png.height, fraction: n / (png.width * png.height) };
}

/**
 * A 40³ NIfTI (RAS identity affine, 1 mm) whose mid slices each show one bright bar at a known anatomical
 * corner: axial (k = 20) at patient left-anterior, sagittal (i = 20) superior-anterior, coronal (j = 20)
 * superior-left. Radiological display puts them top-right, top-left and top-right respectively.
 */
export function orientationPhantom(): { dims: [number, number, number]; voxels: Uint8Array; affine: number[] } {
  const n = 40;
  const voxels = new Uint8Array(n * n * n).fill(20);
  // RAS: +x = patient right, so small i is the patient's left; +y anterior; +z superior.
  const left = (i: number): boolean => i < 10;
  const anterior = (j: number): boolean => j >= 30;
  const superior = (k: number): boolean => k >= 30;
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        if ((left(i) && anterior(j)) || (superior(k) && anterior(j) && i > 15 && i < 25) || (superior(k) && left(i) && j > 15 && j < 25)) voxels[i + n * (j + n * k)] = 250;
      }
    }
  }
  return { dims: [n, n, n], voxels, affine: [1, 0, 0, -20, 0, 1, 0, -20, 0, 0, 1, -20] };
}

/** Length in screen pixels of the longest line a measurement tool drew in pane `pane` (its SVG layer). */
export async function drawnLengthPx(page: Page, pane: number): Promise<number> {
  const lines = await page.getByTestId(`viewport-${pane}`).locator('svg line').evaluateAll((els) =>
    els.map((el) => Math.hypot(Number(el.getAttribute('x2')) - Number(el.getAttribute('x1')), Number(el.getAttribute('y2')) - Number(el.getAttribute('y1')))),
  );
  return Math.max(0, ...lines);
}

/** An attribute's value once it has stopped changing (tools refine their numbers a moment after mouse-up). */
export async function settledAttribute(locator: Locator, name: string, timeout = 10_000): Promise<string | null> {
  const end = Date.now() + timeout;
  let last = await locator.getAttribute(name);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = await locator.getAttribute(name);
    if (now === last || Date.now() > end) return now;
    last = now;
  }
}
