// `npm run bench:gan`: StyleGAN2 speed per TensorFlow.js backend: generator images/s (batch 8), one training
// iteration (G + D step, and one with lazy R1) at 32/64/128 px, one projection step (w → image → loss →
// gradient → update) at 64/128 px; the ONNX engine (generation, projection step) at each --threads count; and
// NVlabs stylegan2-ada-pytorch on the same CPU at the same thread counts, run in the same minute, with the ratios.
// Each engine runs in its own child process (a loaded native backend cannot be unloaded, and a crash must not end
// the run). Generation is also timed interleaved with NVlabs (alternating short rounds, scripts/bench/
// pairedGeneration.ts). Options: --backends wasm,cpu,onnxruntime  --res 32,64  --threads 1,2  --no-reference  --json
// --clock cpu (process CPU seconds on both sides instead of wall time: on a shared, loaded machine the ratio of
// CPU seconds is the one that compares the engines).
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { mlBackendNames } from '../src-shared/api/system.js';
import type { MlBackendName } from '../src-shared/api/system.js';
import { probeBackends, setupTfjs } from '../src-main/ml/backends.js';
import { OnnxGenerator } from '../src-main/ml/onnx/onnxGenerator.js';
import { generatorParamSpecs, initialArrays } from '../src-main/ml/stylegan2/specs.js';
import { resolveConfig } from '../src-main/ml/stylegan2/config.js';
import { Rng } from '../src-main/ml/stylegan2/random.js';
import { projectionLoop } from './bench/onnxProjection.js';
import { pairedGeneration } from './bench/pairedGeneration.js';
import type { PairedGeneration } from './bench/pairedGeneration.js';
import { onnxTrainingSeconds } from './bench/onnxTraining.js';
import { clockSeconds, comparisonTable, lastReference, rememberReference, runNvlabsBench } from './bench/reference.js';
import type { Clock, ComparisonRow, ReferenceValue } from './bench/reference.js';
import { createDiscriminator, createGenerator, discriminate, disposeNetwork, generate, synthesize, trainableVariables } from '../src-main/ml/stylegan2/networks.js';
import type { StyleGan2Config } from '../src-main/ml/stylegan2/config.js';

/** The training defaults of `latentrad train` (src-shared/api/training.ts), grey images. */
const network: Partial<StyleGan2Config> = { imgChannels: 1, zDim: 128, wDim: 128, mappingLayers: 2, channelBase: 4096, channelMax: 128 };
const batch = 8;

/** A tfjs backend, or the ONNX engine with its intra-op thread count. */
type Engine = MlBackendName | `onnxruntime×${number}`;

interface Row {
  backend: Engine;
  res: number;
  genImagesPerSecond: number | null;
  trainStepSeconds: number | null;
  trainStepR1Seconds: number | null;
  projectionStepSeconds: number | null;
  trainStepSource: string;
  note?: string;
}

function args(): Map<string, string> {
  const out = new Map<string, string>();
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) continue;
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) out.set(argv[i].slice(2), argv[++i]);
    else out.set(argv[i].slice(2), 'true');
  }
  return out;
}

const opts = args();
const clock: Clock = opts.get('clock') === 'cpu' ? 'cpu' : 'wall';

/** Seconds per call after one warm-up call, averaged over at least `minRuns` calls or `minSeconds`. */
function timeIt(fn: () => void, minRuns = 2, minSeconds = 3): number {
  fn();
  let runs = 0;
  const start = performance.now();
  const started = clockSeconds(clock);
  while (runs < minRuns || (performance.now() - start) / 1000 < minSeconds) {
    fn();
    runs++;
    if (runs >= 20) break;
  }
  return (clockSeconds(clock) - started) / runs;
}

function benchGenerator(res: number): number {
  const G = createGenerator({ ...network, resolution: res }, 0);
  const z = tf.randomNormal([batch, G.config.zDim]) as tf.Tensor2D;
  const seconds = timeIt(() => tf.tidy(() => void generate(G, z, { noiseMode: 'const' }).dataSync()));
  z.dispose();
  disposeNetwork(G);
  return batch / seconds;
}

