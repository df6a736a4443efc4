// The projection capability's service: plans a projection into a result folder (inputs prepared and checked up
// front, so bad input fails the call rather than the job), and `projectItems`, the cohort entry point other
// capabilities call to get codes for catalog items (cached projections reused, the rest projected now).
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FidelityInput, ProjectionSource } from '../../src-shared/api/projection.js';
import type { InversionMethod, ProjectionSettings } from '../../src-shared/api/projectionSettings.js';
import { distanceName, learningRateOf } from '../../src-shared/api/projectionSettings.js';
import type { ModelSummary } from '../../src-shared/api/models.js';
import { toFloat32 } from '../../src-shared/io/npy.js';
import type { AppContext } from '../base/context.js';
import { appVersion } from '../base/paths.js';
import { catalogOf } from '../catalog/service.js';
import { readNpy, writeNpy } from '../io/npyFile.js';
import { findEncoder } from '../ml/encoder/registry.js';
import { noiseLayerNames } from '../ml/projection/noiseNames.js';
import { readManifest } from '../ml/stylegan2/modelDir.js';
import { findUserModel } from '../models/registry.js';
import { checkUserPath } from '../security/userPaths.js';
import { createResult, resultDir } from '../results/store.js';
import { findCached, inversionKey, recordProjections } from './cache.js';
import type { PlanEncoder } from './cache.js';
import { expandForFidelity } from './fidelityPlan.js';
import { loadTargets } from './inputs.js';
import type { TargetRow, Targets } from './inputs.js';
import { runProjection } from './run.js';
import type { ProjectionHooks, ProjectionPlan } from './run.js';

export const projectMethod = 'project';

/** The request a plan is made from (ProjectInput after defaults). */
export interface PlanRequest {
  model: string;
  source: ProjectionSource;
  settings: ProjectionSettings;
  preset?: string;
}

type StoredPlan = Omit<ProjectionPlan, 'targets' | 'dir'>;

async function modelHash(model: ModelSummary, weightsFile: string): Promise<string> {
  return createHash('sha256').update(await readFile(join(model.dir, weightsFile))).digest('hex');
}

/**
 * The settings and encoder of an inversion method: `project` as given; the encoder methods take one of the model's
 * encoders (not_found names the ones it has), its space and the model's constant noise (the noise it was trained
 * with), and `encode+refine` the given steps for the projector started from the encoder's codes.
 */
export function resolveInversion(ctx: AppContext, model: ModelSummary, method: InversionMethod, settings: ProjectionSettings, encoderName?: string): { settings: ProjectionSettings; encoder?: PlanEncoder } {
  if (method === 'project') return { settings };
  const found = findEncoder(ctx.dataDir, model, encoderName);
  const { name, created, space } = found.summary;
  return { settings: { ...settings, space, noise: 'const' }, encoder: { dir: found.dir, name, created, refine: method === 'encode+refine' ? settings.steps : 0 } };
}

/** Builds the plan for `targets` in `dir` and stores it (plan.json + targets.npy) so a job can run or resume it. */
export async function storePlan(dir: string, model: ModelSummary, settings: ProjectionSettings, targets: Targets, method: string, extra: Record<string, unknown> = {}, encoder?: PlanEncoder): Promise<ProjectionPlan> {
  const { manifest, config } = await readManifest(model.dir);
  const meta = {
    model: { id: model.id, name: model.name, generatorSha256: await modelHash(model, manifest.weights.generator), location: model.location },
    method,
    space: settings.space,
    settings: { steps: settings.steps, distance: distanceName(settings.distance), distanceWeights: settings.distance, noise: settings.noise, seed: settings.seed, batch: settings.batch, learningRate: learningRateOf(settings), schedule: 'NVlabs projector.py' },
    preprocessing: targets.preparation.preprocessing ?? null,
    preparation: targets.preparation.source,
    software: `LatentRad ${appVersion()}`,
    created: new Date().toISOString(),
    synthetic: true,
    ...(encoder ? { encoder: { name: encoder.name, created: encoder.created }, refine: encoder.refine } : {}),
    ...extra,
  };
  const plan: ProjectionPlan = {
    dir,
    modelDir: model.dir,
    numWs: model.numWs,
    wDim: model.wDim,
    channels: model.imgChannels,
    resolution: model.resolution,
    settings,
    targets: targets.data,
    count: targets.count,
    rows: targets.rows,
    noiseNames: noiseLayerNames({ config }).map((n) => `${n}.noise_const`),
    meta,
    ...(encoder ? { encoder } : {}),
  };
  const { targets: data, dir: _dir, ...stored } = plan;
  await writeFile(join(dir, 'plan.json'), `${JSON.stringify(stored, null, 1)}\n`);
  await writeNpy(join(dir, 'targets.npy'), data, [targets.count, model.imgChannels, model.resolution, model.resolution], 'float32');
  return plan;
}

export async function readPlan(dir: string): Promise<ProjectionPlan> {
  const stored = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8')) as StoredPlan;
  return { ...stored, dir, targets: toFloat32(await readNpy(join(dir, 'targets.npy'))) };
}

/** A new projection result with its plan: inputs prepared and checked now. */
export async function planProjection(ctx: AppContext, request: PlanRequest, kind: 'projection' | 'fidelity' = 'projection'): Promise<{ id: string; plan: ProjectionPlan; model: ModelSummary }> {
  const model = await findUserModel(ctx, request.model);
  const { manifest } = await readManifest(model.dir);
  const targets = await loadTargets(ctx, request.source, model, manifest.provenance.preprocessing, request.preset);
  const { info, dir } = createResult(ctx.dataDir, kind, { synthetic: true, meta: { model: model.id, source: request.source, settings: request.settings } });
  const plan = await storePlan(dir, model, request.settings, targets, projectMethod);
  return { id: info.id, plan, model };
}

