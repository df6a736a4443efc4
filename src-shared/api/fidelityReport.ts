// The fidelity report's shape (report.json, and summary.json of a fidelity result), as a schema so the panel reads a
// finished report validated and the report writer is typed from the same definition.
import { z } from 'zod';

export const comparisonSchema = z.object({
  /** Gaussian window σ 1.5 (Wang et al. 2004), data range 1 on [0, 1]. */
  ssim: z.number(),
  /** 7×7 uniform window, sample covariance (scikit-image's default), data range 1. */
  ssimSkimage: z.number(),
  /** On [0, 1]. */
  mse: z.number(),
  /** On the model's [−1, 1] scale. */
  mseModel: z.number(),
  /** dB, data range 1; null for identical images. */
  psnr: z.number().nullable(),
  nrmse: z.number(),
});

export const lesionNumbersSchema = z.object({
  pixelsInside: z.number(),
  ssimInside: z.number(),
  ssimOutside: z.number(),
  mseInside: z.number(),
  mseOutside: z.number(),
  mseRatio: z.number(),
  differenceInside: z.number(),
  differenceOutside: z.number(),
});

export const reportRowSchema = z.object({
  image: z.number().int(),
  item: z.string(),
  slice: z.number().int().nullable(),
  copy: z.string(),
  kind: z.enum(['original', 'perturbation', 'lesion']),
  /** Projection of this copy vs the unperturbed original. */
  vsOriginal: comparisonSchema,
  /** Projection vs the image that was projected (equal to vsOriginal for the original). */
  vsInput: comparisonSchema,
  /** Symmetric scale of the difference map (on [0, 1]). */
  differenceScale: z.number(),
  maps: z.object({ input: z.string(), projection: z.string(), difference: z.string(), ssim: z.string() }),
});
export type ReportRow = z.infer<typeof reportRowSchema>;

export const fidelityReportSchema = z.object({
  result: z.string(),
  synthetic: z.literal(true),
  rows: z.array(reportRowSchema),
  lesion: z
    .object({
      description: z.string(),
      perImage: z.array(z.object({ image: z.number().int(), numbers: lesionNumbersSchema, contrastRecoveredPercent: z.number().nullable() })),
    })
    .nullable(),
  meanSsim: z.number(),
  meanMse: z.number(),
  meta: z.record(z.string(), z.unknown()),
});
export type FidelityReport = z.infer<typeof fidelityReportSchema>;
