// Measures the IXI encoder (issue 14 report): one-pass reconstruction SSIM (wang2004, data range 1) and MSE (on
// [0, 1]) of every slice of the 20 held-out subjects (holdout.txt) and of generator images from fresh seeds, time
// per image, and writes the held-out slices' codes as a latent set. With --write-report it also runs the training
// job's reconstruction report (src-main/encoder/report.ts: the 20 held-out subjects' slices, as many fresh generator
// images, 200 refinement steps on 4 of them) and stores it as `report` in ENCODER_DIR/encoder.json, as a trained
// encoder carries it (the shipped encoder predates the report).
// Usage: node --import tsx scripts/eval-ixi-encoder.ts DATA_DIR ENCODER_DIR OUT_DIR [--write-report] [--model MODEL_DIR]
// (MODEL_DIR: the encoder's generator, assets/models/ixi-t1-64 by default; both embedded IXI models share the dataset
// settings, so the same held-out slices serve either.)
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { encoderTrainingSchema } from '../src-shared/api/encoderSettings.js';
import { planeToModel } from '../src-main/datasets/build.js';
import { reconstructionReport } from '../src-main/encoder/report.js';
import { extractSlice, readNiftiVolume, sliceLayout } from '../src-main/datasets/volume.js';
import { setupTfjs } from '../src-main/ml/backends.js';
import { encodeImages } from '../src-main/ml/encoder/encode.js';
import { encoderManifestFile, readEncoderDir } from '../src-main/ml/encoder/encoderDir.js';
import { OnnxGenerator } from '../src-main/ml/onnx/onnxGenerator.js';
import { readModelDir } from '../src-main/ml/stylegan2/modelDir.js';
import { Rng } from '../src-main/ml/stylegan2/random.js';
import { rowMetrics, writeLatentSet } from '../src-main/projection/latentSet.js';
import { subjectOf } from '../src-main/projection/inputs.js';
import { ixiEncoderData } from './ixi-encoder-data.js';

const [dataDir, encoderDir, outDir] = process.argv.slice(2);
if (!outDir) throw new Error('usage: eval-ixi-encoder.ts DATA_DIR ENCODER_DIR OUT_DIR [--write-report] [--model MODEL_DIR]');
const modelDir = process.argv.includes('--model') ? process.argv[process.argv.indexOf('--model') + 1] : 'assets/models/ixi-t1-64';
const shared = process.env.LATENTRAD_SHARED_DATA ?? '/work/shared/data';
await setupTfjs({ only: 'wasm' });
const { loaded, holdoutFiles, heldOut: keep, pick } = await ixiEncoderData(dataDir, shared);
const per = 64 * 64;
const targets = pick(keep);

const stats = (m: Array<{ ssim: number; mse: number }>) => {
  const s = m.map((r) => r.ssim).sort((a, b) => a - b);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { count: m.length, meanSsim: mean(s), medianSsim: s[Math.floor(s.length / 2)], minSsim: s[0], maxSsim: s[s.length - 1], meanMse01: mean(m.map((r) => r.mse)), fractionSsimAtLeast075: s.filter((v) => v >= 0.75).length / s.length };
};

const real = await encodeImages(modelDir, encoderDir, targets, keep.length);
const realMetrics = rowMetrics({ count: keep.length, channels: 1, resolution: 64, images: real.images, targets });
// "Middle slices": per held-out subject, its dataset slice nearest the middle of its kept range.
const bySubject = new Map<string, number[]>();
keep.forEach((i, k) => bySubject.set(subjectOf(loaded.items[i].source), [...(bySubject.get(subjectOf(loaded.items[i].source)) ?? []), k]));
const middles = [...bySubject.values()].map((ks) => ks[Math.floor(ks.length / 2)]);

