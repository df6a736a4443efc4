// Analysis methods: image comparison (SSIM/MS-SSIM/MSE/PSNR/NRMSE, difference maps); directions and edit series
// live in direction.ts, eigencomponents in eigen.ts. Inputs are file paths (.npy/PNG); written files go to a
// result folder returned by id (no method takes an output path).
import { z } from 'zod';
import { defineMethod } from './define.js';
import { resultRefSchema } from './results.js';

/** Files analysis.metrics can write into its result: `map.npy`, `difference.png`, `overlay.png`. */
export const metricsMaps = ['map', 'difference', 'overlay'] as const;

export const comparisonMetrics = ['ssim', 'msssim', 'mse', 'rmse', 'psnr', 'nrmse'] as const;

export const metricsInputSchema = z
  .object({
    metric: z.enum(comparisonMetrics),
    /** The reference image (scikit-image's image_true / im1): .npy 2D array or PNG. */
    reference: z.string().min(1),
    test: z.string().min(1),
    variant: z.enum(['wang2004', 'skimage']).default('wang2004'),
    /** Required for ssim, msssim and psnr: there is no silent default. */
    dataRange: z.number().positive().optional(),
    /** Foreground mask (.npy or PNG, non-zero = inside). */
    mask: z.string().optional(),
    nrmseNormalization: z.enum(['euclidean', 'min-max', 'mean']).default('euclidean'),
    /**
     * Files to write into a result: `map` = the full SSIM map (ssim) or the signed difference test − reference (other
     * metrics) as float64 `map.npy`; `difference` = the signed difference as a blue–white–red `difference.png`;
     * `overlay` = that difference over the reference (`overlay.png`).
     */
    maps: z.array(z.enum(metricsMaps)).default([]),
    /** Symmetric colour scale of the difference rendering; default: max |difference| (inside the mask). */
    differenceScale: z.number().positive().optional(),
    /** Alternatively: the scale is this percentile of |difference| (e.g. 99 so a few outliers do not wash it out). */
    differencePercentile: z.number().gt(0).max(100).optional(),
  })
  .strict();

export const metricsOutputSchema = z.object({
  metric: z.enum(comparisonMetrics),
  /** Inside the mask when one is given; null for PSNR of identical images (+∞). */
  value: z.number().nullable(),
  /** The same metric over the whole image when a mask was given. */
  wholeImageValue: z.number().nullable().optional(),
  width: z.number().int(),
  height: z.number().int(),
  variant: z.enum(['wang2004', 'skimage']).optional(),
  dataRange: z.number().optional(),
  maskPixels: z.number().int().optional(),
  /** Pixels dropped at each border before averaging SSIM. */
  cropPx: z.number().int().optional(),
  msssimScales: z.array(z.object({ width: z.number(), height: z.number(), cs: z.number(), ssim: z.number() })).optional(),
  difference: z.object({ scale: z.number(), scaleSource: z.string(), min: z.number(), max: z.number() }).optional(),
  /** Present when maps were asked for. */
  result: resultRefSchema.optional(),
});
export type MetricsOutput = z.infer<typeof metricsOutputSchema>;

export const analysisMethods = {
  'analysis.metrics': defineMethod({
    summary: 'Compare two images: SSIM (wang2004 | skimage), MS-SSIM, MSE, RMSE, PSNR or NRMSE, with difference maps',
    input: metricsInputSchema,
    output: metricsOutputSchema,
  }),
};
