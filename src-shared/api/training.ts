// Training methods: start a StyleGAN2 training job on a dataset; progress, pause and resume go through jobs.*.
import { z } from 'zod';
import { datasetNameSchema } from './datasets.js';
import { defineMethod } from './define.js';
import { jobSchema } from './jobs.js';

/** Network size: NVlabs' names; small defaults because the common local case is a CPU or a small GPU. */
export const trainingNetworkSchema = z
  .object({
    zDim: z.number().int().min(1).default(128),
    wDim: z.number().int().min(1).default(128),
    mappingLayers: z.number().int().min(1).max(8).default(2),
    channelBase: z.number().int().min(1).default(4096),
    channelMax: z.number().int().min(1).default(128),
    mbstdGroupSize: z.number().int().min(1).default(4),
  })
  .strict();

export const trainingConfigSchema = z
  .object({
    dataset: datasetNameSchema,
    /** Must equal the dataset's resolution; stated so that a mismatch is an error, not a surprise. */
    resolution: z.number().int(),
    kimg: z.number().positive(),
    batch: z.number().int().min(2).max(256).default(16),
    /** Model name the final G_ema is written under (data directory models/). */
    out: datasetNameSchema,
    seed: z.number().int().min(0).default(0),
    network: trainingNetworkSchema.default(trainingNetworkSchema.parse({})),
    lrG: z.number().positive().default(0.002),
    lrD: z.number().positive().default(0.0023),
    /** R1 weight; default 0.0002·res²/batch (NVlabs' "auto" heuristic). */
    gamma: z.number().min(0).optional(),
    r1Interval: z.number().int().min(1).default(16),
    /** G EMA half-life in kimg; default batch·10/32 as NVlabs' "auto" config. */
    emaKimg: z.number().positive().optional(),
    emaRampup: z.number().min(0).nullable().default(0.05),
    styleMixing: z.number().min(0).max(1).default(0.9),
    /** Random horizontal flips of real images (NVlabs --mirror). */
    mirror: z.boolean().default(true),
    ada: z
      .object({
        enabled: z.boolean().default(true),
        target: z.number().min(0).max(1).default(0.6),
        interval: z.number().int().min(1).default(4),
        kimg: z.number().positive().default(500),
      })
      .strict()
      .default({ enabled: true, target: 0.6, interval: 4, kimg: 500 }),
    /** Checkpoint + sample grid every this many kimg. */
    snapshotKimg: z.number().positive().default(4),
    /** Progress/log line every this many kimg. */
    logKimg: z.number().positive().default(0.2),
    /**
     * Engine of the training steps: a tfjs backend (tests use cpu; default the preferred one), or onnx: the
     * forward and backward passes on onnxruntime (multi-threaded), the weights and optimiser on the preferred tfjs.
     */
    backend: z.enum(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu', 'onnx']).optional(),
  })
  .strict();
export type TrainingConfig = z.output<typeof trainingConfigSchema>;
export type TrainingConfigInput = z.input<typeof trainingConfigSchema>;

export const trainingMethods = {
  'training.start': defineMethod({
    summary: 'Start training a StyleGAN2 model on a dataset (a job; watch it with jobProgress, pause/resume with jobs.*)',
    /** resume: continue the run named `out` from its checkpoint (its paused job, or a new job if none). */
    input: trainingConfigSchema.extend({ resume: z.boolean().default(false) }),
    output: jobSchema,
  }),
};
