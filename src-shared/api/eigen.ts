// Eigencomponents of an edit series (the MS-progression method): per slice position and jointly, with the
// polynomial-in-α check, component maps and plain subtraction from the α = 0 reference.
import { z } from 'zod';
import { defineMethod } from './define.js';
import { artefactRefSchema } from './direction.js';
import { resultRefSchema } from './results.js';

export const eigenInputSchema = z
  .object({
    /** An edit result id, SERIES.npy (α from SERIES.json beside it), or a bare K×H×W / K×S×H×W stack with `alphas`. */
    series: artefactRefSchema,
    /** α per image; only for stacks without SERIES.json. */
    alphas: z.array(z.number()).optional(),
    /** 'auto' = Otsu on the α = 0 image (lowest α when 0 is not on the grid); 'none'; or a .npy/PNG mask file. */
    mask: z.string().default('auto'),
    components: z.number().int().min(1).max(100).default(5),
    centred: z.boolean().default(true),
  })
  .strict();

export const eigenSummarySchema = z.object({
  /** 'position k' (0-based slice position of the series) or 'joint'. */
  name: z.string(),
  voxelCount: z.number().int(),
  mask: z.object({ source: z.string(), threshold: z.number().optional() }),
  eigenvalues: z.array(z.number()),
  explainedVariance: z.array(z.number()),
  /** eigenvectors[k] = component k+1 over the K images. */
  eigenvectors: z.array(z.array(z.number())),
  polynomial: z.array(z.object({ component: z.number().int(), degree: z.number().int(), r2: z.number().nullable(), r2Uncentred: z.number() })),
  subtraction: z.object({ fromIndex: z.number().int(), toIndex: z.number().int(), correlationWithComponent2: z.number().nullable() }),
  /** Symmetric colour scale per component map (max |value|). */
  mapScales: z.array(z.number()),
});
export type EigenSummary = z.infer<typeof eigenSummarySchema>;

export const eigenOutputSchema = z.object({
  /** eigen.json, position_<s>/components.npy and component_<k>.png, joint/components.npy, mask.npy. */
  result: resultRefSchema,
  imageCount: z.number().int(),
  /** S × H × W (S = 1 for a 2D series). */
  imageShape: z.array(z.number().int()),
  alphas: z.array(z.number()),
  alphaSource: z.string(),
  referenceIndex: z.number().int(),
  centred: z.boolean(),
  positions: z.array(eigenSummarySchema),
  joint: eigenSummarySchema.nullable(),
  /** The published observation: component 2 linear in α (R² of its linear fit ≥ 0.99), per analysis. */
  linearCheck: z.object({ threshold: z.number(), r2: z.number().nullable(), pass: z.boolean() }),
  synthetic: z.boolean(),
});
export type EigenOutput = z.infer<typeof eigenOutputSchema>;

export const eigenMethods = {
  'eigen.components': defineMethod({
    summary: 'Eigencomponent analysis of an edit series: per slice position and jointly, maps, subtraction, R² of component 2',
    input: eigenInputSchema,
    output: eigenOutputSchema,
  }),
};
