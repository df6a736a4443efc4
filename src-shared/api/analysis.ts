// Analysis methods: image comparison (SSIM/MS-SSIM/MSE/PSNR/NRMSE, difference maps), eigencomponent analysis of
// an edit series, and supervised latent directions. Inputs are file paths (.npy/PNG); written files go to a
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

export const eigenInputSchema = z
  .object({
    /** K×H×W or K×D×H×W .npy, images ordered by α. */
    stack: z.string().min(1),
    /** α per image; default: K evenly spaced values from 0 to 50. */
    alphas: z.array(z.number()).optional(),
    /** 'auto' = Otsu on the α = 0 image; otherwise a .npy/PNG mask of one image's shape; 'none' = every voxel. */
    mask: z.string().default('auto'),
    components: z.number().int().min(1).max(100).default(5),
    centred: z.boolean().default(true),
  })
  .strict();

export const eigenOutputSchema = z.object({
  imageCount: z.number().int(),
  imageShape: z.array(z.number().int()),
  voxelCount: z.number().int(),
  mask: z.object({ source: z.string(), threshold: z.number().optional() }),
  centred: z.boolean(),
  alphas: z.array(z.number()),
  eigenvalues: z.array(z.number()),
  explainedVariance: z.array(z.number()),
  /** eigenvectors[k] = component k+1 over the K images. */
  eigenvectors: z.array(z.array(z.number())),
  polynomial: z.array(z.object({ component: z.number().int(), degree: z.number().int(), r2: z.number().nullable(), r2Uncentred: z.number() })),
  subtraction: z.object({ fromIndex: z.number().int(), toIndex: z.number().int(), correlationWithComponent2: z.number().nullable() }),
  /** eigen.json, components.npy (k × image shape), component_<k>.png and mask.npy. */
  result: resultRefSchema,
});
export type EigenOutput = z.infer<typeof eigenOutputSchema>;

export const directionInputSchema = z
  .object({
    /** N×d (W) or N×L×d (W+, flattened) .npy. */
    latents: z.string().min(1),
    /** .npy or .csv with one label per row; exactly two distinct values (the larger/later one is class 1). Not for 'pair'. */
    labels: z.string().optional(),
    method: z.enum(['svm', 'lda', 'mean', 'pair']),
    /** For 'pair': E(I*), same shape as latents (E(I)). */
    edited: z.string().optional(),
    /** Directions to project out (.npy, d values each). */
    conditions: z.array(z.string()).default([]),
    validationFraction: z.number().min(0).max(0.9).default(0.3),
    seed: z.number().int().default(0),
    /** SVM: LinearSVC's C. */
    c: z.number().positive().default(1),
    /** LDA: 'auto' (Ledoit–Wolf), 'none', or a number in [0, 1]. */
    shrinkage: z.union([z.enum(['auto', 'none']), z.number().min(0).max(1)]).default('auto'),
  })
  .strict();

const splitSchema = z.object({
  count: z.number().int(),
  accuracy: z.number(),
  auc: z.number().nullable(),
  projections: z.object({ mean: z.array(z.number()), std: z.array(z.number()), separation: z.number().nullable() }),
});

export const directionOutputSchema = z.object({
  method: z.enum(['svm', 'lda', 'mean', 'pair']),
  dimensions: z.number().int(),
  samples: z.number().int(),
  /** Label value of class 0 and class 1 (the direction points from 0 to 1). */
  classes: z.array(z.string()).optional(),
  train: splitSchema.optional(),
  validation: splitSchema.nullable().optional(),
  offset: z.number().optional(),
  conditionedCosine: z.number(),
  details: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])),
  /** direction.npy: the unit direction in the latents' per-code shape (d for W, L×d for W+). */
  result: resultRefSchema,
});
export type DirectionOutput = z.infer<typeof directionOutputSchema>;

export const analysisMethods = {
  'analysis.metrics': defineMethod({
    summary: 'Compare two images: SSIM (wang2004 | skimage), MS-SSIM, MSE, RMSE, PSNR or NRMSE, with difference maps',
    input: metricsInputSchema,
    output: metricsOutputSchema,
  }),
  'analysis.eigen': defineMethod({
    summary: 'Eigencomponent analysis of an edit series (K images ordered by α)',
    input: eigenInputSchema,
    output: eigenOutputSchema,
  }),
  'analysis.direction': defineMethod({
    summary: 'Latent direction from labelled codes (SVM, LDA, mean difference) or edit pairs',
    input: directionInputSchema,
    output: directionOutputSchema,
  }),
};
