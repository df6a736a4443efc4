// Eigencomponents of an ordered stack (the MS-progression method): an edit series, a stack file or a catalog DICOM
// series; per slice position and jointly, with the polynomial-in-α check, component maps and plain subtraction from
// the reference image.
import { z } from 'zod';
import { defineMethod } from './define.js';
import { artefactRefSchema } from './direction.js';
import { jobSchema } from './jobs.js';
import { resultRefSchema } from './results.js';

/**
 * A region drawn in the viewer (Ellipse / Rectangle ROIs on the α = 0 images): 0/1 values, row-major, one
 * width×height plane for every slice position or `positions` planes (position-major), on the series' own grid.
 */
export const eigenRegionSchema = z
  .object({
    kind: z.literal('region'),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    positions: z.number().int().positive().default(1),
    data: z.array(z.number()),
    /** What was drawn, for eigen.json and the panel (e.g. "Ellipse ROI on positions 0, 2"). */
    label: z.string().max(200).optional(),
  })
  .strict();
export type EigenRegion = z.infer<typeof eigenRegionSchema>;

export const eigenInputSchema = z
  .object({
    /**
     * An edit result id, SERIES.npy (α from SERIES.json beside it), a bare K×H×W / K×S×H×W stack with `alphas`, or a
     * catalog DICOM series `series:<n>` (its frames in instance order, α = frame index unless `alphas` is given).
     */
    series: artefactRefSchema,
    /** α per image; for stacks without SERIES.json, and optionally for a catalog series (one per frame). */
    alphas: z.array(z.number()).optional(),
    /** 'auto' = Otsu on the α = 0 image (lowest α when 0 is not on the grid); 'none'; a .npy/PNG mask file; or a region drawn in the viewer. */
    mask: z.union([z.string(), eigenRegionSchema]).default('auto'),
    components: z.number().int().min(1).max(100).default(5),
    centred: z.boolean().default(true),
    /** Also write the maps into the source volume's grid with its affine (components.nii.gz, subtraction.nii.gz); needs a series cut from a volume. */
    nifti: z.boolean().default(false),
  })
  .strict();

export type EigenInput = z.input<typeof eigenInputSchema>;

/** What α is measured in: σ or raw W units along an edit direction, or a catalog series' frame index. */
export const eigenAlphaUnits = ['sigma', 'raw', 'frame index'] as const;

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
  /**
   * eigen.json; position_<s>/components.npy (C×H×W) and component_<k>.png; joint/components.npy (C×S×H×W);
   * reference.npy (the α = 0 images), subtraction.npy (highest α − α = 0) and mask.npy, each S×H×W; for a series
   * cut from one volume geometry.json (slice positions in patient space) and, with `nifti`, components.nii.gz and
   * subtraction.nii.gz in the source grid with the source affine; for a catalog series frames.npy (its frames as
   * analysed, K×1×H×W in modality units).
   */
  result: resultRefSchema,
  imageCount: z.number().int(),
  /** S × H × W (S = 1 for a 2D series). */
  imageShape: z.array(z.number().int()),
  alphas: z.array(z.number()),
  alphaSource: z.string(),
  /**
   * The unit of α from SERIES.json (σ of the cohort along the direction, or raw W units); 'frame index' for a catalog
   * series analysed without given α values (0, 1, 2… in instance order, not time); null for given α values.
   */
  alphaUnit: z.enum(eigenAlphaUnits).nullable(),
  referenceIndex: z.number().int(),
  centred: z.boolean(),
  positions: z.array(eigenSummarySchema),
  joint: eigenSummarySchema.nullable(),
  /** The published observation: component 2 linear in α (R² of its linear fit ≥ 0.99), per analysis. */
  linearCheck: z.object({ threshold: z.number(), r2: z.number().nullable(), pass: z.boolean() }),
  synthetic: z.boolean(),
  /** For a series cut from one volume: the source (catalog id or file), the world axis and the slice of each position (geometry.json places the maps there). */
  placement: z.object({ source: z.string(), axis: z.enum(['x', 'y', 'z']), slices: z.array(z.number().int()) }).nullable().default(null),
  /** The catalog series analysed (`series:<n>`), its frames stacked in instance order with the first as reference; else null. */
  catalogSeries: z.string().nullable().default(null),
});
export type EigenOutput = z.infer<typeof eigenOutputSchema>;

/** An eigen.components call: the job running the analysis (progress, ETA, cancel) and the result id it writes; the job's `result` is an EigenOutput. */
export const eigenStartedSchema = z.object({ job: jobSchema, result: z.string() });

export const eigenMethods = {
  'eigen.components': defineMethod({
    summary: 'Eigencomponent analysis of an ordered stack (a job): an edit series, a stack file or a catalog series; per slice position and jointly, maps, subtraction, R² of component 2',
    input: eigenInputSchema,
    output: eigenStartedSchema,
  }),
};
