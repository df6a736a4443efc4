// The model directory: `model.json` (architecture, w_avg, num_ws, provenance) + generator weights in safetensors
// (+ optional discriminator weights). Written by training, by scripts/export_stylegan2_ada.py for NVlabs networks,
// and read by import/generate/analysis. Nothing in it can execute: JSON and raw float32 only.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ApiError } from '../../../src-shared/api/errors.js';
import { numWs, validateConfig } from './config.js';
import type { StyleGan2Config } from './config.js';
import { decodeSafetensors, encodeSafetensors } from '../safetensors.js';
import type { StoredTensor } from '../safetensors.js';
import { readBytes, readFailure, readText } from '../../io/readFile.js';

export const modelFormat = 'latentrad-stylegan2';
export const manifestFile = 'model.json';
export const generatorWeightsFile = 'generator.safetensors';

export const architectureSchema = z.object({
  resolution: z.number().int(),
  imgChannels: z.number().int(),
  zDim: z.number().int(),
  wDim: z.number().int(),
  cDim: z.number().int().default(0),
  mappingLayers: z.number().int(),
  mappingLrMultiplier: z.number().default(0.01),
  wAvgBeta: z.number().default(0.995),
  channelBase: z.number().int(),
  channelMax: z.number().int(),
  convClamp: z.number().nullable().default(null),
  mbstdGroupSize: z.number().int().default(4),
  mbstdChannels: z.number().int().default(1),
});

export const provenanceSources = ['nvlabs-pkl', 'nvlabs-state-dict', 'latentrad-training', 'latentrad-random'] as const;

/**
 * How the training images were prepared (the dataset builder's settings), so that a real slice can be prepared the
 * same way before projection. Absent in models made before it was recorded and in most imported ones.
 */
export const preprocessingSchema = z.object({
  modality: z.string(),
  axis: z.enum(['x', 'y', 'z']),
  resample: z.enum(['area', 'lanczos']),
  fit: z.enum(['pad', 'crop']).default('pad'),
  lowPercentile: z.number(),
  highPercentile: z.number(),
  sliceRange: z.tuple([z.number(), z.number()]).optional(),
});
export type Preprocessing = z.infer<typeof preprocessingSchema>;

export const provenanceSchema = z.object({
  source: z.enum(provenanceSources),
  /** One line for listings: what this network is and where it came from. */
  description: z.string(),
  createdAt: z.string(),
  /** The program that wrote the directory (exporter script, LatentRad version). */
  tool: z.string(),
  inputFile: z.string().optional(),
  inputSha256: z.string().optional(),
  /** NVlabs constructor kwargs as found in the pickle or given with --config. */
  nvlabsKwargs: z.record(z.string(), z.unknown()).optional(),
  dataset: z.string().optional(),
  kimg: z.number().optional(),
  licence: z.string().optional(),
  notes: z.string().optional(),
  preprocessing: preprocessingSchema.optional(),
});

export const manifestSchema = z.object({
  format: z.literal(modelFormat),
  formatVersion: z.literal(1),
  name: z.string().min(1),
  architecture: architectureSchema,
  numWs: z.number().int(),
  wAvg: z.array(z.number()),
  weights: z.object({ generator: z.string(), discriminator: z.string().optional() }),
  provenance: provenanceSchema,
});

export type ModelManifest = z.infer<typeof manifestSchema>;
export type Provenance = z.infer<typeof provenanceSchema>;

export interface LoadedModelDir {
  dir: string;
  manifest: ModelManifest;
  config: StyleGan2Config;
  generator: Map<string, StoredTensor>;
}

/** Reads and checks model.json only (cheap: listings, import). */
export async function readManifest(dir: string): Promise<{ manifest: ModelManifest; config: StyleGan2Config }> {
  const path = join(dir, manifestFile);
  let text: string;
  try {
    text = await readText(path);
  } catch (error) {
    const failure = readFailure(path, error);
    throw new ApiError(failure.code, `${failure.message}; a model directory holds model.json and its weights`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the text around the error; only the position is passed on.
    const at = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new ApiError('bad_input', `${path}: not valid JSON${at ? ` (syntax error at character ${at})` : ' (syntax error)'}`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ApiError('bad_input', `${path}: not a LatentRad model manifest (${issues})`);
  }
  const manifest = parsed.data;
  const config: StyleGan2Config = manifest.architecture;
  const problems = validateConfig(config);
  if (problems.length > 0) throw new ApiError('bad_input', `${path}: unsupported architecture: ${problems.join('; ')}`);
  if (manifest.numWs !== numWs(config)) throw new ApiError('bad_input', `${path}: numWs ${manifest.numWs} does not match the architecture (${numWs(config)})`);
  if (manifest.wAvg.length !== config.wDim) throw new ApiError('bad_input', `${path}: wAvg has ${manifest.wAvg.length} values, wDim is ${config.wDim}`);
  return { manifest, config };
}

async function readWeights(dir: string, file: string): Promise<Map<string, StoredTensor>> {
  if (file.includes('/') || file.includes('\\') || file.startsWith('.')) throw new ApiError('bad_input', `${join(dir, manifestFile)}: weights file "${file}" must be a plain file name inside the model directory`);
  const path = join(dir, file);
  const bytes = await readBytes(path);
  try {
    return decodeSafetensors(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)).tensors;
  } catch (error) {
    throw new ApiError('bad_input', `${path}: ${(error as Error).message}`);
  }
}

/** Reads model.json and the generator weights (not yet turned into tfjs variables: that happens in the worker). */
export async function readModelDir(dir: string): Promise<LoadedModelDir> {
  const { manifest, config } = await readManifest(dir);
  const generator = await readWeights(dir, manifest.weights.generator);
  return { dir, manifest, config, generator };
}

export async function readDiscriminatorWeights(dir: string, manifest: ModelManifest): Promise<Map<string, StoredTensor> | null> {
  return manifest.weights.discriminator ? readWeights(dir, manifest.weights.discriminator) : null;
}

/** Writes a model directory; w_avg in model.json is taken from the generator weights so the two never disagree. */
export async function writeModelDir(
  dir: string,
  opts: {
    name: string;
    config: StyleGan2Config;
    generator: ReadonlyMap<string, StoredTensor>;
    discriminator?: ReadonlyMap<string, StoredTensor>;
    provenance: Provenance;
  },
): Promise<ModelManifest> {
  const wAvg = opts.generator.get('mapping.w_avg');
  if (!wAvg) throw new Error('generator weights have no mapping.w_avg');
  await mkdir(dir, { recursive: true });
  const manifest: ModelManifest = {
    format: modelFormat,
    formatVersion: 1,
    name: opts.name,
    architecture: { ...opts.config },
    numWs: numWs(opts.config),
    wAvg: Array.from(wAvg.data),
    weights: { generator: generatorWeightsFile, ...(opts.discriminator ? { discriminator: 'discriminator.safetensors' } : {}) },
    provenance: opts.provenance,
  };
  await writeFile(join(dir, generatorWeightsFile), encodeSafetensors(opts.generator, { format: modelFormat, network: 'G_ema' }));
  if (opts.discriminator) await writeFile(join(dir, 'discriminator.safetensors'), encodeSafetensors(opts.discriminator, { format: modelFormat, network: 'D' }));
  await writeFile(join(dir, manifestFile), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
