// `npm run bench:encoder`: what the encoder costs at 64 px on an embedded model (--model DIR, default the default
// model assets/models/ixi-t1-64-train130; assets/models/ixi-t1-64 is the smaller first model) — encode
// images/s (E's forward pass alone, and with the generator's reconstruction G(E(x))) and training images/s (one
// iteration = a synthetic and a real update of `batch` images each), in the same minute. A freshly initialised E
// is timed: the cost does not depend on the weights. Options: --model DIR  --iterations N (timed, default 3)  --json.
import * as tf from '@tensorflow/tfjs';
import { encoderTrainingSchema } from '../src-shared/api/encoderSettings.js';
import { setupTfjs } from '../src-main/ml/backends.js';
import { defaultArchitecture } from '../src-main/ml/encoder/architecture.js';
import { EncoderTrainer } from '../src-main/ml/encoder/trainer.js';
import { OnnxGenerator } from '../src-main/ml/onnx/onnxGenerator.js';
import { noiseLayerNames } from '../src-main/ml/projection/noiseNames.js';
import { readModelDir } from '../src-main/ml/stylegan2/modelDir.js';
import { Rng } from '../src-main/ml/stylegan2/random.js';

const args = process.argv.slice(2);
const iterations = args.includes('--iterations') ? Number(args[args.indexOf('--iterations') + 1]) : 3;
const setup = await setupTfjs({ only: 'wasm' });
const modelDir = args.includes('--model') ? args[args.indexOf('--model') + 1] : 'assets/models/ixi-t1-64-train130';
const model = await readModelDir(modelDir);
const G = OnnxGenerator.create(model.config, model.generator, { threads: 2 });
const count = 64;
const images = await G.generate(new Rng(1).normalArray(count * model.config.zDim), count, { noise: 'const' });
const gen = { G, wAvg: model.generator.get('mapping.w_avg')!.data, constNoise: noiseLayerNames({ config: model.config }).map((n) => model.generator.get(`${n}.noise_const`)!.data) };
const rows: Array<Record<string, number | string>> = [];
for (const space of ['wplus', 'w'] as const) {
  const settings = encoderTrainingSchema.parse({ space, batch: 8 });
  const arch = defaultArchitecture({ resolution: 64, channels: 1, numWs: G.numWs, wDim: model.config.wDim }, space);
  const t = new EncoderTrainer(arch, settings, gen, { data: images, count });
  t.encodeImages(images, 8);
  let start = performance.now();
  const codes = t.encodeImages(images, count);
  const encodeSeconds = (performance.now() - start) / 1000;
  start = performance.now();
  for (let s = 0; s < count; s += 32) await G.synthesize(codes.subarray(s * G.numWs * model.config.wDim, (s + 32) * G.numWs * model.config.wDim), 32, 'const');
  const generateSeconds = (performance.now() - start) / 1000;
  await t.step();
  start = performance.now();
  for (let i = 0; i < iterations; i++) await t.step();
  const trainSeconds = (performance.now() - start) / 1000;
  rows.push({
    space,
    encodeImagesPerSecond: count / encodeSeconds,
    encodeAndReconstructImagesPerSecond: count / (encodeSeconds + generateSeconds),
    trainingImagesPerSecond: (iterations * 2 * settings.batch) / trainSeconds,
    trainingSecondsPerIteration: trainSeconds / iterations,
  });
  t.dispose();
}
await G.release();
const out = { model: `${model.manifest.name} (w ${model.config.wDim} × ${G.numWs})`, backend: `${tf.getBackend()} (simd ${setup.simd}), onnxruntime 2 threads`, batch: 8, resolution: 64, rows, loadAverage: (await import('node:os')).loadavg()[0] };
if (args.includes('--json')) console.log(JSON.stringify(out, null, 1));
else {
  console.log(`encoder bench, ${out.model}, 64 px, ${out.backend}, load ${out.loadAverage.toFixed(1)}`);
  for (const r of rows) console.log(`${r.space}: encode ${(r.encodeImagesPerSecond as number).toFixed(1)} img/s (with G(E(x)) ${(r.encodeAndReconstructImagesPerSecond as number).toFixed(1)}), training ${(r.trainingImagesPerSecond as number).toFixed(2)} img/s (${(r.trainingSecondsPerIteration as number).toFixed(2)} s per iteration of 2×8 images)`);
}
