// The encoder directory: encoder.safetensors (E's parameters) and encoder.json (architecture, the generator it
// inverts with its hash, and the training provenance: dataset, settings, iterations, losses). User-trained encoders
// live in the data directory beside their model; a shipped one in assets/models/<id>/encoder/.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ApiError } from '../../../src-shared/api/errors.js';
import { reconstructionReportSchema } from '../../../src-shared/api/encoder.js';
import { encoderTrainingSchema } from '../../../src-shared/api/encoderSettings.js';
import { readBytes, readText } from '../../io/readFile.js';
import { decodeSafetensors, encodeSafetensors } from '../safetensors.js';
import type { StoredTensor } from '../safetensors.js';
import { encoderArchitectureSchema, parameterShapes } from './architecture.js';

export const encoderFormat = 'latentrad-encoder';
export const encoderManifestFile = 'encoder.json';
export const encoderWeightsFile = 'encoder.safetensors';

export const encoderManifestSchema = z.object({
  format: z.literal(encoderFormat),
  formatVersion: z.literal(1),
  name: z.string().min(1),
  architecture: encoderArchitectureSchema,
  weights: z.literal(encoderWeightsFile),
  generator: z.object({ id: z.string(), name: z.string(), sha256: z.string() }),
  training: z.object({
    dataset: z.string(),
    images: z.number().int(),
    settings: encoderTrainingSchema,
    iterations: z.number().int(),
    elapsedSeconds: z.number(),
    backend: z.string(),
    /** Mean weighted losses over the last logged iterations. */
    finalLosses: z.record(z.string(), z.number()),
    /** The encoder this training started from (warm start), when it did not start from random weights. */
    initFrom: z.string().optional(),
  }),
  /** The training job's held-out reconstruction report (absent when the encoder was trained without one). */
  report: reconstructionReportSchema.optional(),
  software: z.string(),
  created: z.string(),
});
export type EncoderManifest = z.infer<typeof encoderManifestSchema>;

/** SHA-256 of a generator's weights file: what an encoder is tied to. */
export async function fileSha256(path: string): Promise<string> {
  return createHash('sha256').update(await readBytes(path, 4 * 1024 ** 3)).digest('hex');
}

export async function writeEncoderDir(dir: string, manifest: EncoderManifest, params: ReadonlyMap<string, StoredTensor>): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, encoderWeightsFile), encodeSafetensors(params, { format: encoderFormat }));
  await writeFile(join(dir, encoderManifestFile), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Reads and checks an encoder directory: manifest schema, every parameter present with its shape. */
export async function readEncoderDir(dir: string): Promise<{ manifest: EncoderManifest; params: Map<string, StoredTensor> }> {
  const path = join(dir, encoderManifestFile);
  let json: unknown;
  try {
    json = JSON.parse(await readText(path));
  } catch (error) {
    throw new ApiError('bad_input', `${path}: not a readable encoder manifest (${(error as Error).message})`);
  }
  const parsed = encoderManifestSchema.safeParse(json);
  if (!parsed.success) throw new ApiError('bad_input', `${path}: not a LatentRad encoder manifest (${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')})`);
  const manifest = parsed.data;
  const weightsPath = join(dir, encoderWeightsFile);
  let params: Map<string, StoredTensor>;
  try {
    const bytes = await readBytes(weightsPath);
    params = decodeSafetensors(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)).tensors;
  } catch (error) {
    throw new ApiError('bad_input', `${weightsPath}: ${(error as Error).message}`);
  }
  for (const [name, shape] of parameterShapes(manifest.architecture)) {
    const p = params.get(name);
    if (!p || p.shape.join() !== shape.join()) throw new ApiError('bad_input', `${weightsPath}: parameter ${name} is missing or not shaped [${shape.join(', ')}]`);
  }
  return { manifest, params };
}