/** w (as a variable) → image → MSE to a target → gradient → plain gradient step, as one projection iteration. */
function benchProjection(res: number): number {
  const G = createGenerator({ ...network, resolution: res }, 0);
  const ws = tf.variable(tf.randomNormal<tf.Rank.R3>([1, G.numWs, G.config.wDim]), true, `bench-ws-${res}`);
  const target = tf.randomUniform([1, res, res, 1], -1, 1);
  const optimizer = tf.train.adam(0.01);
  const seconds = timeIt(() => {
    const loss = optimizer.minimize(() => tf.mean(tf.square(tf.sub(synthesize(G, ws, { noiseMode: 'const' }), target))), true, [ws]);
    loss?.dataSync();
    loss?.dispose();
  }, 2, 2);
  tf.dispose([ws, target]);
  optimizer.dispose();
  disposeNetwork(G);
  return seconds;
}

interface StepRunner {
  source: string;
  step(withR1: boolean): void;
  dispose(): void;
}

/** The training helper's Trainer when present; otherwise a minimal non-saturating G + D (+ R1) step here. */
async function trainStepRunner(res: number): Promise<StepRunner> {
  try {
    const { Trainer } = await import('../src-main/ml/training/trainer.js');
    const { trainingConfigSchema } = await import('../src-shared/api/training.js');
    const data = { images: new Uint8Array(64 * res * res).map((_, i) => (i * 37) % 256), count: 64, channels: 1, resolution: res };
    const make = (r1Interval: number) =>
      Trainer.create(trainingConfigSchema.parse({ dataset: 'bench', out: 'bench', resolution: res, kimg: 1, batch, r1Interval, network: { zDim: 128, wDim: 128, mappingLayers: 2, channelBase: 4096, channelMax: 128 } }), 1);
    const plain = make(1_000_000);
    const withR1 = make(1);
    // Step 0 of a trainer always runs R1; the plain trainer is stepped once here so later steps do not.
    plain.trainStep(data);
    return {
      source: 'src-main/ml/training Trainer.trainStep (Gmain + Dmain + ADA + EMA)',
      step: (r1) => void (r1 ? withR1 : plain).trainStep(data),
      dispose: () => {
        plain.dispose();
        withR1.dispose();
      },
    };
  } catch (error) {
    return minimalStep(res, `own minimal step (training module unavailable: ${(error as Error).message})`);
  }
}

function minimalStep(res: number, source: string): StepRunner {
  const G = createGenerator({ ...network, resolution: res }, 0);
  const D = createDiscriminator({ ...network, resolution: res }, 1);
  const optG = tf.train.adam(0.002, 0, 0.99, 1e-8);
  const optD = tf.train.adam(0.0023, 0, 0.99, 1e-8);
  const real = tf.randomUniform([batch, res, res, 1], -1, 1) as tf.Tensor4D;
  return {
    source,
    step: (r1) => {
      const z = tf.randomNormal([batch, G.config.zDim]) as tf.Tensor2D;
      optG.minimize(() => tf.mean(tf.softplus(tf.neg(discriminate(D, generate(G, z, { noiseMode: 'random' }))))), false, trainableVariables(G));
      const fake = tf.tidy(() => generate(G, z, { noiseMode: 'random' }));
      optD.minimize(() => tf.add(tf.mean(tf.softplus(discriminate(D, fake))), tf.mean(tf.softplus(tf.neg(discriminate(D, real))))) as tf.Scalar, false, trainableVariables(D));
      if (r1) {
        optD.minimize(() => {
          const dx = tf.grad((x: tf.Tensor) => tf.sum(discriminate(D, x as tf.Tensor4D)))(real);
          return tf.mul(tf.mean(tf.sum(tf.square(dx), [1, 2, 3])), 0.5);
        }, false, trainableVariables(D));
      }
      tf.dispose([z, fake]);
    },
    dispose: () => {
      disposeNetwork(G);
      disposeNetwork(D);
      tf.dispose(real);
    },
  };
}

async function child(backend: MlBackendName, resolutions: number[]): Promise<void> {
  const setup = await setupTfjs({ only: backend });
  for (const res of resolutions) {
    const row: Row = { backend: setup.backend, res, genImagesPerSecond: null, trainStepSeconds: null, trainStepR1Seconds: null, projectionStepSeconds: null, trainStepSource: '' };
    row.genImagesPerSecond = benchGenerator(res);
    const runner = await trainStepRunner(res);
    row.trainStepSource = runner.source;
    row.trainStepSeconds = timeIt(() => runner.step(false), 1, 0);
    row.trainStepR1Seconds = timeIt(() => runner.step(true), 1, 0);
    runner.dispose();
    if (res >= 64) row.projectionStepSeconds = benchProjection(res);
    process.stdout.write(`BENCH ${JSON.stringify(row)}\n`);
  }
}

