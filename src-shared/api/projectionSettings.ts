// Projection settings: what every projection (and the catalog's projection cache key) is defined by. Pure zod, shared
// by the engine, the jobs, the CLI and the panel so that one default lives in one place.
import { z } from 'zod';

export const projectionSpaces = ['w', 'wplus'] as const;
export type ProjectionSpace = (typeof projectionSpaces)[number];

/** optimise: NVlabs' schedule, buffers kept with the result; const: the model's noise_const, fixed. */
export const projectionNoiseModes = ['optimise', 'const'] as const;
export type ProjectionNoiseMode = (typeof projectionNoiseModes)[number];

/**
 * Learning rate per latent space when none is given. W: NVlabs' 0.1 (tuned for W with LPIPS). W+ with a pixel
 * distance overshoots at 0.1; the measured better value is in the README (Projection fidelity).
 */
export const defaultLearningRate: Readonly<Record<ProjectionSpace, number>> = { w: 0.1, wplus: 0.025 };

/**
 * How images become latent codes: `project` optimises from w_avg (the settings above); `encode` is one forward pass
 * of one of the model's encoders (issue 14; the encoder's space, the model's constant noise, steps unused);
 * `encode+refine` runs the projector for `steps` steps from the encoder's codes (constant noise, the encoder's space).
 */
export const inversionMethods = ['project', 'encode', 'encode+refine'] as const;
export type InversionMethod = (typeof inversionMethods)[number];

export const projectionSettingsSchema = z
  .object({
    space: z.enum(projectionSpaces).default('wplus'),
    noise: z.enum(projectionNoiseModes).default('optimise'),
    steps: z.number().int().min(1).max(100_000).default(1000),
    seed: z.number().int().min(0).max(0xffffffff).default(0),
    /** Peak learning rate; default per space (`defaultLearningRate`). */
    learningRate: z.number().positive().optional(),
    /** Distance = mse·MSE + ssim·(1 − SSIM), both on images mapped to [0, 1] (SSIM data range 1). */
    distance: z
      .object({ mse: z.number().min(0).default(1), ssim: z.number().min(0).default(1) })
      .strict()
      .refine((d) => d.mse > 0 || d.ssim > 0, 'at least one distance weight must be positive')
      .default({ mse: 1, ssim: 1 }),
    /** Images optimised together in one batch. */
    batch: z.number().int().min(1).max(64).default(8),
  })
  .strict();
export type ProjectionSettings = z.output<typeof projectionSettingsSchema>;
export type ProjectionSettingsInput = z.input<typeof projectionSettingsSchema>;

/** The learning rate a run uses. */
export function learningRateOf(settings: Pick<ProjectionSettings, 'space' | 'learningRate'>): number {
  return settings.learningRate ?? defaultLearningRate[settings.space];
}

/** Human-readable distance name stored with every result ("mse+ssim", "mse", "ssim" or weighted). */
export function distanceName(d: ProjectionSettings['distance']): string {
  if (d.mse > 0 && d.ssim > 0) return d.mse === 1 && d.ssim === 1 ? 'mse+ssim' : `${d.mse}·mse+${d.ssim}·(1−ssim)`;
  return d.mse > 0 ? 'mse' : '1−ssim';
}
