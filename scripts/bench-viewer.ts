// `npm run bench:viewer`: how fast the viewer opens and scrolls real-sized series, end to end (catalog import,
// pixel service in the host, HTTP, Cornerstone in headless Chromium with SwiftShader WebGL — no GPU here).
// Makes a 176-slice 256² MR series and a 512² CT series from the Colin27 brain (shared data; a phantom when
// absent), imports them, then measures open → first image, scroll frames/s (cold and cached) and MPR open time.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { readNifti } from '../src-main/io/nifti.js';
import { needsBrowser } from '../test/support/browser.js';
import { sharedData } from '../test/support/data.js';
import { writeAxialSeries } from '../test/support/dicomWriter.js';
import type { SeriesSpec } from '../test/support/dicomWriter.js';
import { openViewerApp } from '../test/support/viewerApp.js';

type Sampler = (x: number, y: number, z: number) => number;

async function brainSampler(): Promise<{ source: string; at: (u: number, v: number, w: number) => number }> {
  const path = sharedData('nifti', 'mricron', 'ch2.nii.gz');
  if (existsSync(path)) {
    const vol = await readNifti(path);
    const [ni, nj, nk] = vol.dims;
    let max = 0;
    for (const v of vol.data) if (v > max) max = v;
    // u, v, w in [0, 1): column (→ i), row (top = anterior, so j is flipped), slice (→ k).
    const at = (u: number, v: number, w: number): number => {
      const i = Math.min(ni - 1, Math.floor(u * ni));
      const j = Math.min(nj - 1, Math.floor((1 - v) * nj));
      const k = Math.min(nk - 1, Math.floor(w * nk));
      return vol.data[i + ni * (j + nj * k)] / max;
    };
    return { source: 'Colin27 ch2 (mricron)', at };
  }
  const at = (u: number, v: number, w: number): number => {
    const d = Math.hypot(u - 0.5, (v - 0.5) * 1.2, (w - 0.5) * 1.1);
    return d < 0.4 ? 0.6 + 0.3 * Math.sin(u * 40) * Math.cos(v * 30) : d < 0.45 ? 1 : 0;
  };
  return { source: 'synthetic phantom', at };
}

const base = (modality: 'MR' | 'CT', n: number): Omit<SeriesSpec, 'window' | 'rescale' | 'description'> => ({
  modality,
  patientName: `Bench^${modality}`,
  patientId: `BENCH-${modality}`,
  studyUid: `1.2.826.0.1.3680043.9.7777.${n}`,
  seriesUid: `1.2.826.0.1.3680043.9.7777.${n}.1`,
  frameOfReferenceUid: `1.2.826.0.1.3680043.9.7777.${n}.9`,
  seriesNumber: n,
});

interface Row {
  series: string;
  openMs: number;
  coldFps: number;
  warmFps: number;
  mprColdMs: number;
  mprColdAllMs: number;
  mprWarmMs: number;
}

/**
 * Clicks a series row and waits until the first image is rendered (its slice overlay appears); for MPR also until
 * every slice has streamed into the volume. Returns both times in ms.
 */
async function openSeries(page: Page, description: string, mpr: boolean, rowTestId = 'series-row'): Promise<{ firstMs: number; allMs: number }> {
  return page.evaluate(
    async ({ description, mpr, rowTestId }) => {
      const row = [...document.querySelectorAll(`[data-testid="${rowTestId}"]`)].find((r) => r.textContent?.includes(description));
      // A NIfTI volume's row has one button, which opens its three planes.
      const button = row?.querySelector(mpr && rowTestId === 'series-row' ? '.mpr-button' : 'button') as HTMLButtonElement | null;
      if (!button) throw new Error(`no series row "${description}"`);
      const panes = mpr ? [0, 1, 2] : [0];
      // Clear the panes first so "rendered" below means this series.
      const start = performance.now();
      button.click();
      const until = (shown: (el: Element | null) => boolean): Promise<number> =>
        new Promise<number>((resolve) => {
          const check = (): void => (panes.every((p) => shown(document.querySelector(`[data-testid="pane-${p}"]`))) ? resolve(performance.now() - start) : void requestAnimationFrame(check));
          check();
        });
      const firstMs = await until((el) => Boolean(el?.getAttribute('data-slice')) && el?.getAttribute('data-kind') === (mpr ? 'volume' : 'stack'));
      const allMs = await until((el) => Boolean(el?.getAttribute('data-slice')));
      return { firstMs, allMs };
    },
    { description, mpr, rowTestId },
  );
}