/** Seconds per call of an async function, after one warm-up call (at least `minRuns` calls or `minSeconds`). */
async function timeAsync(fn: () => Promise<unknown>, minRuns = 3, minSeconds = 3): Promise<number> {
  await fn();
  let runs = 0;
  const start = performance.now();
  const started = clockSeconds(clock);
  while (runs < minRuns || (performance.now() - start) / 1000 < minSeconds) {
    await fn();
    if (++runs >= 200) break;
  }
  return (clockSeconds(clock) - started) / runs;
}

/** The ONNX engine: batch-8 generation (noise const), the projection step and training steps (backend 'onnx'), with `threads` intra-op threads. */
async function onnxChild(threads: number, resolutions: number[]): Promise<void> {
  for (const res of resolutions) {
    const config = resolveConfig({ ...network, resolution: res });
    const weights = initialArrays(generatorParamSpecs(config), 0);
    const G = OnnxGenerator.create(config, weights, { threads });
    const rng = new Rng(1);
    const z = rng.normalArray(batch * config.zDim);
    const genSeconds = await timeAsync(() => G.generate(z, batch, { noise: 'const' }));
    const w = weights.get('mapping.w_avg')!.data.slice();
    const noise = G.noiseResolutions.map((r) => rng.normalArray(r * r));
    const loop = projectionLoop(G, w, noise, rng.normalArray(config.imgChannels * res * res, 0.5));
    const projectionSeconds = res >= 64 ? await timeAsync(loop.step, 10, 2) : null;
    await G.release();
    const training = await onnxTrainingSeconds(res, batch, threads, clock);
    const row: Row = { backend: `onnxruntime×${threads}`, res, genImagesPerSecond: batch / genSeconds, trainStepSeconds: training.plain, trainStepR1Seconds: training.r1, projectionStepSeconds: projectionSeconds, trainStepSource: '' };
    process.stdout.write(`BENCH ${JSON.stringify(row)}\n`);
  }
}

function fmt(v: number | null, digits = 2): string {
  return v === null ? '—' : v >= 100 ? v.toFixed(0) : v.toFixed(digits);
}

/** Runs one engine's child, echoing each result row to stderr as it arrives (a long run still shows progress). */
function runChild(engine: string, list: number[], extra: string[] = []): Promise<{ rows: Row[]; failure: string | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', engine, '--res', list.join(','), '--clock', clock, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    const rows: Row[] = [];
    let buffered = '';
    let errors = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines.filter((l) => l.startsWith('BENCH '))) {
        const row = JSON.parse(line.slice(6)) as Row;
        rows.push(row);
        process.stderr.write(`  ${row.backend} ${row.res} px: ${JSON.stringify(row)}\n`);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    child.on('close', (code) => {
      const failure = code === 0 ? null : `${engine}: ${(errors.split('\n').find((l) => /Error|error/.test(l)) ?? `exit ${code}`).trim()}`;
      resolve({ rows, failure });
    });
  });
}

interface ReferenceRow {
  res: number;
  threads: number;
  gen: ReferenceValue | null;
  train: ReferenceValue | null;
  trainR1: ReferenceValue | null;
  projection: ReferenceValue | null;
  /** Why NVlabs could not run now. */
  reason?: string;
}

