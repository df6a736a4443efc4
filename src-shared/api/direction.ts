// Disease directions and edit series: cohorts (codes for two groups of a catalog selection), directions from labelled
// latent codes with their separability report, edit series w + α·v, and their synthetic-marked exports. Results are
// written to `<data dir>/results/<id>/` and named by id; inputs are a result id of an earlier step or a file path.
import { z } from 'zod';
import { alphaGrid } from '../analysis/edit.js';
import { datasetNameSchema } from './datasets.js';
import { defineMethod } from './define.js';
import { jobSchema } from './jobs.js';
import { inversionMethods, projectionSettingsSchema } from './projectionSettings.js';
import type { ProjectionSettingsInput } from './projectionSettings.js';
import { resultRefSchema } from './results.js';

/** A result id of an earlier step (cohort, direction, edit) or the path of a file in the ARTEFACTS.md format. */
export const artefactRefSchema = z.string().min(1);

export const directionMethodNames = ['svm', 'lda', 'mean', 'pair'] as const;
export const alphaUnits = ['sigma', 'raw'] as const;
export const seriesFormats = ['dicom', 'nifti', 'gif', 'png'] as const;

/** One group of a cohort: filter terms on top of the common selection (`age<35`, `class=NORMAL`), ANDed. */
export const cohortGroupSchema = z.array(z.string().min(1)).min(1);

/** Cohort codes are W codes by default (directions are found on W); constant noise keeps them comparable. */
export const cohortProjectionDefaults: ProjectionSettingsInput = { space: 'w', noise: 'const', steps: 200 };

export const cohortInputSchema = z
  .object({
    model: z.string().min(1),
    /** Terms every member satisfies (`key=value` with `*`, `key<n`, `key>n`, `key<=n`, `key>=n`). */
    where: z.array(z.string().min(1)).default([]),
    groupA: cohortGroupSchema,
    groupB: cohortGroupSchema,
    entities: z.enum(['volumes', 'images']).default('volumes'),
    /** Volumes: the slice axis (world), and either the middle slice (default) or every `step`-th slice of a range. */
    axis: z.enum(['x', 'y', 'z']).default('z'),
    sliceRange: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]).optional(),
    step: z.number().int().min(1).default(1),
    settings: projectionSettingsSchema.default(() => projectionSettingsSchema.parse(cohortProjectionDefaults)),
    /** How members become codes: projection (default), one pass of an encoder, or an encoder refined for `settings.steps`. */
    method: z.enum(inversionMethods).default('project'),
    /** Which of the model's encoders (default: the shipped one, else the newest). */
    encoder: datasetNameSchema.optional(),
    /** true: only count the members (the sizes shown before anything runs). */
    dryRun: z.boolean().default(false),
  })
  .strict();
export type CohortInput = z.input<typeof cohortInputSchema>;

const groupCountSchema = z.object({ name: z.string(), terms: z.array(z.string()), items: z.number().int(), subjects: z.number().int(), codes: z.number().int() });

/** A cohort call: the group sizes at once; unless it is a dry run, a job that makes the codes into `result`. */
export const cohortOutputSchema = z.object({
  groups: z.tuple([groupCountSchema, groupCountSchema]),
  /** The job making the codes (progress, ETA, cancel); null for a dry run. */
  job: jobSchema.nullable(),
  /** The result id the job writes (latents.npy, index.csv, labels.npy with 0 = group a, 1 = group b, meta.json); null for a dry run. */
  result: z.string().nullable(),
});
export type CohortOutput = z.infer<typeof cohortOutputSchema>;

/** What a finished cohort job reports (its job's `result`). */
export const cohortBuiltSchema = z.object({
  result: z.string(),
  groups: z.tuple([groupCountSchema, groupCountSchema]),
  /** Codes taken from the projection cache (same item, slice, model and settings). */
  reused: z.number().int(),
  projected: z.number().int(),
  /** index.csv columns a direction can be audited against or conditioned on (labels and acquisition properties that vary). */
  confounders: z.array(z.string()),
});
export type CohortBuilt = z.infer<typeof cohortBuiltSchema>;

