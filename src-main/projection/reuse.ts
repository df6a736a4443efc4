// Reuse of finished projections inside projection and fidelity jobs: every projected row is recorded in the
// catalog's projection cache under the hash of its target pixels (plus model, method and settings, batch included,
// and its chunk position, so a reused chunk is exactly what the run would compute), and before a job projects a
// chunk whose every row is recorded, the chunk is written from the earlier result and the worker skips it.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toFloat32 } from '../../src-shared/io/npy.js';
import type { AppContext } from '../base/context.js';
import { catalogOf } from '../catalog/service.js';
import { writeFileAtomic } from '../io/atomicWrite.js';
import { readNpy } from '../io/npyFile.js';
import { decodeNpz } from '../ml/npz.js';
import { encodeNpz } from '../ml/npzWrite.js';
import { resultDir } from '../results/store.js';
import { findCached, inversionKey, recordProjections } from './cache.js';
import type { ProjectionPlan } from './run.js';
import { chunkFile, doneChunks } from './run.js';

/** The cache key of row `i` of `targets` (rows of `per` values): its pixels and its place in its chunk (the chunk's random stream). */
export function pixelCacheRow(targets: Float32Array, per: number, i: number): { item: string; entity: string; axis: string; slice: number; subject: string } {
  const pixels = targets.subarray(i * per, (i + 1) * per);
  const hash = createHash('sha256').update(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength)).digest('hex');
  return { item: `pixels:${hash}`, entity: 'pixels', axis: 'chunk', slice: i, subject: '' };
}

const contentRow = (plan: ProjectionPlan, i: number): ReturnType<typeof pixelCacheRow> => pixelCacheRow(plan.targets, plan.channels * plan.resolution * plan.resolution, i);

const modelOf = (plan: ProjectionPlan): string => (plan.meta.model as { id: string }).id;

/** Records every row of a finished plan under its pixel hash. */
export function recordRows(ctx: AppContext, plan: ProjectionPlan, resultId: string, metrics: Array<{ ssim: number; mse: number }>): void {
  const entries = plan.rows.map((_, i) => ({ row: contentRow(plan, i), index: i, ...metrics[i] }));
  const { method, hash } = inversionKey(plan.settings, plan.encoder);
  recordProjections(catalogOf(ctx).db, entries, modelOf(plan), method, hash, resultId);
}

/**
 * Writes chunks/<k>.npz for every unfinished chunk whose rows were all projected before (same pixels, model,
 * settings and chunk position, result folder still present); returns how many rows were reused.
 */
export async function reuseCachedChunks(ctx: AppContext, plan: ProjectionPlan): Promise<number> {
  // Encoder methods encode every row in one pass (cheap); their rows are recorded but not reused chunk by chunk.
  if (plan.encoder) return 0;
  const db = catalogOf(ctx).db;
  const { method, hash } = inversionKey(plan.settings, plan.encoder);
  const { batch } = plan.settings;
  const done = new Set(doneChunks(plan.dir));
  let reused = 0;
  for (let k = 0, start = 0; start < plan.count; k++, start += batch) {
    const n = Math.min(batch, plan.count - start);
    if (done.has(k)) continue;
    const hits = Array.from({ length: n }, (_, j) => findCached(db, contentRow(plan, start + j), modelOf(plan), method, hash));
    if (hits.some((h) => h === null || h.resultId === '' || !existsSync(join(resultDir(ctx.dataDir, h.resultId), 'latents.npy')))) continue;
    const ws: Float32Array[] = [];
    const images: Float32Array[] = [];
    const noise: Float32Array[][] = plan.noiseNames.map(() => []);
    for (const hit of hits) {
      const dir = resultDir(ctx.dataDir, hit!.resultId);
      const wLen = plan.numWs * plan.wDim;
      const per = plan.channels * plan.resolution * plan.resolution;
      ws.push(toFloat32(await readNpy(join(dir, 'latents.npy'))).slice(hit!.row * wLen, (hit!.row + 1) * wLen));
      images.push(toFloat32(await readNpy(join(dir, 'projections.npy'))).slice(hit!.row * per, (hit!.row + 1) * per));
      if (plan.settings.noise === 'optimise') {
        const path = join(dir, 'projected_w', `${String(hit!.row).padStart(4, '0')}.npz`);
        const arrays = decodeNpz(new Uint8Array(await readFile(path)), path);
        plan.noiseNames.forEach((name, layer) => noise[layer].push(toFloat32(arrays.get(`noise_${name}`)!)));
      }
    }
    const join32 = (parts: Float32Array[]): Float32Array => {
      const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
      parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
      return out;
    };
    const arrays = [
      { name: 'ws', data: join32(ws), shape: [n * plan.numWs * plan.wDim] },
      { name: 'images', data: join32(images), shape: [n * plan.channels * plan.resolution * plan.resolution] },
      ...(plan.settings.noise === 'optimise' ? noise.map((layers, layer) => ({ name: `noise${layer}`, data: join32(layers), shape: [layers.reduce((a, p) => a + p.length, 0)] })) : []),
    ];
    const path = chunkFile(plan.dir, k);
    await mkdir(join(plan.dir, 'chunks'), { recursive: true });
    await writeFileAtomic(path, encodeNpz(arrays));
    reused += n;
  }
  return reused;
}