/** NVlabs on this CPU at `threads`, now (and remembered), or the last measured values when it cannot run. */
function reference(res: number, threads: number): ReferenceRow {
  // The projection step is batch 1 in both benches; the other figures are at `batch`.
  const key = (what: string): string => `nvlabs ${what} ${res}px${what.startsWith('projection') ? '' : ` batch ${batch}`} threads ${threads}${clock === 'cpu' ? ' cpu' : ''}`;
  const run = runNvlabsBench({ res, threads, zDim: network.zDim!, wDim: network.wDim!, mappingLayers: network.mappingLayers!, channelBase: network.channelBase!, channelMax: network.channelMax!, batch, clock });
  if (run.ok) {
    const v = run.value as Record<string, number>;
    const values = { [key('generate s/img')]: 1 / v.generate_images_per_s, [key('train step')]: v.train_step_s, [key('train step r1')]: v.train_step_r1_s, [key('projection step')]: v.projection_step_s };
    rememberReference(values);
    const now = (k: string): ReferenceValue => ({ seconds: values[k], source: `NVlabs PyTorch ${String(v.torch ?? '')}, measured now${clock === 'cpu' ? ' (CPU s)' : ''}` });
    return { res, threads, gen: now(key('generate s/img')), train: now(key('train step')), trainR1: now(key('train step r1')), projection: now(key('projection step')) };
  }
  const last = (what: string): ReferenceValue | null => lastReference(key(what), run.reason);
  return { res, threads, gen: last('generate s/img'), train: last('train step'), trainR1: last('train step r1'), projection: last('projection step'), reason: run.reason };
}

function comparisons(rows: Row[], refs: ReferenceRow[]): ComparisonRow[] {
  const out: ComparisonRow[] = [];
  const best = (values: Array<number | null>): number | null => {
    const real = values.filter((v): v is number => v !== null);
    return real.length ? Math.min(...real) : null;
  };
  for (const ref of refs) {
    const onnx = rows.find((r) => r.backend === `onnxruntime×${ref.threads}` && r.res === ref.res);
    const tfjs = rows.filter((r) => !r.backend.startsWith('onnxruntime') && r.res === ref.res);
    const at = `${ref.res} px, ${ref.threads} thread${ref.threads > 1 ? 's' : ''}`;
    out.push({ task: `generate (batch ${batch}, ${onnx ? 'onnxruntime' : 'tfjs'}), ${at}`, ours: onnx?.genImagesPerSecond ? 1 / onnx.genImagesPerSecond : best(tfjs.map((r) => (r.genImagesPerSecond ? 1 / r.genImagesPerSecond : null))), reference: ref.gen, missing: ref.reason, unit: { rate: 'img/s', perUnit: 1 } });
    // Training on onnxruntime at this thread count; tfjs (single-threaded wasm) only beside PyTorch at 1 thread.
    if (onnx?.trainStepSeconds) {
      out.push({ task: `training step G+D (onnxruntime), ${at}`, ours: onnx.trainStepSeconds, reference: ref.train, missing: ref.reason, unit: 's' });
      out.push({ task: `training step G+D+R1 (onnxruntime), ${at}`, ours: onnx.trainStepR1Seconds, reference: ref.trainR1, missing: ref.reason, unit: 's' });
    }
    if (ref.threads === 1) {
      out.push({ task: `training step G+D (tfjs), ${at}`, ours: best(tfjs.map((r) => r.trainStepSeconds)), reference: ref.train, missing: ref.reason, unit: 's' });
      out.push({ task: `training step G+D+R1 (tfjs), ${at}`, ours: best(tfjs.map((r) => r.trainStepR1Seconds)), reference: ref.trainR1, missing: ref.reason, unit: 's' });
    }
    if (ref.res >= 64) out.push({ task: `projection step (${onnx ? 'onnxruntime' : 'tfjs'}), ${at}`, ours: onnx?.projectionStepSeconds ?? best(tfjs.map((r) => r.projectionStepSeconds)), reference: ref.projection, missing: ref.reason, unit: 's' });
  }
  return out;
}

/** The interleaved generation comparison as a table row, in the bench's clock. */
type PairedRun = { res: number; result: PairedGeneration | { missing: string } };

function pairedRow({ res, result }: PairedRun): ComparisonRow {
  const task = `generate interleaved (batch ${batch}, onnxruntime), ${res} px`;
  if ('missing' in result) return { task, ours: null, reference: null, missing: result.missing, unit: { rate: 'img/s', perUnit: 1 } };
  const source = `NVlabs PyTorch ${result.torch}, alternating rounds with ours now, ${result.threads} thread(s); median per-round ratio ${result.ratio[clock].toFixed(2)}${clock === 'cpu' ? ' (CPU s)' : ''}`;
  return { task: `${task}, ${result.threads} thread${result.threads > 1 ? 's' : ''}`, ours: result.ours[clock], reference: { seconds: result.nvlabs[clock], source }, unit: { rate: 'img/s', perUnit: 1 } };
}

