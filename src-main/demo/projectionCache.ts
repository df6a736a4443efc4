// The demo patient's projection shipped with the demo study (assets/demo/cached-projection): the latent set of an
// earlier fidelity job of LatentRad itself on the same inputs, entered into the data directory's projection cache
// before the demo's fidelity job runs, so that job reuses it (./../projection/reuse.ts) instead of projecting again.
// The job still prepares the inputs, checks the cache key (same pixels, model, settings) and writes its own report.
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { projectionSettingsSchema } from '../../src-shared/api/projectionSettings.js';
import { toFloat32 } from '../../src-shared/io/npy.js';
import type { AppContext } from '../base/context.js';
import { catalogOf } from '../catalog/service.js';
import { readNpy } from '../io/npyFile.js';
import { checkModelDir, findModel } from '../models/registry.js';
import { recordProjections, settingsHash } from '../projection/cache.js';
import { rowMetrics } from '../projection/latentSet.js';
import { pixelCacheRow } from '../projection/reuse.js';
import { projectMethod } from '../projection/service.js';
import { createResult, resultDir } from '../results/store.js';

/** Folder of the shipped projection inside the demo study. */
export const cachedProjectionDir = 'cached-projection';

/** cache.json: what the shipped latent set is and how it was made. */
export const cachedProjectionSchema = z.object({
  model: z.object({ id: z.string(), generatorSha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  /** The fidelity plan's settings exactly (batch included: it is part of the cache key). */
  settings: projectionSettingsSchema,
  made: z.object({ created: z.string(), command: z.string(), software: z.string(), fidelityResult: z.string(), seconds: z.number() }),
});
export type CachedProjectionInfo = z.infer<typeof cachedProjectionSchema>;

const files = ['latents.npy', 'projections.npy', 'targets.npy', 'index.csv', 'meta.json', 'projected_w'] as const;

export function readCachedProjection(studyDir: string): { dir: string; info: CachedProjectionInfo } | null {
  const dir = join(studyDir, cachedProjectionDir);
  if (!existsSync(join(dir, 'cache.json'))) return null;
  return { dir, info: cachedProjectionSchema.parse(JSON.parse(readFileSync(join(dir, 'cache.json'), 'utf8'))) };
}

/** Why a shipped projection cannot serve a request (null: it can). */
export async function cachedProjectionMismatch(ctx: AppContext, info: CachedProjectionInfo, model: string, steps: number): Promise<string | null> {
  if (info.settings.steps !== steps) return `it was made with ${info.settings.steps} steps, this run asks for ${steps}`;
  const summary = await findModel(ctx.dataDir, model);
  if (summary.id !== info.model.id) return `it was made with model ${info.model.id}, this run uses ${summary.id}`;
  const { generatorSha256: sha } = await checkModelDir(summary.dir);
  if (sha !== info.model.generatorSha256) return `the installed ${summary.id} has other weights (generator ${sha.slice(0, 12)}…, the projection was made with ${info.model.generatorSha256.slice(0, 12)}…)`;
  return null;
}

/**
 * Copies the shipped latent set into a new result (kind projection, synthetic) and records its rows in the projection
 * cache under their pixel hashes, as the fidelity job that made it did; returns the new result's id.
 */
export async function seedCachedProjection(ctx: AppContext, shipped: { dir: string; info: CachedProjectionInfo }): Promise<string> {
  const { info: result, dir } = createResult(ctx.dataDir, 'projection', { synthetic: true, meta: { model: shipped.info.model.id, source: 'the projection shipped with the demo study', settings: shipped.info.settings, made: shipped.info.made } });
  for (const f of files) cpSync(join(shipped.dir, f), join(dir, f), { recursive: true });
  const targetsNpy = await readNpy(join(dir, 'targets.npy'));
  const [count, channels, resolution] = [targetsNpy.shape[0], targetsNpy.shape[1], targetsNpy.shape[2]];
  const targets = toFloat32(targetsNpy);
  const images = toFloat32(await readNpy(join(dir, 'projections.npy')));
  const metrics = rowMetrics({ count, channels, resolution, images, targets });
  const per = channels * resolution * resolution;
  const entries = metrics.map((m, i) => ({ row: pixelCacheRow(targets, per, i), index: i, ...m }));
  recordProjections(catalogOf(ctx).db, entries, shipped.info.model.id, projectMethod, settingsHash(shipped.info.settings), result.id);
  return result.id;
}

/** True when result `a`'s codes equal result `b`'s bit for bit (the fidelity job reused the seeded projection). */
export function sameLatents(dataDir: string, a: string, b: string): boolean {
  const read = (id: string): Buffer => readFileSync(join(resultDir(dataDir, id), 'latents.npy'));
  return read(a).equals(read(b));
}
