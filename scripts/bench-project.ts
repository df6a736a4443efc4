// `npm run bench:project`: what a projection costs at 64 px — one step of LatentRad's projector (the full step: the
// generator's forward and backward, MSE + SSIM distance, noise regulariser, Adam, renormalisation) on both embedded
// IXI models and on the default training config, batch 1 and 8, on onnxruntime and on tfjs; the wall time of 1000 steps
// per image that follows; the process memory; and NVlabs' PyTorch projection step (batch 1, pixel MSE) from
// ../shared/tools/nvlabs-bench run in the same minute. Options: --steps N (timed steps, default 5)  --no-reference  --json.
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { appRoot } from '../src-main/base/paths.js';
import { setupTfjs } from '../src-main/ml/backends.js';
import { onnxProjectionStep } from '../src-main/ml/projection/onnxStep.js';
import { project } from '../src-main/ml/projection/projector.js';
import type { ProjectionStep } from '../src-main/ml/projection/step.js';
import { tfjsProjectionStep } from '../src-main/ml/projection/tfjsStep.js';
import { estimateWStats } from '../src-main/ml/projection/wStats.js';
import { resolveConfig } from '../src-main/ml/stylegan2/config.js';
import type { StyleGan2Config } from '../src-main/ml/stylegan2/config.js';
import { readModelDir } from '../src-main/ml/stylegan2/modelDir.js';
import { generatorFromArrays } from '../src-main/ml/stylegan2/networks.js';
import { generatorParamSpecs, initialArrays } from '../src-main/ml/stylegan2/specs.js';
import { Rng } from '../src-main/ml/stylegan2/random.js';
import { runNvlabsBench } from './bench/reference.js';

const args = process.argv.slice(2);
const timedSteps = args.includes('--steps') ? Number(args[args.indexOf('--steps') + 1]) : 5;
const json = args.includes('--json');

interface Row {
  model: string;
  engine: string;
  batch: number;
  stepSeconds: number;
  /** 1000 steps for one image: a batch of B shares each step. */
  secondsPer1000StepsPerImage: number;
  rssMb: number;
}

async function timeSteps(step: ProjectionStep, G: ReturnType<typeof generatorFromArrays>, batch: number): Promise<number> {
  const targets = new Rng(3).normalArray(batch * step.channels * step.resolution * step.resolution, 0.3);
  const stats = estimateWStats(G, 1000);
  const options = { space: 'wplus' as const, noise: 'optimise' as const, seed: 0, learningRate: 0.025, stats };
  await project(step, targets, batch, { ...options, steps: 1 }); // warm-up: sessions, kernels
  const started = performance.now();
  await project(step, targets, batch, { ...options, steps: timedSteps });
  return (performance.now() - started) / 1000 / timedSteps;
}

const models: Array<{ name: string; config: StyleGan2Config; arrays: Map<string, { shape: number[]; data: Float32Array }> }> = [];
// Both embedded IXI models: the default (ixi-t1-64-train130, the NVlabs reference's network size) and the smaller first one.
for (const name of ['ixi-t1-64-train130', 'ixi-t1-64']) {
  const embedded = await readModelDir(join(appRoot(), 'assets', 'models', name));
  models.push({ name: `embedded ${name}`, config: embedded.config, arrays: new Map([...embedded.generator].map(([k, v]) => [k, { shape: [...v.shape], data: v.data }])) });
}
const trainingDefaults = resolveConfig({ resolution: 64, imgChannels: 1, zDim: 128, wDim: 128, mappingLayers: 2, channelBase: 4096, channelMax: 128 });
models.push({ name: 'training defaults (cbase 4096, cmax 128)', config: trainingDefaults, arrays: initialArrays(generatorParamSpecs(trainingDefaults), 0) });

await setupTfjs();
const rows: Row[] = [];
for (const m of models) {
  const G = generatorFromArrays(m.config, m.arrays, m.name);
  for (const batch of [1, 8]) {
    for (const engine of ['onnxruntime', `tfjs ${tf.getBackend()}`]) {
      const step = engine === 'onnxruntime' ? await onnxProjectionStep(m.config, m.arrays, { mse: 1, ssim: 1 }, 2) : tfjsProjectionStep(G, { mse: 1, ssim: 1 });
      const seconds = await timeSteps(step, G, batch);
      step.dispose();
      rows.push({ model: m.name, engine, batch, stepSeconds: seconds, secondsPer1000StepsPerImage: (seconds * 1000) / batch, rssMb: process.memoryUsage().rss / 1e6 });
      if (!json) process.stderr.write(`${m.name} · ${engine} · batch ${batch}: ${seconds.toFixed(3)} s/step\n`);
    }
  }
}

const reference = args.includes('--no-reference')
  ? []
  : models.map((m) => {
      const r = runNvlabsBench({ res: 64, threads: 2, zDim: m.config.zDim, wDim: m.config.wDim, mappingLayers: m.config.mappingLayers, channelBase: m.config.channelBase, channelMax: m.config.channelMax, batch: 8 });
      return { model: m.name, pytorchProjectionStepSeconds: r.ok ? Number(r.value.projection_step_s) : null, note: r.ok ? '' : r.reason };
    });

if (json) {
  process.stdout.write(`${JSON.stringify({ timedSteps, rows, reference }, null, 2)}\n`);
} else {
  console.log(`\nprojection at 64 px, ${timedSteps} timed steps each (W+, optimised noise, MSE + SSIM), 2 threads`);
  console.log('| model | engine | batch | s/step | 1000 steps per image | RSS |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.model} | ${r.engine} | ${r.batch} | ${r.stepSeconds.toFixed(3)} | ${(r.secondsPer1000StepsPerImage / 60).toFixed(1)} min | ${r.rssMb.toFixed(0)} MB |`);
  for (const r of reference) console.log(`| ${r.model} | PyTorch (NVlabs, pixel MSE) | 1 | ${r.pytorchProjectionStepSeconds?.toFixed(3) ?? 'n/a'} | ${r.pytorchProjectionStepSeconds ? ((r.pytorchProjectionStepSeconds * 1000) / 60).toFixed(1) : 'n/a'} min | ${r.note} |`);
}
