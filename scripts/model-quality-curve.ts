// Writes a model's quality curve from a quality log: quality.json beside model.json (read by the Models panel) and
// quality.png (the same Chart.js chart, drawn in headless Chromium) for the model's README. Usage:
//   node --import tsx scripts/model-quality-curve.ts --log quality.jsonl --model-dir DIR --protocol "TEXT" [--no-png]
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { qualityFileName } from '../src-shared/api/modelQuality.js';
import { qualityFileOf, readQualityLog } from '../src-main/quality/file.js';
import { qualityChartConfig } from '../src-renderer/panels/models/qualityChartConfig.js';

const { values } = parseArgs({
  options: { log: { type: 'string' }, 'model-dir': { type: 'string' }, protocol: { type: 'string' }, 'no-png': { type: 'boolean', default: false } },
});
if (!values.log || !values['model-dir'] || !values.protocol) {
  console.error('usage: model-quality-curve.ts --log quality.jsonl --model-dir DIR --protocol "what was measured how" [--no-png]');
  process.exit(2);
}
const file = qualityFileOf(readQualityLog(values.log), values.protocol, values.log);
const jsonPath = join(values['model-dir'], qualityFileName);
writeFileSync(jsonPath, `${JSON.stringify(file, null, 1)}\n`);
console.log(`${jsonPath}: ${file.points.length} points (${file.points.map((p) => p.kimg).join(', ')} kimg)`);

if (!values['no-png']) {
  // The UMD build beside the package's main file (the package exports no path to it).
  const chartJs = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.js');
  const browser = await chromium.launch({ executablePath: process.env.LATENTRAD_CHROMIUM ?? '/usr/bin/chromium' });
  try {
    const page = await browser.newPage({ viewport: { width: 760, height: 340 } });
    await page.setContent('<body style="margin:0;background:#fff"><div style="position:relative;width:760px;height:340px"><canvas id="chart"></canvas></div></body>');
    await page.addScriptTag({ path: chartJs });
    const config = qualityChartConfig(file);
    // Evaluated in the page (its DOM and the Chart global), hence a string: this script is typed for Node.
    await page.evaluate(`new Chart(document.getElementById('chart'), (() => { const c = ${JSON.stringify(config)}; c.options = { ...c.options, animation: false, maintainAspectRatio: false }; return c; })())`);
    const pngPath = join(values['model-dir'], 'quality.png');
    await page.locator('#chart').screenshot({ path: pngPath });
    console.log(`${pngPath}: the chart`);
  } finally {
    await browser.close();
  }
}
