// Encoder training settings (issue 14): what an encoder for a fixed generator is trained with. Pure zod, shared by
// the engine, the job, the CLI and the Models panel, so each default lives in one place.
import { z } from 'zod';
import { projectionSpaces } from './projectionSettings.js';

/**
 * Loss weights, each term a mean over its elements (the paper's 1/N_i). Synthetic cycle z → w → x = G(w) → ŵ = E(x)
 * → x̂ = G(ŵ): latentL1·|w − ŵ| + imageL2·(x − x̂)² + ssim·(1 − SSIM(x, x̂)) + content·Σ_i |G_i(w) − G_i(ŵ)|.
 * Real cycle I → Î = G(E(I)): imageL2·(I − Î)² + ssim·(1 − SSIM(I, Î)) + content·Σ_i |E_i(I) − E_i(Î)|.
 * Images are compared on [0, 1] (the model's [−1, 1] mapped), SSIM with data range 1. All 1, as the paper.
 */
export const encoderLossWeightsSchema = z
  .object({
    latentL1: z.number().min(0).default(1),
    imageL2: z.number().min(0).default(1),
    ssim: z.number().min(0).default(1),
    content: z.number().min(0).default(1),
  })
  .strict();
export type EncoderLossWeights = z.infer<typeof encoderLossWeightsSchema>;

export const encoderTrainingSchema = z
  .object({
    /** W: one w per image (broadcast to every layer); W+: one w per layer. */
    space: z.enum(projectionSpaces).default('wplus'),
    /** Length of training in thousands of images per cycle (each iteration shows `batch` synthetic and `batch` real images). */
    kimg: z.number().positive().max(100_000).default(10),
    batch: z.number().int().min(1).max(256).default(8),
    seed: z.number().int().min(0).max(0xffffffff).default(0),
    /** Adam learning rate (β 0.9, 0.999). */
    learningRate: z.number().positive().default(0.0005),
    weights: encoderLossWeightsSchema.default(encoderLossWeightsSchema.parse({})),
    /** Fraction of the dataset's subjects held out of training for the reconstruction report (seeded by `seed`). */
    holdout: z.number().min(0).max(0.5).default(0.1),
    /** The report's refinement: projector steps from E(x) on this many held-out images (0 steps: none). */
    reportRefineSteps: z.number().int().min(0).max(5000).default(200),
    reportRefineImages: z.number().int().min(0).max(64).default(4),
    /** Checkpoint every this many iterations. */
    checkpointEvery: z.number().int().min(1).default(100),
  })
  .strict();
export type EncoderTrainingSettings = z.infer<typeof encoderTrainingSchema>;

/** Iterations for a training length: ⌈kimg·1000 / batch⌉. */
export function encoderIterations(s: Pick<EncoderTrainingSettings, 'kimg' | 'batch'>): number {
  return Math.ceil((s.kimg * 1000) / s.batch);
}
