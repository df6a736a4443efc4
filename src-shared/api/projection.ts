// Projection methods: invert real images into a generator (a job writing a latent set into <data dir>/results/<id>/)
// and the fidelity report (the same projection plus metrics, maps, perturbations and lesion numbers).
import { z } from 'zod';
import { datasetNameSchema, modalities } from './datasets.js';
import { defineMethod } from './define.js';
import { jobSchema } from './jobs.js';
import { inversionMethods, projectionSettingsSchema } from './projectionSettings.js';

/** What to project: an array file, catalog items (one slice or a slice range of a volume each), or a dataset. */
export const projectionSourceSchema = z.discriminatedUnion('kind', [
  /** .npy (H×W, N×H×W, N×C×H×W in [−1, 1]) or 8-bit PNG (x/127.5 − 1), already at the model's resolution. */
  z.object({ kind: z.literal('file'), path: z.string().min(1) }).strict(),
  z
    .object({
      kind: z.literal('items'),
      items: z
        .array(
          z
            .object({
              /**
               * Catalog id (`volume:3`, `image:7`, `series:2`, `instance:9`), a DICOM SOP Instance or Series UID, a
               * NIfTI/PNG path or the path of a catalogued DICOM file.
               */
              item: z.string().min(1),
              axis: z.enum(['x', 'y', 'z']).optional(),
              /** Slice index along the axis (0 = lowest world coordinate); default: the middle slice. */
              slice: z.number().int().min(0).optional(),
              /** Or a range of the axis as fractions (every slice in it), as the dataset builder. */
              sliceRange: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]).optional(),
              /** DICOM: frame of a multi-frame instance, or of a series in the viewer's slice order (default 0). */
              frame: z.number().int().min(0).optional(),
            })
            .strict(),
        )
        .min(1),
    })
    .strict(),
  z.object({ kind: z.literal('dataset'), name: z.string().min(1), limit: z.number().int().min(1).optional() }).strict(),
]);
export type ProjectionSource = z.infer<typeof projectionSourceSchema>;

export const perturbationSchema = z.discriminatedUnion('kind', [
  /** Additive Gaussian noise of standard deviation σ on the model's [−1, 1] scale. */
  z.object({ kind: z.literal('gaussian'), sigma: z.number().positive() }).strict(),
  /** This fraction of pixels set to +1 (salt) or −1 (pepper), half each. */
  z.object({ kind: z.literal('saltpepper'), fraction: z.number().gt(0).max(1) }).strict(),
  /** Gaussian blur of σ pixels. */
  z.object({ kind: z.literal('blur'), sigma: z.number().positive() }).strict(),
  /** A rectangle (pixels) or a mask file, filled with the image's mean. */
  z.object({ kind: z.literal('inpaint'), rect: z.tuple([z.number().int(), z.number().int(), z.number().int().positive(), z.number().int().positive()]).optional(), mask: z.string().optional() }).strict(),
]);
export type Perturbation = z.infer<typeof perturbationSchema>;

export const lesionSchema = z.discriminatedUnion('kind', [
  /** A mask at the model's resolution (.npy or PNG, non-zero inside). */
  z.object({ kind: z.literal('mask'), path: z.string().min(1) }).strict(),
  /** A drawn region (e.g. in the viewer): row-major 0/1 values at the model's resolution. */
  z.object({ kind: z.literal('drawn'), width: z.number().int(), height: z.number().int(), data: z.array(z.number()) }).strict(),
  /**
   * A region drawn with the viewer's Ellipse or Rectangle ROI tool: 0/1 values, row-major, on the pixel grid of the
   * image the viewport shows (a 2D image or a DICOM frame); the main process maps it through the same squaring and
   * resampling as the image. `label` names the tool and shape for the report.
   */
  z.object({ kind: z.literal('region'), width: z.number().int().positive(), height: z.number().int().positive(), data: z.array(z.number()), label: z.string().max(200).optional() }).strict(),
  /** A smooth disc painted into the image: centre (x, y) and radius r in pixels, contrast c on the [−1, 1] scale. */
  z.object({ kind: z.literal('synthetic'), x: z.number(), y: z.number(), r: z.number().positive(), contrast: z.number() }).strict(),
]);
export type Lesion = z.infer<typeof lesionSchema>;

export const projectInputSchema = z
  .object({
    model: z.string().min(1),
    source: projectionSourceSchema,
    settings: projectionSettingsSchema.default(projectionSettingsSchema.parse({})),
    /** For a model whose model.json records no preprocessing: the dataset builder's modality preset to prepare items with. */
    preset: z.enum(modalities).optional(),
  })
  .strict();
export type ProjectInput = z.output<typeof projectInputSchema>;

export const fidelityInputSchema = projectInputSchema
  .extend({
    /** How the images (and their copies) are inverted; an encoder method needs one of the model's encoders. */
    method: z.enum(inversionMethods).default('project'),
    /** Which of the model's encoders (models.list shows them); default: the shipped one, else the newest. */
    encoder: datasetNameSchema.optional(),
    perturbations: z.array(perturbationSchema).default([]),
    lesion: lesionSchema.optional(),
  })
  .strict();
export type FidelityInput = z.output<typeof fidelityInputSchema>;

export const projectionStartedSchema = z.object({ job: jobSchema, result: z.string() });

export const projectionResultSchema = z.object({
  id: z.string(),
  kind: z.string(),
  synthetic: z.boolean(),
  /** Files in the result folder (relative names). */
  files: z.array(z.object({ name: z.string(), bytes: z.number().int() })),
  /** progress.json while running: step, loss curve, per-image distances. */
  progress: z.record(z.string(), z.unknown()).nullable(),
  /** summary.json once done (latent set summary, or the fidelity report's numbers). */
  summary: z.record(z.string(), z.unknown()).nullable(),
});

export const projectionMethods = {
  'projection.project': defineMethod({
    summary: 'Project real images into a generator (a job): a latent set (latents.npy, index.csv, meta.json, projected_w/, projections.npy) in a result folder',
    input: projectInputSchema,
    output: projectionStartedSchema,
  }),
  'projection.fidelity': defineMethod({
    summary: 'Fidelity report (a job): projection + SSIM/MSE/PSNR/NRMSE, difference and SSIM maps, perturbations, lesion inside/outside; HTML, CSV, PNG',
    input: fidelityInputSchema,
    output: projectionStartedSchema,
  }),
  'projection.result': defineMethod({
    summary: 'A projection or fidelity result: its files, live progress and summary',
    input: z.object({ id: z.string().min(1) }).strict(),
    output: projectionResultSchema,
  }),
};