export const findInputSchema = z
  .object({
    /** A cohort result id, or latents.npy (N×d or N×L×d) with index.csv beside it when there is one. */
    latents: artefactRefSchema,
    /** .npy or .csv, one label per code; default: the cohort's labels.npy. */
    labels: z.string().optional(),
    /** A numeric column of index.csv (age…) split by `threshold` or `quantile` instead of two-class labels. */
    labelColumn: z.string().optional(),
    /** value < threshold is class 0, ≥ threshold class 1. */
    threshold: z.number().optional(),
    /** The lowest and the highest fraction (0.33 = thirds) become the classes; the middle is left out. */
    quantile: z.number().gt(0).max(0.5).optional(),
    method: z.enum(directionMethodNames),
    /** 'pair': E(I*), same shape as latents (E(I)). */
    edited: z.string().optional(),
    /** Confounder directions to project out (.npy, d values each). */
    conditions: z.array(z.string()).default([]),
    /** Confounders (index.csv columns: sex, age, site, mean_intensity, fov_width_mm…; a text column of k > 2 values is audited value by value) audited, and projected out when `condition` is set. */
    confounders: z.array(z.string()).default([]),
    condition: z.boolean().default(false),
    validationFraction: z.number().min(0).max(0.9).default(0.3),
    seed: z.number().int().default(0),
    c: z.number().positive().default(1),
    shrinkage: z.union([z.enum(['auto', 'none']), z.number().min(0).max(1)]).default('auto'),
  })
  .strict();

const splitSchema = z.object({
  count: z.number().int(),
  subjects: z.number().int(),
  accuracy: z.number(),
  auc: z.number().nullable(),
  mean: z.array(z.number()),
  std: z.array(z.number()),
  separation: z.number().nullable(),
});

export const findOutputSchema = z.object({
  /** D.npy (unit direction, d or L×d) and D.json (method, cohort, σ, report). */
  result: resultRefSchema,
  method: z.enum(directionMethodNames),
  space: z.enum(['w', 'wplus']),
  dimensions: z.number().int(),
  samples: z.number().int(),
  classes: z.array(z.string()),
  /** 'subject' when index.csv named subjects, else 'image'. */
  splitBy: z.enum(['subject', 'image']),
  train: splitSchema.nullable(),
  validation: splitSchema.nullable(),
  /** Pooled within-group σ of the codes along the direction (the unit of α in sigma). */
  sigma: z.number().nullable(),
  conditionedCosine: z.number(),
  confounders: z.array(z.object({ name: z.string(), before: z.number(), after: z.number() })),
  /** Every code's projection (the histogram), with its latent-set row, catalog item and subject (the members list). */
  projections: z.array(z.object({ value: z.number(), label: z.number().int(), heldOut: z.boolean(), row: z.number().int(), item: z.string().nullable(), subject: z.string().nullable() })),
  notes: z.array(z.string()),
  details: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])),
});
export type FindOutput = z.infer<typeof findOutputSchema>;

export const editSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('seed'), seed: z.number().int().min(0).max(0xffffffff), psi: z.number().min(-2).max(2).default(1) }).strict(),
  /** Rows of a latent set (a cohort result id or latents.npy): several rows = several slice positions of one subject. */
  z.object({ kind: z.literal('latents'), latents: artefactRefSchema, rows: z.array(z.number().int().min(0)).min(1).max(64) }).strict(),
  /** A W code: .npy [wDim] / [1, numWs, wDim] or NVlabs' projected_w.npz. */
  z.object({ kind: z.literal('w'), path: z.string().min(1) }).strict(),
]);
export type EditSource = z.input<typeof editSourceSchema>;

export const editInputSchema = z
  .object({
    model: z.string().min(1),
    /** A direction result id or D.npy (with D.json beside it for sigma units). */
    direction: artefactRefSchema,
    source: editSourceSchema,
    /** Default: 15 steps from 0 to 3 (σ: from a patient one group's spread towards the other group). */
    alphas: z.array(z.number()).min(2).max(256).default(() => alphaGrid(0, 3, 15)),
    alphaUnit: z.enum(alphaUnits).default('sigma'),
    space: z.enum(['w', 'wplus']).default('w'),
    /** First and last layer edited (0-based, inclusive); W+ only. */
    layers: z.tuple([z.number().int().min(0), z.number().int().min(0)]).optional(),
    noiseMode: z.enum(['const', 'none']).default('const'),
  })
  .strict();

