// The projector: NVlabs projector.py's optimisation (Adam on w and the noise buffers, learning-rate ramps, decaying
// latent noise, noise regulariser with renormalisation), for a batch of images at once, in W or W+, against any
// ProjectionStep. Every image's optimisation is independent (per-element Adam, per-image losses), so a batch gives
// the same codes as one image at a time up to the random draws.
import type { ProjectionNoiseMode, ProjectionSpace } from '../../../src-shared/api/projectionSettings.js';
import { Rng } from '../stylegan2/random.js';
import { adamState, adamUpdate } from './adam.js';
import { projectorSchedule as S } from './constants.js';
import { noisePenalty, renormalise } from './noiseRegularizer.js';
import { latentNoiseScaleAt, learningRateAt } from './schedule.js';
import type { NoiseSet, ProjectionStep } from './step.js';
import type { WStats } from './wStats.js';

export interface ProjectorOptions {
  space: ProjectionSpace;
  noise: ProjectionNoiseMode;
  steps: number;
  seed: number;
  learningRate: number;
  stats: WStats;
  /**
   * Where the optimisation starts, [count, numWs, wDim] (an encoder's E(x): refinement); default w_avg as NVlabs. A W
   * run takes each image's first row (a W code is the same in every row).
   */
  initialWs?: Float32Array;
  /** Called after every step (cheap: values the step computed anyway). */
  progress?(p: ProjectorProgress): void;
  /** Polled before each step; true ends the run early (result marked stopped). */
  shouldStop?(): boolean;
}

export interface ProjectorProgress {
  step: number;
  steps: number;
  /** Distance per image at this step (before the update). */
  distances: Float32Array;
  /** Noise penalty summed over images, unweighted (0 with constant noise). */
  noisePenalty: number;
  learningRate: number;
  /** The images this step generated (NCHW), for a live preview. */
  images: Float32Array;
}

export interface ProjectorResult {
  count: number;
  /** The optimised codes [count, numWs, wDim] (W codes broadcast), without latent noise: NVlabs' projected_w. */
  ws: Float32Array;
  /** The buffers used for the final images (optimised, or the model's noise_const). */
  noise: NoiseSet;
  noiseMode: ProjectionNoiseMode;
  /** Final projections from `ws` and `noise`, NCHW raw generator output. */
  images: Float32Array;
  /** Mean distance over the batch per step. */
  lossCurve: number[];
  /** Distance per image at the last step (NaN before any step). */
  distances: Float32Array;
  stepsDone: number;
  stopped: boolean;
}

/** Broadcasts [count, wDim] codes to [count, numWs, wDim] (W+ codes pass through). */
export function broadcastWs(codes: Float32Array, count: number, numWs: number, wDim: number, space: ProjectionSpace): Float32Array {
  if (space === 'wplus') return codes;
  const out = new Float32Array(count * numWs * wDim);
  for (let i = 0; i < count; i++) for (let l = 0; l < numWs; l++) out.set(codes.subarray(i * wDim, (i + 1) * wDim), (i * numWs + l) * wDim);
  return out;
}

/** ∂/∂w of a W code is the sum of the gradients of its numWs copies. */
function reduceGradient(gradWs: Float32Array, count: number, numWs: number, wDim: number, space: ProjectionSpace): Float32Array {
  if (space === 'wplus') return gradWs;
  const out = new Float32Array(count * wDim);
  for (let i = 0; i < count; i++) for (let l = 0; l < numWs; l++) for (let j = 0; j < wDim; j++) out[i * wDim + j] += gradWs[(i * numWs + l) * wDim + j];
  return out;
}

/** Projects `count` targets (NCHW in [−1, 1]) into the generator behind `step`. */
export async function project(step: ProjectionStep, targets: Float32Array, count: number, options: ProjectorOptions): Promise<ProjectorResult> {
  const { numWs, wDim, noiseSizes } = step;
  const rng = new Rng(options.seed);
  const rows = options.space === 'w' ? count : count * numWs;
  const codes = new Float32Array(rows * wDim);
  const init = options.initialWs;
  if (init && init.length !== count * numWs * wDim) throw new Error(`initial codes: ${init.length} values is not ${count} × ${numWs} × ${wDim}`);
  if (!init) for (let r = 0; r < rows; r++) codes.set(options.stats.wAvg, r * wDim);
  else if (options.space === 'wplus') codes.set(init);
  else for (let i = 0; i < count; i++) codes.set(init.subarray(i * numWs * wDim, i * numWs * wDim + wDim), i * wDim);
  const optimiseNoise = options.noise === 'optimise';
  const noise: NoiseSet = optimiseNoise
    ? { sizes: noiseSizes, layers: noiseSizes.map((s) => rng.normalArray(count * s * s)) }
    : step.constNoise();
  const codeState = adamState(codes.length);
  const noiseStates = noise.layers.map((l) => adamState(l.length));
  const lossCurve: number[] = [];
  step.setTargets(targets, count);
  let stepsDone = 0;
  let stopped = false;
  let distances: Float32Array = new Float32Array(count).fill(Number.NaN);
  for (let i = 0; i < options.steps; i++) {
    if (options.shouldStop?.()) {
      stopped = true;
      break;
    }
    const lr = learningRateAt(i, options.steps, options.learningRate);
    const scale = latentNoiseScaleAt(i, options.steps, options.stats.wStd);
    const noisy = new Float32Array(codes.length);
    for (let k = 0; k < codes.length; k++) noisy[k] = codes[k] + (scale > 0 ? rng.normal() * scale : 0);
    const out = await step.run({ count, ws: broadcastWs(noisy, count, numWs, wDim, options.space), noise, noiseGradients: optimiseNoise });
    let penalty = 0;
    if (optimiseNoise && out.gradNoise) {
      noise.layers.forEach((layer, k) => {
        const size = noiseSizes[k];
        const per = size * size;
        const grad = out.gradNoise![k];
        for (let img = 0; img < count; img++) {
          const buffer = { size, data: layer.subarray(img * per, (img + 1) * per) };
          const p = noisePenalty(buffer);
          penalty += p.value;
          for (let q = 0; q < per; q++) grad[img * per + q] += S.regularizeNoiseWeight * p.gradient[q];
        }
        adamUpdate(layer, grad, noiseStates[k], lr, S.beta1, S.beta2, S.eps);
        for (let img = 0; img < count; img++) renormalise({ size, data: layer.subarray(img * per, (img + 1) * per) });
      });
    }
    adamUpdate(codes, reduceGradient(out.gradWs, count, numWs, wDim, options.space), codeState, lr, S.beta1, S.beta2, S.eps);
    const mean = out.distances.reduce((a, b) => a + b, 0) / count;
    lossCurve.push(mean);
    distances = out.distances;
    stepsDone = i + 1;
    options.progress?.({ step: i + 1, steps: options.steps, distances: out.distances, noisePenalty: penalty, learningRate: lr, images: out.images });
  }
  const ws = Float32Array.from(broadcastWs(codes, count, numWs, wDim, options.space));
  const images = await step.synthesize(ws, count, noise);
  return { count, ws, noise, noiseMode: options.noise, images, lossCurve, distances, stepsDone, stopped };
}