/** A new fidelity result: the images with their perturbed (and lesioned) copies, each image's copies in one batch. */
export async function planFidelity(ctx: AppContext, request: FidelityInput): Promise<{ id: string; plan: ProjectionPlan; model: ModelSummary; images: number }> {
  for (const p of request.perturbations) if (p.kind === 'inpaint' && p.mask) checkUserPath(ctx, p.mask, 'inpaint mask');
  if (request.lesion?.kind === 'mask') checkUserPath(ctx, request.lesion.path, 'lesion mask');
  const model = await findUserModel(ctx, request.model);
  const { manifest } = await readManifest(model.dir);
  const loaded = await loadTargets(ctx, request.source, model, manifest.provenance.preprocessing, request.preset);
  const inversion = resolveInversion(ctx, model, request.method, request.settings, request.encoder);
  const { targets, layout } = await expandForFidelity(loaded, model.resolution, request.perturbations, request.lesion, request.settings.seed);
  const group = layout.groups[0].copies.length;
  const settings = { ...inversion.settings, batch: Math.max(group, Math.floor(request.settings.batch / group) * group) };
  const { info, dir } = createResult(ctx.dataDir, 'fidelity', { synthetic: true, meta: { model: model.id, source: request.source, method: request.method, settings, perturbations: request.perturbations, lesion: request.lesion ?? null } });
  const plan = await storePlan(dir, model, settings, targets, request.method, { fidelity: layout }, inversion.encoder);
  return { id: info.id, plan, model, images: loaded.count };
}

/** Records the rows of a finished projection of catalog items in the cache. */
export function cacheRows(ctx: AppContext, plan: ProjectionPlan, modelId: string, resultId: string, metrics: Array<{ ssim: number; mse: number }>): void {
  const entries = plan.rows.map((row, index) => ({ row, index, ...metrics[index] })).filter((e) => e.row.entity !== 'file');
  const { method, hash } = inversionKey(plan.settings, plan.encoder);
  if (entries.length > 0) recordProjections(catalogOf(ctx).db, entries, modelId, method, hash, resultId);
}

export interface ProjectedItem extends TargetRow {
  result: string;
  row: number;
  ssim: number | null;
  mse: number | null;
}

/**
 * Codes for catalog items (one slice or a slice range each): cached projections with the same model and settings are
 * reused, the others are projected now (in the projection worker) and cached. `latents` is N × numWs × wDim in the
 * order of `items`. The signature is kept stable for the capabilities that build cohorts on it.
 */
export async function projectItems(
  ctx: AppContext,
  request: { model: string; items: Extract<ProjectionSource, { kind: 'items' }>['items']; settings: ProjectionSettings; preset?: string; method?: InversionMethod; encoder?: string },
  hooks: ProjectionHooks = {},
): Promise<{ model: string; numWs: number; wDim: number; space?: ProjectionSettings['space']; latents: Float32Array; items: ProjectedItem[] }> {
  const model = await findUserModel(ctx, request.model);
  const { manifest } = await readManifest(model.dir);
  const targets = await loadTargets(ctx, { kind: 'items', items: request.items }, model, manifest.provenance.preprocessing, request.preset);
  const db = catalogOf(ctx).db;
  const method = request.method ?? 'project';
  const inversion = resolveInversion(ctx, model, method, request.settings, request.encoder);
  const key = inversionKey(inversion.settings, inversion.encoder);
  const cached = targets.rows.map((row) => findCached(db, row, model.id, key.method, key.hash));
  const missing = cached.flatMap((c, i) => (c === null ? [i] : []));
  if (missing.length > 0) {
    const per = model.imgChannels * model.resolution * model.resolution;
    const subset: Targets = {
      data: Float32Array.from(missing.flatMap((i) => Array.from(targets.data.subarray(i * per, (i + 1) * per)))),
      count: missing.length,
      rows: missing.map((i) => targets.rows[i]),
      preparation: targets.preparation,
    };
    const { info, dir } = createResult(ctx.dataDir, 'projection', { synthetic: true, meta: { model: model.id, items: subset.rows.map((r) => r.item), method, settings: inversion.settings } });
    const plan = await storePlan(dir, model, inversion.settings, subset, method, {}, inversion.encoder);
    const outcome = await runProjection(plan, hooks);
    if (outcome.state !== 'done') throw new Error(`projection ${outcome.state}`);
    cacheRows(ctx, plan, model.id, info.id, outcome.metrics);
    missing.forEach((i, k) => (cached[i] = { resultId: info.id, row: k, ssim: outcome.metrics[k].ssim, mse: outcome.metrics[k].mse }));
  }
  const rowLength = model.numWs * model.wDim;
  const latents = new Float32Array(targets.count * rowLength);
  const sets = new Map<string, Float32Array>();
  for (const [i, hit] of cached.entries()) {
    const c = hit!;
    let set = sets.get(c.resultId);
    if (!set) {
      set = toFloat32(await readNpy(join(resultDir(ctx.dataDir, c.resultId), 'latents.npy')));
      sets.set(c.resultId, set);
    }
    latents.set(set.subarray(c.row * rowLength, (c.row + 1) * rowLength), i * rowLength);
  }
  return { model: model.id, numWs: model.numWs, wDim: model.wDim, space: inversion.settings.space, latents, items: targets.rows.map((r, i) => ({ ...r, result: cached[i]!.resultId, row: cached[i]!.row, ssim: cached[i]!.ssim, mse: cached[i]!.mse })) };
}
