// Cohorts: a catalog selection split into two groups by filter terms, codes for every member from the projection
// capability (cached per item, slice, model and settings), written as a latent set with labels.npy (0 = group a).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MethodParams } from '../../src-shared/api/contract.js';
import type { CohortBuilt, CohortOutput } from '../../src-shared/api/direction.js';
import { ApiError } from '../../src-shared/api/errors.js';
import type { ImageRow, VolumeRow } from '../../src-shared/api/catalog.js';
import { equalityWhere, matchesTerms, parseTerm } from '../../src-shared/catalog/terms.js';
import type { Term } from '../../src-shared/catalog/terms.js';
import type { AppContext } from '../base/context.js';
import { listImages, listVolumes } from '../catalog/queries.js';
import { catalogOf } from '../catalog/service.js';
import { voxelAxesOf } from '../datasets/volume.js';
import { readNpy, writeNpy } from '../io/npyFile.js';
import { toFloat32 } from '../../src-shared/io/npy.js';
import { acquisitionColumns, acquisitionOf, varyingColumns } from './acquisition.js';
import { projectItems } from '../projection/service.js';
import { toCsv } from '../projection/latentSet.js';
import { subjectOf } from '../projection/inputs.js';
import { listResults, resultFile } from '../results/store.js';
import type { ProjectionHooks } from '../projection/run.js';

type CohortParams = MethodParams<'direction.cohort'>;
export type ProjectItems = typeof projectItems;

interface Member {
  row: VolumeRow | ImageRow;
  group: 0 | 1;
}

function terms(list: readonly string[], what: string): Term[] {
  try {
    return list.map(parseTerm);
  } catch (error) {
    throw new ApiError('bad_input', `${what}: ${(error as Error).message}`);
  }
}

/** Every catalog entry of the common selection, in one of the two groups (an entry in both is an error). */
export function cohortMembers(ctx: AppContext, params: CohortParams): Member[] {
  const common = terms(params.where, 'where');
  const groups = [terms(params.groupA, 'group a'), terms(params.groupB, 'group b')];
  const db = catalogOf(ctx).db;
  const list = params.entities === 'volumes' ? listVolumes : listImages;
  const rows: Array<VolumeRow | ImageRow> = [];
  for (let offset = 0; ; offset += 1000) {
    const page = list(db, { where: equalityWhere(common), limit: 1000, offset });
    rows.push(...page.rows);
    if (rows.length >= page.total || page.rows.length === 0) break;
  }
  const members: Member[] = [];
  for (const row of rows) {
    const values = { ...row.labels, path: row.path, id: row.id };
    if (!matchesTerms(values, common)) continue;
    const inA = matchesTerms(values, groups[0]);
    const inB = matchesTerms(values, groups[1]);
    if (inA && inB) throw new ApiError('bad_input', `${row.id} (${row.path}) is in both groups (${params.groupA.join(' ')} and ${params.groupB.join(' ')}); make them disjoint`);
    if (inA || inB) members.push({ row, group: inA ? 0 : 1 });
  }
  return members;
}

/** The slices of a volume member: the middle one (the projection's default), or every `step`-th of a range. */
function slicesOf(row: VolumeRow | ImageRow, params: CohortParams): Array<number | undefined> {
  if (!('affine' in row) || !params.sliceRange) return [undefined];
  const a = row.affine;
  const axes = voxelAxesOf([a.slice(0, 4), a.slice(4, 8), a.slice(8, 12), a.slice(12, 16)]);
  const count = row.dims[axes[params.axis].axis];
  const [lo, hi] = [Math.min(...params.sliceRange), Math.max(...params.sliceRange)];
  const first = Math.floor(lo * (count - 1));
  const last = Math.ceil(hi * (count - 1));
  const out: number[] = [];
  for (let k = first; k <= last; k += params.step) out.push(k);
  return out;
}

type GroupCounts = CohortOutput['groups'];

/** The sizes of both groups (items, subjects, codes): shown before anything runs; an empty group is an error. */
export function cohortCounts(ctx: AppContext, params: CohortParams): { members: Member[]; groups: GroupCounts } {
  const members = cohortMembers(ctx, params);
  const groups = [0, 1].map((g) => {
    const inGroup = members.filter((m) => m.group === g);
    const codes = inGroup.reduce((n, m) => n + slicesOf(m.row, params).length, 0);
    return { name: g === 0 ? 'a' : 'b', terms: g === 0 ? params.groupA : params.groupB, items: inGroup.length, subjects: new Set(inGroup.map((m) => subjectOf(m.row.path))).size, codes };
  }) as GroupCounts;
  for (const g of groups) if (g.items === 0) throw new ApiError('bad_input', `group ${g.name} (${g.terms.join(' ')}) has no members in the selection ${params.where.join(' ') || '(whole catalog)'}`);
  return { members, groups };
}

