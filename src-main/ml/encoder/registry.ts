// Where encoders live and which belong to a model (engine-level, so projection, direction and the encoder
// capability all find encoders without depending on each other): a shipped one in <model dir>/encoder/, user-trained ones in
// <data dir>/encoders/<name>/ (their training runs in <data dir>/encoder-runs/<name>/), each tied to its generator
// by the model id recorded in encoder.json (encoding checks the generator's weights hash as well).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../../src-shared/api/errors.js';
import type { EncoderSummary } from '../../../src-shared/api/encoder.js';
import { encoderManifestFile, encoderManifestSchema } from './encoderDir.js';
import type { EncoderManifest } from './encoderDir.js';

export const encodersDir = (dataDir: string): string => join(dataDir, 'encoders');
export const encoderRunDir = (dataDir: string, name: string): string => join(dataDir, 'encoder-runs', name);
/** A shipped encoder's folder inside its model directory. */
export const shippedEncoderDir = (modelDir: string): string => join(modelDir, 'encoder');

export interface FoundEncoder {
  dir: string;
  summary: EncoderSummary;
}

/** The manifest of an encoder folder, or null when there is none or it is unreadable (listing must not fail on one). */
function manifestOf(dir: string): EncoderManifest | null {
  const path = join(dir, encoderManifestFile);
  if (!existsSync(path)) return null;
  try {
    const parsed = encoderManifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function summarise(m: EncoderManifest, location: EncoderSummary['location']): EncoderSummary {
  return { name: m.name, location, space: m.architecture.space, dataset: m.training.dataset, iterations: m.training.iterations, initFrom: m.training.initFrom ?? null, created: m.created, finalLosses: m.training.finalLosses, report: m.report ?? null };
}

/** User-trained encoders in the data directory, with their manifests (read once per listing). */
export function dataEncoders(dataDir: string): Array<{ dir: string; manifest: EncoderManifest }> {
  const root = encodersDir(dataDir);
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .flatMap((e) => {
      const manifest = manifestOf(join(root, e.name));
      return manifest ? [{ dir: join(root, e.name), manifest }] : [];
    });
}

/** The encoders of a model: the shipped one first, then the user's, newest first. */
export function modelEncoders(model: { id: string; dir: string; location: 'data' | 'embedded' }, data: Array<{ dir: string; manifest: EncoderManifest }>): FoundEncoder[] {
  const out: FoundEncoder[] = [];
  const shipped = manifestOf(shippedEncoderDir(model.dir));
  if (shipped) out.push({ dir: shippedEncoderDir(model.dir), summary: summarise(shipped, model.location === 'embedded' ? 'embedded' : 'data') });
  const own = data.filter((e) => e.manifest.generator.id === model.id).sort((a, b) => b.manifest.created.localeCompare(a.manifest.created));
  for (const e of own) out.push({ dir: e.dir, summary: summarise(e.manifest, 'data') });
  return out;
}

/** One of a model's encoders by name, or its default (the first listed); not_found says what exists. */
export function findEncoder(dataDir: string, model: { id: string; name: string; dir: string; location: 'data' | 'embedded' }, name?: string): FoundEncoder {
  const all = modelEncoders(model, dataEncoders(dataDir));
  if (all.length === 0) throw new ApiError('not_found', `model ${model.name} has no encoder; train one (latentrad encoder train --model ${model.id} --dataset NAME --out NAME)`);
  if (name === undefined) return all[0];
  const hit = all.find((e) => e.summary.name === name);
  if (!hit) throw new ApiError('not_found', `model ${model.name} has no encoder "${name}" (it has: ${all.map((e) => e.summary.name).join(', ')})`);
  return hit;
}