async function parent(opts: Map<string, string>): Promise<void> {
  const resolutions = (opts.get('res') ?? '32,64,128').split(',').map(Number);
  const threads = (opts.get('threads') ?? '1,2').split(',').map(Number);
  const wanted = opts.get('backends')?.split(',');
  const statuses = probeBackends().filter((s) => !wanted || wanted.includes(s.name));
  const rows: Row[] = [];
  const failures: string[] = [];
  const refs: ReferenceRow[] = [];
  const paired: PairedRun[] = [];
  for (const status of statuses) {
    if (!status.available) {
      failures.push(`${status.name}: ${status.reason ?? 'unavailable'}`);
      continue;
    }
    // The pure-JS cpu backend (tests only) needs many minutes per step; it runs at 32 px only unless --res says.
    const list = status.name === 'cpu' && !opts.has('res') ? resolutions.filter((r) => r <= 32) : resolutions;
    process.stderr.write(`benchmarking ${status.name} at ${list.join(', ')} px...\n`);
    const result = await runChild(status.name, list);
    rows.push(...result.rows);
    if (result.failure) failures.push(result.failure);
  }
  if (!wanted || wanted.includes('onnxruntime')) {
    for (const t of threads) {
      // Ours and the reference back to back per thread count: only ratios measured in the same minute mean anything.
      process.stderr.write(`benchmarking onnxruntime with ${t} thread(s) at ${resolutions.join(', ')} px...\n`);
      const result = await runChild('onnxruntime', resolutions, ['--threads', String(t)]);
      rows.push(...result.rows);
      if (result.failure) failures.push(result.failure);
      if (!opts.has('no-reference')) {
        for (const res of resolutions) {
          process.stderr.write(`reference: NVlabs PyTorch, ${res} px, ${t} thread(s)...\n`);
          refs.push(reference(res, t));
          process.stderr.write(`generation interleaved with NVlabs PyTorch, ${res} px, ${t} thread(s)...\n`);
          paired.push({ res, result: await pairedGeneration({ ...network, resolution: res }, batch, t) });
        }
      }
    }
  }
  if (opts.has('json')) {
    process.stdout.write(`${JSON.stringify({ network, batch, rows, refs, paired, failures }, null, 2)}\n`);
    return;
  }
  const lines = [
    `StyleGAN2 benchmark: z ${network.zDim}, w ${network.wDim}, ${network.mappingLayers} mapping layers, channel base ${network.channelBase}, max ${network.channelMax}, ${network.imgChannels} image channel; batch ${batch}`,
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.versions.node}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (timings scale with load)`,
    `clock: ${clock === 'cpu' ? 'process CPU seconds (user + system, all threads), ours and NVlabs alike' : 'wall time'}`,
    '',
    'engine          res   gen img/s   G+D step s   G+D+R1 step s   projection step s',
    ...rows.map((r) => `${r.backend.padEnd(15)} ${String(r.res).padStart(3)}   ${fmt(r.genImagesPerSecond).padStart(9)}   ${fmt(r.trainStepSeconds).padStart(10)}   ${fmt(r.trainStepR1Seconds).padStart(13)}   ${fmt(r.projectionStepSeconds, 3).padStart(17)}`),
    '',
    `training step: ${rows.find((r) => r.trainStepSource)?.trainStepSource ?? '—'}; projection step: W, pixel MSE + noise regularisation, Adam on w and noise (tfjs rows: Adam on ws, MSE only)`,
    ...failures.map((f) => `not run: ${f}`),
    ...(refs.length ? ['', 'Beside NVlabs stylegan2-ada-pytorch on this CPU (same thread count; ratio = our time ÷ theirs, < 1 is faster):', '', comparisonTable([...comparisons(rows, refs), ...paired.map(pairedRow)])] : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

const childEngine = opts.get('child');
if (childEngine === 'onnxruntime') {
  await onnxChild(Number(opts.get('threads') ?? 1), (opts.get('res') ?? '64').split(',').map(Number));
} else if (childEngine) {
  const backend = mlBackendNames.find((n) => n === childEngine);
  if (!backend) throw new Error(`unknown backend ${childEngine}`);
  await child(backend, (opts.get('res') ?? '32,64,128').split(',').map(Number));
} else {
  await parent(opts);
}