export const seriesInfoSchema = z.object({
  /** SERIES.npy (K×S×H×W float32) and SERIES.json. */
  result: resultRefSchema,
  model: z.string(),
  alphas: z.array(z.number()),
  alphaUnit: z.enum(alphaUnits),
  /** Length of α = 1 in the codes' units (σ, or 1 for raw). */
  scale: z.number(),
  /** K × S × H × W. */
  shape: z.array(z.number().int()),
  referenceIndex: z.number().int(),
  range: z.tuple([z.number(), z.number()]),
  /** Per slice position, where its code came from (index.csv columns: item, subject, axis, slice…; or the seed / file). */
  positions: z.array(z.record(z.string(), z.string())),
  synthetic: z.literal(true),
});
export type SeriesInfo = z.infer<typeof seriesInfoSchema>;

/** A direction.editSeries call: the job generating the series (progress, ETA, pause, cancel) and the result id it writes; the job's `result` is a SeriesInfo. */
export const editStartedSchema = z.object({ job: jobSchema, result: z.string() });

export const exportSeriesInputSchema = z.object({ series: artefactRefSchema, format: z.enum(seriesFormats) }).strict();

export const exportSeriesOutputSchema = z.object({
  result: resultRefSchema,
  format: z.enum(seriesFormats),
  /** DICOM: the new SeriesInstanceUID (find the series in the catalog once the folder is imported); else null. */
  seriesUid: z.string().nullable(),
  synthetic: z.literal(true),
});

/** The difference of every image of an edit series to its reference (α = 0, or the lowest α), on the model's scale. */
export const seriesDifferenceSchema = z.object({
  alphas: z.array(z.number()),
  alphaUnit: z.enum(alphaUnits),
  referenceIndex: z.number().int(),
  /** K × S × H × W of the series. */
  shape: z.tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int()]),
  /** Per image k: S·H·W values (image k − reference), row-major. */
  maps: z.array(z.array(z.number())),
  /** Largest |difference| over the series (the colour scale's end). */
  scale: z.number(),
  synthetic: z.literal(true),
});
export type SeriesDifference = z.infer<typeof seriesDifferenceSchema>;

/** Links an edited copy (or follow-up) to its original (or baseline) in the catalog; `original: null` unlinks it. */
export const linkPairInputSchema = z
  .object({
    /** The edited copy I* or the follow-up: entity id, UID or catalogued path. */
    edited: z.string().min(1),
    /** Its original I or the baseline (same kind: two images or two volumes); null removes the link. */
    original: z.string().min(1).nullable(),
  })
  .strict();

export const directionMethods = {
  'direction.linkPair': defineMethod({
    summary: 'Link an edited copy or follow-up to its original or baseline for the edit-pair method (labels edit_of, edit_pair), or unlink it',
    input: linkPairInputSchema,
    output: z.object({ edited: z.string(), original: z.string().nullable(), previous: z.string().nullable(), labels: z.record(z.string(), z.string()) }),
  }),
  'direction.cohort': defineMethod({
    summary: 'A cohort: a catalog selection split into two groups (sizes at once), and a job making latent codes for every member with the projection capability (cached codes reused)',
    input: cohortInputSchema,
    output: cohortOutputSchema,
  }),
  'direction.find': defineMethod({
    summary: 'A disease direction from labelled codes (SVM, LDA, mean difference) or edit pairs, with the separability report (D.npy + D.json)',
    input: findInputSchema,
    output: findOutputSchema,
  }),
  'direction.editSeries': defineMethod({
    summary: 'An edit series w + α·v along a direction, generated by the model as a job (SERIES.npy + SERIES.json, synthetic)',
    input: editInputSchema,
    output: editStartedSchema,
  }),
  'direction.exportSeries': defineMethod({
    summary: 'Export an edit series as a synthetic DICOM series, NIfTI, PNG frames or an animated GIF',
    input: exportSeriesInputSchema,
    output: exportSeriesOutputSchema,
  }),
  'direction.seriesDifference': defineMethod({
    summary: 'The difference of every image of an edit series to α = 0 (the colour overlay beside the original), on the model scale',
    input: z.object({ series: artefactRefSchema }).strict(),
    output: seriesDifferenceSchema,
  }),
};
