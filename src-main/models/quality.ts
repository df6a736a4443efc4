// Reads a model's quality.json (its curve of SWD and held-out SSIM over kimg); a damaged file is an error naming it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../src-shared/api/errors.js';
import { qualityFileName, qualityFileSchema } from '../../src-shared/api/modelQuality.js';
import type { QualityFile } from '../../src-shared/api/modelQuality.js';
import { readText } from '../io/readFile.js';

/** The quality file of a model directory, or null when the model has none. */
export async function readQualityFile(modelDir: string): Promise<QualityFile | null> {
  const path = join(modelDir, qualityFileName);
  if (!existsSync(path)) return null;
  let json: unknown;
  try {
    json = JSON.parse(await readText(path));
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError('bad_input', `${path}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = qualityFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError('bad_input', `${path}: not a LatentRad quality file (${issue.path.join('.') || 'top level'}: ${issue.message})`);
  }
  return parsed.data;
}
