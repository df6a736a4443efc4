// One quality row per model snapshot (kimg, SWD per level, held-out W+ projection SSIM), printed as JSON and
// appended to --log. Usage:
//   npm run model:quality -- --model DIR [--kimg N] [--preset MR] [--log quality.jsonl] [--images 2000] [--steps 1000]
//   npm run model:quality -- --run RUN/snapshots --log quality.jsonl [--every-kimg K] [...]: every snapshot of a
//     training run not yet in the log (at least K kimg apart, the newest always), oldest first.
// Reals for the SWD: the 64 px slices of the IXI subjects NOT in the held-out list (built once into the data directory
// with the embedded model's dataset settings), so a model trained on all 150 and one trained on 130 meet the same bar;
// another model (chest) gives its training set's images.npy as --reals and its list as --holdout/--holdout-root.
// --holdout-count N measures N evenly spaced entries of the list only (a per-snapshot curve's affordable subset).
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { datasetCreateInputSchema, modalities } from '../src-shared/api/datasets.js';
import { buildDataset } from '../src-main/datasets/build.js';
import { openRuntime } from '../src-main/cli/runtime.js';
import { measureQuality } from '../src-main/quality/measure.js';
import { listSnapshots, measuredKimg, snapshotsToMeasure } from '../src-main/quality/snapshots.js';

const shared = process.env.LATENTRAD_SHARED_DATA ?? '/work/shared/data';
const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    run: { type: 'string' },
    'every-kimg': { type: 'string', default: '0' },
    'holdout-root': { type: 'string' },
    'holdout-count': { type: 'string' },
    kimg: { type: 'string' },
    preset: { type: 'string' },
    holdout: { type: 'string', default: join(shared, 'models', 'ixi-t1-64-nvlabs', 'holdout.txt') },
    ixi: { type: 'string', default: join(shared, 'ixi') },
    reals: { type: 'string' },
    images: { type: 'string', default: '2000' },
    steps: { type: 'string', default: '1000' },
    batch: { type: 'string', default: '10' },
    seed: { type: 'string', default: '0' },
    'data-dir': { type: 'string' },
    log: { type: 'string' },
  },
});
if (!values.model === !values.run || (values.run && !values.log)) {
  console.error('usage: npm run model:quality -- (--model DIR [--kimg N] | --run SNAPSHOTS_DIR --log FILE [--every-kimg K]) [--preset MR] [--log FILE] [--images 2000] [--steps 1000] [--holdout LIST --holdout-root DIR] [--holdout-count N] [--reals images.npy]');
  process.exit(2);
}
const preset = values.preset as (typeof modalities)[number] | undefined;
if (preset !== undefined && !modalities.includes(preset)) throw new Error(`--preset: "${preset}" is not one of ${modalities.join(', ')}`);
const int = (name: string, v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name}: "${v}" is not a whole number`);
  return n;
};

const holdoutNames = readFileSync(values.holdout, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
const holdoutCount = values['holdout-count'] === undefined ? holdoutNames.length : int('holdout-count', values['holdout-count']);
// Evenly spaced over the list, so a subset of a list sorted by class still holds every class.
const holdoutChosen = Array.from({ length: Math.min(holdoutCount, holdoutNames.length) }, (_, i) => holdoutNames[Math.floor((i * holdoutNames.length) / Math.min(holdoutCount, holdoutNames.length))]);
const holdout = holdoutChosen.map((name) => join(values['holdout-root'] ?? values.ixi, name));
for (const path of holdout) if (!existsSync(path)) throw new Error(`${values.holdout}: lists ${path}, which does not exist`);

const rt = openRuntime({ ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}) });
const log = (line: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
try {
  let realsPath = values.reals ? resolve(values.reals) : '';
  if (!realsPath) {
    // Named after the held-out list, so a different list never meets reals built without it.
    const name = `ixi-t1-axial-64-without-${createHash('sha256').update(holdoutNames.join('\n')).digest('hex').slice(0, 8)}`;
    realsPath = join(rt.ctx.dataDir, 'datasets', name, 'images.npy');
    if (!existsSync(realsPath)) {
      log(`building the reals: dataset ${name} from the IXI volumes not in ${values.holdout}`);
      const held = new Set(holdoutNames);
      const labels = readFileSync(join(values.ixi, 'labels.csv'), 'utf8').split('\n').slice(1).map((l) => l.split(',')[0]).filter((p) => p && !held.has(p));
      const info = await buildDataset(
        rt.ctx.dataDir,
        datasetCreateInputSchema.parse({
          name,
          source: { kind: 'files', paths: labels.map((p) => join(values.ixi, p)) },
          resolution: 64,
          axis: 'z',
          sliceRange: [0.45, 0.85],
          sliceStep: 2,
          minForeground: 0.2,
        }),
      );
      log(`reals: ${info.count} slices of ${info.sourceCount} volumes`);
    }
  }
  const targets = values.run
    ? snapshotsToMeasure(listSnapshots(resolve(values.run)), measuredKimg(values.log ?? ''), Number(values['every-kimg']))
    : [{ dir: resolve(values.model ?? ''), kimg: values.kimg !== undefined ? Number(values.kimg) : undefined }];
  if (values.run) log(`${targets.length} snapshot(s) to measure: ${targets.map((t) => t.kimg).join(', ')} kimg`);
  for (const target of targets) {
    const row = await measureQuality(rt.client, rt.ctx.dataDir, {
      model: target.dir,
      realsPath,
      holdout,
      swdImages: int('images', values.images),
      steps: int('steps', values.steps),
      batch: int('batch', values.batch),
      seed: int('seed', values.seed),
      ...(preset ? { preset } : {}),
      ...(target.kimg !== undefined ? { kimg: target.kimg } : {}),
      onStage: (stage) => log(`${target.kimg ?? ''} kimg: ${stage}`),
    });
    const line = JSON.stringify(row);
    if (values.log) appendFileSync(values.log, `${line}\n`);
    console.log(line);
    log(`${row.kimg ?? '?'} kimg: SWD×10³ ${row.swd.levels.map((l) => `${l.resolution}px ${l.swd.toFixed(2)}`).join(', ')}, mean ${row.swd.mean.toFixed(2)}; held-out SSIM ${row.holdout.meanSsim.toFixed(3)} (${row.holdout.minSsim.toFixed(3)}–${row.holdout.maxSsim.toFixed(3)}), MSE ${row.holdout.meanMse.toFixed(4)}; ${row.seconds.generate.toFixed(0)} + ${row.seconds.swd.toFixed(0)} + ${row.seconds.projection.toFixed(0)} s`);
  }
} finally {
  await rt.close();
}