const model = await readModelDir(modelDir);
// The projection README's comparison set: the middle axial slice of the first 8 subjects of holdout.txt, prepared
// from the NIfTI files with the model's recorded preprocessing (what `latentrad project --item` does).
const prep = model.manifest.provenance.preprocessing!;
const firstEight = holdoutFiles.slice(0, 8);
const niftiTargets = new Float32Array(8 * per);
for (const [k, file] of firstEight.entries()) {
  const volume = await readNiftiVolume(join(shared, 'ixi', file));
  const layout = sliceLayout(volume, prep.axis);
  const plane = { data: extractSlice(volume, layout, Math.floor(layout.count / 2)), width: layout.width, height: layout.height, pixelWidth: layout.pixelWidth, pixelHeight: layout.pixelHeight };
  niftiTargets.set(planeToModel(plane, 64, { resample: prep.resample, fit: prep.fit }, { lowPercentile: prep.lowPercentile, highPercentile: prep.highPercentile }), k * per);
}
const nifti = await encodeImages(modelDir, encoderDir, niftiTargets, 8);
const niftiMetrics = rowMetrics({ count: 8, channels: 1, resolution: 64, images: nifti.images, targets: niftiTargets });
const G = OnnxGenerator.create(model.config, model.generator, { threads: 2 });
const count = 200;
const synthetic = await G.generate(new Rng(2026).normalArray(count * model.config.zDim), count, { noise: 'const' });
await G.release();
const syn = await encodeImages(modelDir, encoderDir, synthetic, count);
const synMetrics = rowMetrics({ count, channels: 1, resolution: 64, images: syn.images, targets: synthetic });

const rows = keep.map((i) => ({ item: loaded.items[i].source, entity: 'dataset', axis: 'z', slice: loaded.items[i].slice, subject: subjectOf(loaded.items[i].source) }));
await writeLatentSet(outDir, { count: keep.length, numWs: model.manifest.numWs, wDim: model.config.wDim, channels: 1, resolution: 64, ws: real.ws, images: real.images, targets, rows, noise: null }, {
  model: { id: model.manifest.name, generatorSha256: real.manifest.generator.sha256 },
  method: 'encode',
  space: real.manifest.architecture.space,
  settings: { encoder: encoderDir, noise: 'const', seed: null },
  preprocessing: loaded.info,
  synthetic: true,
});
console.log(JSON.stringify({
  heldOutSlices: stats(realMetrics),
  heldOutMiddleSlices: { ...stats(middles.map((k) => realMetrics[k])), rows: middles.map((k) => ({ subject: rows[k].subject, slice: rows[k].slice, ssim: realMetrics[k].ssim })) },
  projectionComparisonSet: { ...stats(niftiMetrics), rows: firstEight.map((f, k) => ({ file: f, ssim: niftiMetrics[k].ssim })) },
  syntheticImages: stats(synMetrics),
  secondsPerImage: { encode: real.encodeSeconds / keep.length, generate: real.synthesisSeconds / keep.length },
  encoder: { iterations: real.manifest.training.iterations, space: real.manifest.architecture.space },
}, null, 1));

if (process.argv.includes('--write-report')) {
  // The training job's defaults (seed 0 → fresh generator images from seed 3, 200 refinement steps on 4 images).
  const defaults = encoderTrainingSchema.parse({});
  const report = await reconstructionReport({
    modelDir,
    encoderDir,
    heldOut: { data: targets, count: keep.length, subjects: holdoutFiles.length },
    seed: real.manifest.training.settings.seed + 3,
    refineSteps: defaults.reportRefineSteps,
    refineImages: defaults.reportRefineImages,
    loadAverage: loadavg()[0],
    cpus: cpus().length,
  });
  // The file as written, plus the report (parsing would add today's setting defaults it was not trained with).
  const file = join(encoderDir, encoderManifestFile);
  writeFileSync(file, `${JSON.stringify({ ...(JSON.parse(readFileSync(file, 'utf8')) as object), report }, null, 2)}\n`);
  await readEncoderDir(encoderDir);
  console.error(`report written to ${join(encoderDir, encoderManifestFile)}: ${JSON.stringify(report)}`);
}
