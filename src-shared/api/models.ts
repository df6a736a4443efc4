// Generator models: the registry of StyleGAN2 model directories (imported NVlabs networks, trained models, the
// embedded default) and generation from seeds, z or w.
import { z } from 'zod';
import { defineMethod } from './define.js';
import { encoderSummarySchema } from './encoder.js';
import { qualityFileSchema } from './modelQuality.js';
import { resultRefSchema } from './results.js';

export const modelNoiseModes = ['const', 'random', 'none'] as const;

export const modelSummarySchema = z.object({
  /** Stable id: derived from the generator weights' SHA-256, so re-importing the same network finds it again. */
  id: z.string(),
  name: z.string(),
  /** 'data': imported into the data directory; 'embedded': shipped with the app (read only). */
  location: z.enum(['data', 'embedded']),
  dir: z.string(),
  resolution: z.number().int(),
  imgChannels: z.number().int(),
  zDim: z.number().int(),
  wDim: z.number().int(),
  numWs: z.number().int(),
  hasDiscriminator: z.boolean(),
  provenance: z.object({
    source: z.string(),
    description: z.string(),
    createdAt: z.string(),
    tool: z.string(),
    inputFile: z.string().optional(),
    inputSha256: z.string().optional(),
    dataset: z.string().optional(),
    kimg: z.number().optional(),
    licence: z.string().optional(),
  }),
  /** Encoders trained for this generator (shipped with it, or trained into the data directory). */
  encoders: z.array(encoderSummarySchema),
});
export type ModelSummary = z.infer<typeof modelSummarySchema>;

/** A model: its id, its name, or the path of a model directory. */
const modelRef = z.string().min(1);

export const generateInputSchema = z
  .object({
    model: modelRef,
    /** NVlabs-compatible seeds: z = numpy RandomState(seed).randn(zDim), as generate.py draws it. */
    seeds: z.array(z.number().int().min(0).max(0xffffffff)).min(1).max(4096).optional(),
    /** .npy of z, [N, zDim]. */
    zPath: z.string().optional(),
    /** .npy of w ([N, wDim] or [N, numWs, wDim]) or NVlabs projector's projected_w.npz (key "w"). */
    wPath: z.string().optional(),
    /** Truncation ψ; applies to z/seeds (and to w when given explicitly with wPath). */
    psi: z.number().min(-2).max(2).default(1),
    /** Truncate only the first `cutoff` layers. */
    cutoff: z.number().int().positive().nullable().default(null),
    noiseMode: z.enum(modelNoiseModes).default('const'),
    /**
     * A projection's projected_w/<row>.npz whose `noise_<buffer>` arrays (kept by `--noise optimise`) replace the
     * model's constant noise, so the projection is regenerated exactly; without seeds, zPath or wPath its `w` is used.
     */
    noisePath: z.string().optional(),
    /** Written into a new result: `images.npy` (float32 NCHW raw output) or one PNG per image, marked synthetic. */
    format: z.enum(['png', 'npy']).default('png'),
  })
  .strict()
  .refine((v) => {
    const sources = [v.seeds, v.zPath, v.wPath].filter((x) => x !== undefined).length;
    return sources === 1 || (sources === 0 && v.noisePath !== undefined);
  }, {
    message: 'give exactly one of seeds, zPath or wPath (or only noisePath, whose w is then used)',
  })
  .refine((v) => v.noisePath === undefined || v.noiseMode === 'const', {
    message: 'noisePath replaces the constant noise: use it with noiseMode "const"',
  });

export const modelsMethods = {
  'models.list': defineMethod({
    summary: 'Generator models in the data directory and embedded in the app, with provenance',
    input: z.object({}).strict(),
    output: z.object({ models: z.array(modelSummarySchema) }),
  }),
  'models.import': defineMethod({
    summary: 'Check a model directory (model.json + safetensors) and copy it into the data directory',
    input: z.object({ path: z.string().min(1), name: z.string().min(1).optional() }).strict(),
    output: z.object({ model: modelSummarySchema, alreadyPresent: z.boolean() }),
  }),
  'models.get': defineMethod({
    summary: 'One model by id, name or directory',
    input: z.object({ model: modelRef }).strict(),
    output: modelSummarySchema,
  }),
  'models.quality': defineMethod({
    summary: "A model's quality curve (SWD and held-out projection SSIM over kimg) from the quality.json beside it; null when it has none",
    input: z.object({ model: modelRef }).strict(),
    output: z.object({ quality: qualityFileSchema.nullable() }),
  }),
  'models.remove': defineMethod({
    summary: 'Delete an imported model from the data directory (embedded models cannot be removed)',
    input: z.object({ model: modelRef }).strict(),
    output: z.object({ removed: z.string() }),
  }),
  'models.generate': defineMethod({
    summary: 'Generate images from seeds, z or w into a result (.npy or synthetic-marked PNGs)',
    input: generateInputSchema,
    output: z.object({
      model: z.string(),
      count: z.number().int(),
      /** NCHW. */
      shape: z.array(z.number().int()),
      result: resultRefSchema,
      backend: z.string(),
      elapsedMs: z.number(),
      /** min/max of the raw output, to see at a glance whether it left [−1, 1]. */
      range: z.tuple([z.number(), z.number()]),
    }),
  }),
};
