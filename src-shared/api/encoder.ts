// Encoder methods (issue 14): train an encoder for a generator (a job; progress, pause/resume/cancel via jobs.*)
// and encode images in one forward pass (optionally refined by the projector) into a latent set like projection's.
import { z } from 'zod';
import { datasetNameSchema, modalities } from './datasets.js';
import { defineMethod } from './define.js';
import { encoderTrainingSchema } from './encoderSettings.js';
import { jobSchema } from './jobs.js';
import { projectionSourceSchema, projectionStartedSchema } from './projection.js';
import { projectionSpaces } from './projectionSettings.js';

/** An encoder's name: a safe alphabet, because it names a folder in the data directory. */
export const encoderNameSchema = datasetNameSchema;

const statsSchema = z.object({ count: z.number().int(), meanSsim: z.number(), minSsim: z.number(), maxSsim: z.number(), meanMse: z.number() });
export type ReconstructionStats = z.infer<typeof statsSchema>;

/** The training job's reconstruction report on the held-out part of its dataset (src-main/encoder/report.ts). */
export const reconstructionReportSchema = z.object({
  heldOut: z.object({ subjects: z.number().int(), images: z.number().int() }),
  /** One pass of E then G on held-out real images, and on fresh generator images G(w). */
  real: statsSchema,
  synthetic: statsSchema,
  secondsPerImage: z.object({ encode: z.number(), encodeAndSynthesis: z.number() }),
  /** The projector started from E(x) on the first held-out images (constant noise, the encoder's space). */
  refined: z
    .object({
      steps: z.number().int(),
      onePass: statsSchema,
      real: statsSchema,
      secondsPerImage: z.number(),
      /** One projector step for one image: a projection of S steps from w_avg costs about S times this. */
      secondsPerStepPerImage: z.number(),
    })
    .nullable(),
  /** Where and under what load it was measured (times on a shared CPU are upper bounds). */
  machine: z.object({ loadAverage: z.number(), cpus: z.number().int() }),
});
export type ReconstructionReport = z.infer<typeof reconstructionReportSchema>;

/** An encoder as listed with its model. */
export const encoderSummarySchema = z.object({
  name: z.string(),
  /** 'embedded': shipped in assets/models/<id>/encoder/; 'data': trained by the user into the data directory. */
  location: z.enum(['data', 'embedded']),
  space: z.enum(projectionSpaces),
  dataset: z.string(),
  iterations: z.number().int(),
  /** The encoder this run started from (a continuation with fresh Adam moments), or null for a run from scratch. */
  initFrom: z.string().nullable(),
  created: z.string(),
  /** Mean weighted losses of the last logged iterations (the training report's numbers). */
  finalLosses: z.record(z.string(), z.number()),
  /** Held-out reconstruction report of a training run (null for encoders trained before it existed). */
  report: reconstructionReportSchema.nullable(),
});
export type EncoderSummary = z.infer<typeof encoderSummarySchema>;

/** How an encoder was trained, in words, as the CLI and the Models panel print it (one wording for both). */
export const encoderTrainingText = (e: EncoderSummary): string => `${e.iterations} iterations${e.initFrom ? ` continuing ${e.initFrom}` : ''} on ${e.dataset}`;

export const encoderTrainInputSchema = encoderTrainingSchema
  .extend({
    /** The generator: a model id, name or directory. */
    model: z.string().min(1),
    /** A dataset of the data directory with real images of the generator's domain, at its resolution. */
    dataset: datasetNameSchema,
    /** The encoder's name (its run and its folder in the data directory). */
    out: encoderNameSchema,
    /** Continue the run named `out` from its checkpoint (only kimg may change). */
    resume: z.boolean().default(false),
  })
  .strict();
export type EncoderTrainInput = z.output<typeof encoderTrainInputSchema>;

export const encodeInputSchema = z
  .object({
    model: z.string().min(1),
    /** One of the model's encoders (models.list shows them); default: the shipped one, else the newest. */
    encoder: encoderNameSchema.optional(),
    source: projectionSourceSchema,
    /** Projector steps started from E(x) (0: the one-pass codes as they are). */
    refine: z.number().int().min(0).max(100_000).default(0),
    /** For a model whose model.json records no preprocessing: the dataset builder's modality preset. */
    preset: z.enum(modalities).optional(),
  })
  .strict();
export type EncodeInput = z.output<typeof encodeInputSchema>;

export const encoderMethods = {
  'encoder.train': defineMethod({
    summary: 'Train an encoder for a generator on a dataset of real images (a job; pause/resume/cancel with jobs.*); listed with its model when done',
    input: encoderTrainInputSchema,
    output: jobSchema,
  }),
  'encoder.encode': defineMethod({
    summary: 'Encode images in one pass (optionally refined by the projector) into a latent set like projection\'s (a job; read it with projection.result)',
    input: encodeInputSchema,
    output: projectionStartedSchema,
  }),
};
