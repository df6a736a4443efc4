// `npm run bench:metrics`: timings of the analysis math (SSIM at 256² and 512², eigen analysis of a 15 × 256³
// edit series, LDA/SVM directions in 512 dimensions), printed as a table, then SSIM beside scikit-image on the same
// images, timed in the same minute (when /usr/bin/python3 has it). Speed lives here, not in tests.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { encodeNpy } from '../src-shared/io/npy.js';
import { openNpyStack } from '../src-main/analysis/npyStack.js';
import { eigenAnalysis, defaultAlphas } from '../src-shared/analysis/eigen.js';
import { msSsim, ssim } from '../src-shared/analysis/ssim.js';
import { computeDirection } from '../src-shared/analysis/directions.js';
import { seededRandom } from '../src-shared/analysis/vectors.js';
import type { GreyImage } from '../src-shared/analysis/image.js';
import { comparisonTable, lastReference, rememberReference, runPythonJson } from './bench/reference.js';
import type { ComparisonRow } from './bench/reference.js';

const rows: Array<[string, string, string]> = [];

let lastMs = 0;

function time<T>(label: string, size: string, run: () => T, repeats = 1): T {
  let result = run(); // warm-up (JIT)
  const start = performance.now();
  for (let i = 0; i < repeats; i++) result = run();
  const ms = (performance.now() - start) / repeats;
  lastMs = ms;
  rows.push([label, size, ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`]);
  return result;
}

function noiseImage(side: number, seed: number): GreyImage {
  const random = seededRandom(seed);
  const data = new Float32Array(side * side);
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) data[y * side + x] = 128 + 60 * Math.sin(x / 9) * Math.cos(y / 13) + 20 * random();
  return { width: side, height: side, data };
}

const ssimOurs = new Map<string, number>();
for (const side of [256, 512]) {
  const a = noiseImage(side, 1);
  const b = noiseImage(side, 2);
  for (const variant of ['wang2004', 'skimage'] as const) {
    time(`SSIM ${variant} (mean + full map)`, `${side}²`, () => ssim(a, b, { variant, dataRange: 255 }), 5);
    ssimOurs.set(`${variant} ${side}`, lastMs / 1000);
  }
  time('MS-SSIM (5 scales)', `${side}²`, () => msSsim(a, b, { dataRange: 255 }), 3);
}

/** scikit-image's structural_similarity (full map) on the same images, mean of 5 calls after a warm-up. */
function skimageSsim(): ComparisonRow[] {
  const dir = mkdtempSync(join(tmpdir(), 'latentrad-bench-ssim-'));
  try {
    for (const side of [256, 512]) {
      writeFileSync(join(dir, `a${side}.npy`), encodeNpy(Float64Array.from(noiseImage(side, 1).data), [side, side]));
      writeFileSync(join(dir, `b${side}.npy`), encodeNpy(Float64Array.from(noiseImage(side, 2).data), [side, side]));
    }
    const script = [
      'import json, sys, time, numpy as np, skimage',
      'from skimage.metrics import structural_similarity as ssim',
      'out = {"version": skimage.__version__}',
      'for side in (256, 512):',
      '  a = np.load(f"{sys.argv[1]}/a{side}.npy"); b = np.load(f"{sys.argv[1]}/b{side}.npy")',
      '  for name, kw in (("wang2004", dict(gaussian_weights=True, sigma=1.5, use_sample_covariance=False)), ("skimage", {})):',
      '    f = lambda: ssim(a, b, data_range=255, full=True, **kw)',
      '    f(); t = time.perf_counter()',
      '    for _ in range(5): f()',
      '    out[f"{name} {side}"] = (time.perf_counter() - t) / 5',
      'print(json.dumps(out))',
    ].join('\n');
    const run = runPythonJson(['-c', script, dir]);
    if (run.ok) rememberReference(Object.fromEntries([...ssimOurs.keys()].map((k) => [`skimage ssim ${k}`, Number(run.value[k])])));
    return [...ssimOurs].map(([key, seconds]) => {
      const reference = run.ok ? { seconds: Number(run.value[key]), source: `scikit-image ${String(run.value.version)}, measured now` } : lastReference(`skimage ssim ${key}`, run.reason);
      const [variant, side] = key.split(' ');
      return { task: `SSIM ${variant} ${side}² (full map)`, ours: seconds, reference, missing: run.ok ? undefined : run.reason, unit: 'ms' as const };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

{
  const k = 15;
  const side = Number(process.env.BENCH_EIGEN_SIDE ?? 256);
  const plane = side ** 3;
  const random = seededRandom(3);
  const data = new Float32Array(k * plane);
  const alphas = defaultAlphas(k);
  for (let p = 0; p < plane; p++) {
    const base = random() * 100;
    const slope = random();
    for (let i = 0; i < k; i++) data[i * plane + p] = base + slope * alphas[i] + random();
  }
  const stack = { data, imageCount: k, planeSize: plane };
  const mask = Uint8Array.from({ length: plane }, (_, p) => (p % 4 === 0 ? 0 : 1));
  const once = (label: string, run: () => unknown): void => {
    const start = performance.now();
    run();
    rows.push([label, `${k} × ${side}³`, `${((performance.now() - start) / 1000).toFixed(2)} s`]);
  };
  once('eigen analysis, 5 component maps (no mask)', () => eigenAnalysis(stack, { alphas, components: 5 }));
  once('eigen analysis, 5 component maps (75% mask)', () => eigenAnalysis(stack, { alphas, mask, components: 5 }));
  // The CLI path: the same stack streamed from a .npy file block by block (file in the OS cache after writing).
  const dir = mkdtempSync(join(tmpdir(), 'latentrad-bench-'));
  try {
    const file = join(dir, 'stack.npy');
    writeFileSync(file, encodeNpy(data, [k, side, side, side]));
    once('eigen analysis streamed from .npy (75% mask)', () => {
      const open = openNpyStack(file);
      try {
        return eigenAnalysis(open.source, { alphas, mask, components: 5 });
      } finally {
        open.close();
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

{
  const random = seededRandom(4);
  const n = 2000;
  const d = 512;
  const data = new Float64Array(n * d);
  const labels = Array.from({ length: n }, (_, i) => i % 2);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] = random() - 0.5 + (labels[i] && j < 8 ? 0.3 : 0);
  const latents = { data, rows: n, cols: d };
  for (const method of ['lda', 'svm', 'mean'] as const) time(`direction: ${method}`, `${n} × ${d}`, () => computeDirection(latents, labels, { method }));
}

const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length), ['task', 'size', 'time'][c].length));
const line = (r: string[]): string => `| ${r.map((v, c) => v.padEnd(widths[c])).join(' | ')} |`;
console.log(line(['task', 'size', 'time']));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
console.log(`\nNode ${process.versions.node}, ${process.platform}-${process.arch}; single thread, times include the JIT warm-up only where noted (SSIM/MS-SSIM/directions: mean of repeats after one warm-up run).`);
console.log(`\nSSIM beside scikit-image on the same images (ratio = our time ÷ theirs, < 1 is faster):\n\n${comparisonTable(skimageSsim())}`);
