// The encoder training's reconstruction report (issue 14): on the held-out part of the dataset (whole subjects the
// trainer never saw) one pass of E then G(ŵ) for real images and for as many fresh generator images, SSIM (wang2004,
// data range 1) and MSE on [0, 1], time per image; then the projector refining E(x) for a few hundred steps on a few
// of the real images (the same metrics, its time per image and per projector step). Also splits a dataset's images
// into the training part and the held-out part by subject (seeded).
import type { ReconstructionReport, ReconstructionStats } from '../../src-shared/api/encoder.js';
import { learningRateOf, projectionSettingsSchema } from '../../src-shared/api/projectionSettings.js';
import { rowMetrics } from '../projection/latentSet.js';
import { OnnxGenerator } from '../ml/onnx/onnxGenerator.js';
import { project } from '../ml/projection/projector.js';
import { onnxProjectionStep } from '../ml/projection/onnxStep.js';
import { estimateWStats } from '../ml/projection/wStats.js';
import { readModelDir } from '../ml/stylegan2/modelDir.js';
import { disposeNetwork, generatorFromArrays } from '../ml/stylegan2/networks.js';
import { Rng } from '../ml/stylegan2/random.js';
import { encodeImages } from '../ml/encoder/encode.js';

export type { ReconstructionReport, ReconstructionStats };

export function statsOf(m: ReadonlyArray<{ ssim: number; mse: number }>): ReconstructionStats {
  const s = m.map((r) => r.ssim);
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return { count: m.length, meanSsim: mean(s), minSsim: Math.min(...s), maxSsim: Math.max(...s), meanMse: mean(m.map((r) => r.mse)) };
}

/**
 * Splits images into training and held-out parts by subject: ⌈fraction · subjects⌉ subjects (seeded) are held out,
 * at least one when fraction > 0 and there are two or more. Images without a shared subject are their own subject.
 */
export function splitBySubject(subjects: readonly string[], fraction: number, seed: number): { train: number[]; heldOut: number[]; heldOutSubjects: number } {
  const all = [...new Set(subjects)].sort();
  let take = fraction > 0 && all.length >= 2 ? Math.max(1, Math.ceil(fraction * all.length)) : 0;
  take = Math.min(take, all.length - 1);
  const rng = new Rng(seed);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  const held = new Set(all.slice(0, take));
  const train: number[] = [];
  const heldOut: number[] = [];
  subjects.forEach((s, i) => (held.has(s) ? heldOut : train).push(i));
  return { train, heldOut, heldOutSubjects: take };
}

export interface ReportRequest {
  modelDir: string;
  encoderDir: string;
  /** Held-out real images N × C × res × res in [−1, 1]. */
  heldOut: { data: Float32Array; count: number; subjects: number };
  /** Fresh generator images are drawn from this seed (never the trainer's stream). */
  seed: number;
  refineSteps: number;
  refineImages: number;
  threads?: number;
  loadAverage: number;
  cpus: number;
}

export async function reconstructionReport(req: ReportRequest): Promise<ReconstructionReport> {
  const { heldOut } = req;
  const model = await readModelDir(req.modelDir);
  const { channels, resolution } = { channels: model.config.imgChannels, resolution: model.config.resolution };
  const per = channels * resolution * resolution;
  const real = await encodeImages(req.modelDir, req.encoderDir, heldOut.data, heldOut.count, { threads: req.threads });
  const realMetrics = rowMetrics({ count: heldOut.count, channels, resolution, images: real.images, targets: heldOut.data });
  const G = OnnxGenerator.create(model.config, model.generator, { threads: req.threads ?? 2, source: req.modelDir });
  let synthetic: Float32Array;
  try {
    synthetic = await G.generate(new Rng(req.seed).normalArray(heldOut.count * model.config.zDim), heldOut.count, { noise: 'const' });
  } finally {
    await G.release();
  }
  const syn = await encodeImages(req.modelDir, req.encoderDir, synthetic, heldOut.count, { threads: req.threads });
  const synMetrics = rowMetrics({ count: heldOut.count, channels, resolution, images: syn.images, targets: synthetic });
  let refined: ReconstructionReport['refined'] = null;
  const k = Math.min(req.refineImages, heldOut.count);
  if (req.refineSteps > 0 && k > 0) {
    const space = real.manifest.architecture.space;
    const settings = projectionSettingsSchema.parse({ space, noise: 'const', steps: req.refineSteps });
    const tfG = generatorFromArrays(model.config, model.generator, req.modelDir);
    const step = await onnxProjectionStep(tfG.config, model.generator, settings.distance, req.threads ?? 2);
    try {
      const stats = estimateWStats(tfG);
      const targets = heldOut.data.slice(0, k * per);
      const row = real.manifest.architecture.numWs * real.manifest.architecture.wDim;
      const t0 = performance.now();
      const result = await project(step, targets, k, { space, noise: 'const', steps: req.refineSteps, seed: req.seed, learningRate: learningRateOf(settings), stats, initialWs: real.ws.slice(0, k * row) });
      const seconds = (performance.now() - t0) / 1000;
      const images = await step.synthesize(result.ws, k, null);
      refined = {
        steps: req.refineSteps,
        onePass: statsOf(realMetrics.slice(0, k)),
        real: statsOf(rowMetrics({ count: k, channels, resolution, images, targets })),
        secondsPerImage: seconds / k,
        secondsPerStepPerImage: seconds / k / req.refineSteps,
      };
    } finally {
      step.dispose();
      disposeNetwork(tfG);
    }
  }
  return {
    heldOut: { subjects: heldOut.subjects, images: heldOut.count },
    real: statsOf(realMetrics),
    synthetic: statsOf(synMetrics),
    secondsPerImage: { encode: real.encodeSeconds / heldOut.count, encodeAndSynthesis: (real.encodeSeconds + real.synthesisSeconds) / heldOut.count },
    refined,
    machine: { loadAverage: req.loadAverage, cpus: req.cpus },
  };
}