/**
 * Codes for every member (cached ones reused, the rest projected with `hooks` reporting progress and polling for a
 * pause/cancel) written into the result folder `dir` as a latent set with labels.npy (0 = group a, 1 = group b).
 */
export async function buildCohort(ctx: AppContext, params: CohortParams, dir: string, project: ProjectItems = projectItems, hooks: ProjectionHooks = {}): Promise<Omit<CohortBuilt, 'result'>> {
  const { members, groups: counts } = cohortCounts(ctx, params);
  const requests = members.flatMap((m) => slicesOf(m.row, params).map((slice) => ({ member: m, item: { item: m.row.id, ...(params.entities === 'volumes' ? { axis: params.axis } : {}), ...(slice === undefined ? {} : { slice }) } })));
  // Codes whose projection result existed before this call came from the cache.
  const before = new Set(listResults(ctx.dataDir, 'projection').map((r) => r.id));
  const coded = await project(ctx, { model: params.model, items: requests.map((r) => r.item), settings: params.settings, method: params.method, ...(params.encoder ? { encoder: params.encoder } : {}) }, hooks);
  if (coded.items.length !== requests.length) throw new ApiError('internal', `projection returned ${coded.items.length} codes for ${requests.length} requests`);
  const labelKeys = [...new Set(members.flatMap((m) => Object.keys(m.row.labels)))].sort();
  const images = await projectedImages(ctx, coded.items);
  // projection/projection_row name the projection result and row holding the exact image the code was fitted to
  // (targets.npy), so a viewer shows the original exactly as it was projected (slice, orientation, scale).
  const header = ['row', 'item', 'entity', 'axis', 'slice', 'subject', 'group', ...labelKeys, ...acquisitionColumns, 'ssim', 'mse', 'projection', 'projection_row'];
  const rows = coded.items.map((it, i) => {
    const m = requests[i].member;
    const fmt = (v: number | null): string => (v === null ? '' : String(v));
    return [String(i), it.item, it.entity, it.axis, it.slice === null ? '' : String(it.slice), it.subject, String(m.group), ...labelKeys.map((k) => m.row.labels[k] ?? ''), ...Object.values(acquisitionOf(m.row, params.axis, images[i])), fmt(it.ssim), fmt(it.mse), it.result, String(it.row)];
  });
  await writeNpy(join(dir, 'latents.npy'), coded.latents, [coded.items.length, coded.numWs, coded.wDim]);
  await writeNpy(join(dir, 'labels.npy'), Int32Array.from(requests, (r) => r.member.group), [requests.length]);
  writeFileSync(join(dir, 'index.csv'), toCsv([header, ...rows]));
  const reused = coded.items.filter((it) => before.has(it.result)).length;
  writeFileSync(
    join(dir, 'meta.json'),
    `${JSON.stringify({ model: coded.model, method: params.method, ...(params.encoder ? { encoder: params.encoder } : {}), space: coded.space ?? params.settings.space, settings: params.settings, cohort: { where: params.where, groupA: params.groupA, groupB: params.groupB, entities: params.entities, axis: params.axis, sliceRange: params.sliceRange ?? 'middle', step: params.step }, groups: counts, codesFrom: [...new Set(coded.items.map((it) => it.result))], created: new Date().toISOString() }, null, 1)}\n`,
  );
  const confounders = varyingColumns([...labelKeys, ...acquisitionColumns], (name) => rows.map((r) => r[header.indexOf(name)]));
  return { groups: counts, reused, projected: coded.items.length - reused, confounders };
}

/** The image each code was fitted to: row `row` of its projection result's targets.npy. */
async function projectedImages(ctx: AppContext, items: ReadonlyArray<{ result: string; row: number }>): Promise<Float32Array[]> {
  const stacks = new Map<string, { data: Float32Array; per: number }>();
  const out: Float32Array[] = [];
  for (const it of items) {
    let stack = stacks.get(it.result);
    if (!stack) {
      const array = await readNpy(resultFile(ctx.dataDir, it.result, 'targets.npy'));
      stack = { data: toFloat32(array), per: array.shape.slice(1).reduce((a, b) => a * b, 1) };
      stacks.set(it.result, stack);
    }
    out.push(stack.data.subarray(it.row * stack.per, (it.row + 1) * stack.per));
  }
  return out;
}
