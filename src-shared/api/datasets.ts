// Dataset methods: 2D training sets (slices of volumes, 2D images) at the model resolution, and NVlabs export.
import { z } from 'zod';
import { defineMethod } from './define.js';
import { jobSchema } from './jobs.js';
import { resultRefSchema } from './results.js';

/** Names become folder names in the data directory, so they are kept to a safe alphabet. */
export const datasetNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'use 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit');

export const modalities = ['MR', 'CT', 'FA', 'image'] as const;

/** Catalog entities a dataset can be built from, named as in `latentrad ls`. */
/** The resolutions a dataset (and a model trained on it) can have. */
export const modelResolutions = [32, 64, 128, 256] as const;

export const catalogDatasetEntities = ['volumes', 'images', 'series'] as const;

/** Where the images come from: files/folders on disk (NIfTI volumes, PNG/JPEG images) or a catalog selection. */
export const datasetSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('files'), paths: z.array(z.string().min(1)).min(1) }).strict(),
  /**
   * Catalogued NIfTI volumes, 2D images and/or DICOM series matching `where` (the catalog list filters of each
   * entity: columns or labels, `*` wildcards). A series whose frames form a regular grey grid is a volume, sliced like
   * NIfTI; any other series gives each frame as a 2D image (modality units, MONOCHROME1 inverted); non-image series
   * are skipped with the reason. Catalog labels of each entry (a series' own, not its study's or patient's) become
   * dataset labels: `labelKeys`, or every key present on all selected entries.
   */
  z
    .object({
      kind: z.literal('catalog'),
      where: z.record(z.string(), z.string()).default({}),
      entities: z.array(z.enum(catalogDatasetEntities)).min(1).default([...catalogDatasetEntities]),
      labelKeys: z.array(z.string().min(1)).optional(),
    })
    .strict(),
]);

export const datasetCreateInputSchema = z
  .object({
    name: datasetNameSchema,
    source: datasetSourceSchema,
    resolution: z.number().int().refine((r) => (modelResolutions as readonly number[]).includes(r), 'resolution must be 32, 64, 128 or 256'),
    /** World axis the slices are taken along: z = axial, y = coronal, x = sagittal. */
    axis: z.enum(['x', 'y', 'z']).default('z'),
    /** Part of the axis to use, as fractions of its extent from the lowest world coordinate. */
    sliceRange: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]).default([0, 1]),
    /** Keep a slice only if this fraction of its pixels is foreground (> 10% of the volume's 99th percentile). */
    minForeground: z.number().min(0).max(1).default(0.2),
    /** Take every n-th slice (neighbouring slices are nearly identical). */
    sliceStep: z.number().int().min(1).default(1),
    resample: z.enum(['area', 'lanczos']).default('area'),
    /** How non-square images become square: pad with the background, or centre-crop. */
    fit: z.enum(['pad', 'crop']).default('pad'),
    modality: z.enum(modalities).default('MR'),
    lowPercentile: z.number().min(0).max(100).optional(),
    highPercentile: z.number().min(0).max(100).optional(),
    /** CSV with a `path` column (matched by file name) and numeric or categorical label columns. */
    labelsCsv: z.string().optional(),
    overwrite: z.boolean().default(false),
  })
  .strict();
export type DatasetCreateInput = z.output<typeof datasetCreateInputSchema>;

export const labelColumnSchema = z.object({
  name: z.string(),
  kind: z.enum(['numeric', 'categorical']),
  /** For categorical columns: value i of the label is categories[i]. */
  categories: z.array(z.string()).optional(),
});

export const datasetInfoSchema = z.object({
  name: z.string(),
  resolution: z.number().int(),
  channels: z.number().int(),
  count: z.number().int(),
  labels: z.array(labelColumnSchema),
  createdAt: z.string(),
  sourceCount: z.number().int(),
  /** The normalisation actually applied (percentiles). */
  normalisation: z.object({ lowPercentile: z.number(), highPercentile: z.number(), modality: z.string() }),
  axis: z.enum(['x', 'y', 'z']),
  resample: z.enum(['area', 'lanczos']),
  /** Inputs that were skipped, with the reason (unreadable files, no slice passing the foreground rule). */
  skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
});
export type DatasetInfo = z.infer<typeof datasetInfoSchema>;

export const datasetsMethods = {
  'datasets.create': defineMethod({
    summary: 'Build a 2D training dataset from NIfTI volumes, image files or DICOM series, given as paths or as a catalog selection',
    input: datasetCreateInputSchema,
    output: datasetInfoSchema,
  }),
  'datasets.submit': defineMethod({
    summary: 'Build a dataset as a job (input as datasets.create): progress in jobProgress events, cancel with jobs.cancel',
    input: datasetCreateInputSchema,
    output: jobSchema,
  }),
  'datasets.list': defineMethod({
    summary: 'Datasets in the data directory',
    input: z.object({}).strict(),
    output: z.object({ datasets: z.array(datasetInfoSchema) }),
  }),
  'datasets.get': defineMethod({
    summary: 'One dataset by name',
    input: z.object({ name: datasetNameSchema }).strict(),
    output: datasetInfoSchema,
  }),
  'datasets.delete': defineMethod({
    summary: 'Delete a dataset',
    input: z.object({ name: datasetNameSchema }).strict(),
    output: z.object({ deleted: z.boolean() }),
  }),
  'datasets.exportNvlabs': defineMethod({
    summary: 'Write the dataset as an NVlabs stylegan2-ada-pytorch dataset.zip (PNGs + dataset.json with labels) into a result',
    input: z.object({ name: datasetNameSchema }).strict(),
    /** The zip is `dataset.zip` in the returned result. */
    output: z.object({ result: resultRefSchema, count: z.number().int(), bytes: z.number().int() }),
  }),
};
