// The catalog's projection cache: which latent-set row holds the projection of (item, slice, model, method,
// settings), so the fidelity panel and cohort directions reuse a projection instead of recomputing it.
import { createHash } from 'node:crypto';
import type { ProjectionSettings } from '../../src-shared/api/projectionSettings.js';
import { learningRateOf } from '../../src-shared/api/projectionSettings.js';
import type { Db } from '../db/database.js';
import type { TargetRow } from './inputs.js';

export interface CachedProjection {
  resultId: string;
  row: number;
  ssim: number | null;
  mse: number | null;
}

/** The settings that change a projection's result, hashed (the learning rate resolved, so a new default is a new key). */
export function settingsHash(settings: ProjectionSettings): string {
  const key = { space: settings.space, noise: settings.noise, steps: settings.steps, seed: settings.seed, batch: settings.batch, learningRate: learningRateOf(settings), distance: settings.distance };
  return createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 16);
}

/** The encoder a plan's codes come from (encoder methods), as stored in plan.json. */
export interface PlanEncoder {
  dir: string;
  name: string;
  created: string;
  /** Projector steps from the encoder's codes (0: one pass). */
  refine: number;
}

/** Cache method and key of a plan: the projection settings, and for an encoder method the encoder and its steps. */
export function inversionKey(settings: ProjectionSettings, encoder?: PlanEncoder): { method: string; hash: string } {
  if (!encoder) return { method: 'project', hash: settingsHash(settings) };
  const key = JSON.stringify({ settings: settingsHash(settings), encoder: encoder.name, created: encoder.created, refine: encoder.refine });
  return { method: encoder.refine > 0 ? 'encode+refine' : 'encode', hash: createHash('sha256').update(key).digest('hex').slice(0, 16) };
}

export const sliceKey = (row: Pick<TargetRow, 'axis' | 'slice'>): string => (row.slice === null ? '' : `${row.axis}:${row.slice}`);

export function findCached(db: Db, row: TargetRow, model: string, method: string, hash: string): CachedProjection | null {
  const hit = db
    .prepare<[string, string, string, string, string], CachedProjection>(
      'SELECT result_id AS resultId, row, ssim, mse FROM projections WHERE item = ? AND slice = ? AND model = ? AND method = ? AND settings_hash = ?',
    )
    .get(row.item, sliceKey(row), model, method, hash);
  return hit ?? null;
}

export function recordProjections(db: Db, entries: Array<{ row: TargetRow; index: number; ssim: number; mse: number }>, model: string, method: string, hash: string, resultId: string): void {
  const insert = db.prepare(
    'INSERT OR REPLACE INTO projections (item, slice, model, method, settings_hash, result_id, row, ssim, mse, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const now = new Date().toISOString();
  db.transaction(() => {
    for (const e of entries) insert.run(e.row.item, sliceKey(e.row), model, method, hash, resultId, e.index, e.ssim, e.mse, now);
  })();
}
