// Renders a self-contained HTML report (the demo's report.html, a fidelity report) to a full-page PNG in headless
// Chromium, for the README's figures (docs/demo-report.png). The report is opened as a file, nothing is fetched.
// Usage: node --import tsx scripts/screenshot-report.ts REPORT.html OUT.png [--width 1150]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { width: { type: 'string', default: '1150' } } });
const [report, out] = positionals;
const width = Number(values.width);
if (!report || !out || !Number.isInteger(width) || width < 320) {
  console.error('usage: screenshot-report.ts REPORT.html OUT.png [--width 1150]');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: process.env.LATENTRAD_CHROMIUM ?? '/usr/bin/chromium' });
try {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  // A self-contained report makes no requests; anything else would be a broken report, so it is refused.
  await page.route((url) => url.protocol !== 'file:' && url.protocol !== 'data:', (route) => route.abort());
  await page.goto(pathToFileURL(resolve(report)).href, { waitUntil: 'load' });
  // Every inlined image decoded before the shot.
  // Evaluated in the page (its DOM), hence a string: this script is typed for Node.
  await page.waitForFunction('[...document.images].every((img) => img.complete && img.naturalWidth > 0)', undefined, { timeout: 60_000 });
  await page.screenshot({ path: out, fullPage: true });
  console.log(`${out}: ${width} px wide, full page`);
} finally {
  await browser.close();
}