/** Steps through `steps` slices with the arrow key, waiting for each to render; returns frames per second. */
async function scrollFps(page: Page, key: 'ArrowDown' | 'ArrowUp', steps: number): Promise<number> {
  return page.evaluate(
    async ({ key, steps }) => {
      const viewer = document.querySelector('[data-testid="viewer-area"]') as HTMLElement;
      const pane = document.querySelector('[data-testid="pane-0"]') as HTMLElement;
      viewer.focus();
      const start = performance.now();
      for (let i = 0; i < steps; i++) {
        const before = pane.getAttribute('data-slice');
        viewer.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
        await new Promise<void>((resolve) => {
          const check = (): void => (pane.getAttribute('data-slice') !== before ? resolve() : void requestAnimationFrame(check));
          requestAnimationFrame(check);
        });
      }
      return (steps * 1000) / (performance.now() - start);
    },
    { key, steps },
  );
}

async function main(): Promise<void> {
  if (needsBrowser) throw new Error(`cannot run the viewer benchmark: ${needsBrowser}`);
  const work = mkdtempSync(join(tmpdir(), 'latentrad-bench-viewer-'));
  const { source, at } = await brainSampler();
  const mrDir = join(work, 'mr');
  const ctDir = join(work, 'ct');
  mkdirSync(mrDir);
  mkdirSync(ctDir);
  const niftiPath = sharedData('nifti', 'mricron', 'ch2.nii.gz');
  const t0 = performance.now();
  const mr: Sampler = (x, y, z) => 1000 * at(x / 256, y / 256, z / 176);
  writeAxialSeries(mrDir, { ...base('MR', 1), description: 'BENCH T1 176x256x256', window: { center: 500, width: 1000 }, rescale: { slope: 1, intercept: 0 } }, { columns: 256, rows: 256, slices: 176, spacing: [0.9, 0.9, 1] }, mr);
  // CT in stored values = HU + 1024: air −1000, brain ~ 40, skull ~ 1000.
  const ct: Sampler = (x, y, z) => {
    const v = at(x / 512, y / 512, z / 120);
    return 1024 + (v < 0.05 ? -1000 : v > 0.85 ? 1000 : 20 + 40 * v);
  };
  writeAxialSeries(ctDir, { ...base('CT', 2), description: 'BENCH CT 120x512x512', window: { center: 40, width: 400 }, rescale: { slope: 1, intercept: -1024 } }, { columns: 512, rows: 512, slices: 120, spacing: [0.45, 0.45, 1.5] }, ct);
  const generateMs = performance.now() - t0;

  const app = await openViewerApp({ viewport: { width: 1440, height: 900 } });
  try {
    const call = async (method: string, body: unknown): Promise<unknown> => {
      const response = await fetch(`${app.host.origin}/api/${method}`, { method: 'POST', headers: { Authorization: `Bearer ${app.host.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const result = (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
      if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
      return result.value;
    };
    const t1 = performance.now();
    // An import is a job: poll it until it has ended, then read its summary.
    let job = (await call('catalog.import', { paths: [mrDir, ctDir, ...(existsSync(niftiPath) ? [niftiPath] : [])] })) as { id: string; state: string; result: { imported: number; errors: unknown[] } | null };
    while (!['done', 'failed', 'cancelled', 'paused'].includes(job.state)) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await call('jobs.get', { id: job.id })) as typeof job;
    }
    const summary = job.result ?? { imported: 0, errors: [job.state] };
    const importMs = performance.now() - t1;
    if (summary.imported < 296) throw new Error(`expected 296 imported files, got ${JSON.stringify(summary)}`);
    const { page } = app;
    // A fresh page = empty Cornerstone cache, so "cold" numbers include fetching and decoding in the host.
    const freshPage = async (): Promise<void> => {
      await page.reload();
      // tsx (esbuild keepNames) wraps named inner functions in __name(); the page needs it to run our callbacks.
      await page.evaluate('globalThis.__name = (f) => f');
      await page.locator('[data-testid="series-row"]').nth(1).waitFor({ timeout: 60_000 });
    };

    const rows: Row[] = [];
    for (const [label, description, slices] of [
      ['MR 176 × 256²', 'BENCH T1', 176],
      ['CT 120 × 512²', 'BENCH CT', 120],
    ] as const) {
      await freshPage();
      const { firstMs: mprColdMs, allMs: mprColdAllMs } = await openSeries(page, description, true);
      await freshPage();
      const openMs = (await openSeries(page, description, false)).firstMs;
      await page.getByTestId('viewer-area').focus();
      await page.keyboard.press('Home');
      await page.locator('[data-testid="pane-0"][data-slice^="1/"]').waitFor();
      const coldFps = await scrollFps(page, 'ArrowDown', slices - 1);
      const warmFps = await scrollFps(page, 'ArrowUp', slices - 1);
      const mprWarmMs = (await openSeries(page, description, true)).allMs;
      rows.push({ series: label, openMs, coldFps, warmFps, mprColdMs, mprColdAllMs, mprWarmMs });
    }
    // The issue's NIfTI case: the three planes of a 181×217×181 volume (Colin27 itself), cold, twice (fresh pages).
    const nifti: number[] = [];
    for (let run = 0; run < 2 && existsSync(niftiPath); run++) {
      await freshPage();
      await page.locator('[data-testid="volume-row"]').first().waitFor({ timeout: 60_000 });
      nifti.push((await openSeries(page, 'ch2', true, 'volume-row')).allMs);
    }

    const pad = (s: string, n: number): string => s.padEnd(n);
    console.log(`\nViewer benchmark — ${source}; ${new Date().toISOString()}; headless Chromium ${process.env.LATENTRAD_CHROMIUM ?? '/usr/bin/chromium'} (SwiftShader WebGL, no GPU)`);
    console.log(`series written in ${(generateMs / 1000).toFixed(1)} s; imported 296 files in ${(importMs / 1000).toFixed(1)} s (${((296 * 1000) / importMs).toFixed(0)} files/s)\n`);
    console.log(`| ${pad('series', 15)} | open → first image | scroll fps (first pass) | scroll fps (cached) | MPR cold: planes shown | MPR cold: all slices in (goal ≤ 2 s) | MPR open after scrolling |`);
    console.log(`|${'-'.repeat(17)}|--------------------|-------------------------|---------------------|------------------------|--------------------------------------|--------------------------|`);
    for (const r of rows) {
      console.log(
        `| ${pad(r.series, 15)} | ${pad(`${r.openMs.toFixed(0)} ms`, 18)} | ${pad(r.coldFps.toFixed(1), 23)} | ${pad(r.warmFps.toFixed(1), 19)} | ${pad(`${(r.mprColdMs / 1000).toFixed(2)} s`, 22)} | ${pad(`${(r.mprColdAllMs / 1000).toFixed(2)} s`, 36)} | ${pad(`${(r.mprWarmMs / 1000).toFixed(2)} s`, 24)} |`,
      );
    }
    if (nifti.length) console.log(`\nNIfTI 181×217×181 (ch2.nii.gz), click → three planes rendered, cold (goal ≤ 2 s): ${nifti.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')}`);
    console.log('\nScroll: arrow-key steps through every slice, each waited for until rendered (first pass fetches and decodes in the host; cached = Cornerstone cache).');
    console.log('MPR: click → three planes rendered; cold = every voxel in one pixels.volume request (decoded in the host), planes shown = all slices in; after scrolling, the volume is built from the stack frames already in the cache.');
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
