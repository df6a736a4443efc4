// Viewer e2e helpers: start the app (optionally with some handlers replaced, e.g. by the fake catalog), wait
// for a pane to render, and measure what a viewport canvas shows (pixel statistics from a PNG screenshot).
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';
import { createAppContext } from '../../src-main/api/context.js';
import { createDispatcher } from '../../src-main/api/dispatcher.js';
import type { Handlers } from '../../src-main/api/dispatcher.js';
import { handlers } from '../../src-main/api/handlers.js';
import { startHost } from '../../src-main/host/server.js';
import { artifactsDir, chromiumPath } from './browser.js';
import type { AppSession } from './browser.js';
import { repoRoot } from './data.js';

export async function openViewerApp(options: { handlers?: Partial<Handlers>; viewport?: { width: number; height: number } } = {}): Promise<AppSession> {
  const dataDir = mkdtempSync(join(tmpdir(), 'latentrad-viewer-e2e-'));
  const ctx = createAppContext({ dataDir, host: { kind: 'headless' } });
  const table = { ...handlers, ...options.handlers } as Handlers;
  const host = await startHost({ dispatch: createDispatcher(table, ctx), ctx, staticDir: join(repoRoot, 'dist', 'renderer'), port: 0 });
  const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'latentrad-chromium-')), {
    executablePath: chromiumPath,
    headless: true,
    viewport: options.viewport ?? { width: 1440, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(host.url);
  mkdirSync(artifactsDir, { recursive: true });
  return {
    host,
    ctx,
    browser,
    page,
    dataDir,
    async screenshot(name) {
      const path = join(artifactsDir, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    async close() {
      await browser.close();
      await host.close();
      await ctx.close();
    },
  };
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

/** Waits until pane `pane` reports a slice position (its first image rendered) and returns it as "k/n". */
export async function waitForPane(page: Page, pane: number, timeout = 60_000): Promise<string> {
  const locator = page.locator(`[data-testid="pane-${pane}"][data-slice]`);
  await locator.waitFor({ timeout });
  return (await locator.getAttribute('data-slice')) ?? '';
}
