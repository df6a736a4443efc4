// Runs a projection into a result folder: the projection worker does the optimisation chunk by chunk; each finished
// chunk is saved (chunks/<k>.npz) so a paused or interrupted run resumes at the next chunk; progress.json and
// preview.npy follow every step; at the end the chunks become a latent set (./latentSet.ts).
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../io/atomicWrite.js';
import { join } from 'node:path';
import type { ProjectionSettings } from '../../src-shared/api/projectionSettings.js';
import { toFloat32 } from '../../src-shared/io/npy.js';
import { readNpy, writeNpy } from '../io/npyFile.js';
import { decodeNpz } from '../ml/npz.js';
import { encodeNpz } from '../ml/npzWrite.js';
import { WorkerClient } from '../workers/client.js';
import type { PlanEncoder } from './cache.js';
import type { TargetRow } from './inputs.js';
import { writeLatentSet } from './latentSet.js';
import type { ChunkResult, ProjectionWorkerApi, ProjectionWorkerProgress } from './workerApi.js';

export interface ProjectionPlan {
  dir: string;
  modelDir: string;
  numWs: number;
  wDim: number;
  channels: number;
  resolution: number;
  settings: ProjectionSettings;
  targets: Float32Array;
  count: number;
  rows: TargetRow[];
  /** NVlabs names of the noise buffers in synthesis order (`synthesis.b4.conv1.noise_const`, …). */
  noiseNames: string[];
  meta: Record<string, unknown>;
  /** Starting codes count × numWs × wDim (an encoder's codes, for refinement); absent: w_avg. */
  initialWs?: Float32Array;
  /** Encoder methods: the codes come from this encoder (then `refine` projector steps from them, if any). */
  encoder?: PlanEncoder;
}

export interface ProjectionHooks {
  progress?(p: { fraction: number; message: string; etaSeconds: number | null; step: number; loss: number }): void;
  /** Polled twice a second: a pause/cancel request stops the worker at its next step. */
  requested?(): 'pause' | 'cancel' | null;
}

/** Measured on this machine when this call projected chunks: wall seconds over image·steps (one image, one step). */
export interface ProjectionTiming {
  seconds: number;
  imageSteps: number;
}

export type ProjectionOutcome = { state: 'done'; metrics: Array<{ ssim: number; mse: number }>; timing?: ProjectionTiming } | { state: 'paused' | 'cancelled' };

export const chunkFile = (dir: string, k: number): string => join(dir, 'chunks', `${String(k).padStart(4, '0')}.npz`);

export function doneChunks(dir: string): number[] {
  const folder = join(dir, 'chunks');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .map((f) => /^(\d{4})\.npz$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]));
}

async function saveChunk(dir: string, r: ChunkResult): Promise<void> {
  await mkdir(join(dir, 'chunks'), { recursive: true });
  const arrays = [
    { name: 'ws', data: r.ws, shape: [r.ws.length] },
    { name: 'images', data: r.images, shape: [r.images.length] },
    { name: 'distances', data: Float32Array.from(r.distances), shape: [r.count] },
    { name: 'loss', data: Float32Array.from(r.lossCurve), shape: [r.lossCurve.length] },
    ...r.noise.layers.map((l, k) => ({ name: `noise${k}`, data: l, shape: [l.length] })),
  ];
  // Written under a temporary name first: a chunk file that exists is complete.
  await writeFileAtomic(chunkFile(dir, r.chunk), encodeNpz(arrays));
}


/**
 * An encoder method's one pass (in the projection worker): with no refinement the latent set is written at once;
 * with refinement the codes are kept (encoded-ws.npy, so a resumed run does not encode again) and returned.
 */
async function encodeFirst(plan: ProjectionPlan, encoder: PlanEncoder, hooks: ProjectionHooks): Promise<{ metrics: Array<{ ssim: number; mse: number }> } | { initialWs: Float32Array }> {
  const kept = join(plan.dir, 'encoded-ws.npy');
  if (encoder.refine > 0 && existsSync(kept)) return { initialWs: toFloat32(await readNpy(kept)) };
  hooks.progress?.({ fraction: 0, message: `encoding ${plan.count} image${plan.count === 1 ? '' : 's'} with encoder "${encoder.name}"`, etaSeconds: null, step: 0, loss: 0 });
  const worker = new WorkerClient<ProjectionWorkerApi>('projection');
  let r: { ws: Float32Array; images: Float32Array };
  try {
    r = await worker.call('encode', { modelDir: plan.modelDir, encoderDir: encoder.dir, targets: plan.targets.slice(), count: plan.count });
  } finally {
    await worker.close();
  }
  if (encoder.refine > 0) {
    await writeNpy(kept, r.ws, [plan.count, plan.numWs, plan.wDim], 'float32');
    return { initialWs: r.ws };
  }
  const { count, numWs, wDim, channels, resolution } = plan;
  const { metrics } = await writeLatentSet(plan.dir, { count, numWs, wDim, channels, resolution, ws: r.ws, images: r.images, targets: plan.targets, rows: plan.rows, noise: null }, plan.meta);
  return { metrics };
}

/** Runs (or resumes) the projection of `plan` to an outcome; throws with the worker's message on failure. */
export async function runProjection(plan: ProjectionPlan, hooks: ProjectionHooks = {}): Promise<ProjectionOutcome> {
  if (plan.encoder && !plan.initialWs) {
    const first = await encodeFirst(plan, plan.encoder, hooks);
    if ('metrics' in first) return { state: 'done', metrics: first.metrics };
    plan = { ...plan, initialWs: first.initialWs };
  }
  const { dir, settings, count } = plan;
  const chunks = Math.ceil(count / settings.batch);
  const done = doneChunks(dir);
  let timing: ProjectionTiming | undefined;
  if (done.length < chunks) {
    const worker = new WorkerClient<ProjectionWorkerApi>('projection');
    const started = Date.now();
    const remaining = chunks - done.length;
    let finished = 0;
    let lossCurve: number[] = [];
    let writing: Promise<void> = Promise.resolve();
    const onProgress = (p: ProjectionWorkerProgress): void => {
      if (p.type === 'chunk') {
        finished += 1;
        writing = writing.then(() => saveChunk(dir, p.result));
      } else if (p.type === 'step') {
        const loss = p.distances.reduce((a, b) => a + b, 0) / p.distances.length;
        if (p.step === 1) lossCurve = [];
        lossCurve.push(loss);
        const fraction = (finished + p.step / p.steps) / remaining;
        const elapsed = (Date.now() - started) / 1000;
        const eta = fraction > 0 ? (elapsed * (1 - fraction)) / fraction : null;
        hooks.progress?.({ fraction, message: `chunk ${p.chunk + 1}/${p.chunks} · step ${p.step}/${p.steps} · distance ${loss.toFixed(4)}`, etaSeconds: eta, step: p.step, loss });
        const progress = { chunk: p.chunk, chunks: p.chunks, step: p.step, steps: p.steps, distances: p.distances, learningRate: p.learningRate, lossCurve };
        writing = writing.then(() => writeFileAtomic(join(dir, 'progress.json'), JSON.stringify(progress)));
        const preview = p.preview;
        if (preview) writing = writing.then(() => writeNpy(join(dir, 'preview.npy'), preview, [1, plan.channels, plan.resolution, plan.resolution], 'float32'));
      }
    };
    const call = worker.run('project', { modelDir: plan.modelDir, targets: plan.targets.slice(), count, settings, done, ...(plan.initialWs ? { initialWs: plan.initialWs.slice() } : {}) }, { onProgress });
    let sentStop = false;
    const timer = setInterval(() => {
      const request = hooks.requested?.() ?? null;
      if (request && !sentStop) {
        sentStop = true;
        call.stop(request);
      }
    }, 500);
    try {
      const { outcome } = await call.result;
      await writing;
      if (outcome !== 'done') return { state: outcome === 'pause' ? 'paused' : 'cancelled' };
      let images = 0;
      for (let k = 0; k < chunks; k++) if (!done.includes(k)) images += Math.min(settings.batch, count - k * settings.batch);
      timing = { seconds: (Date.now() - started) / 1000, imageSteps: images * settings.steps };
    } finally {
      clearInterval(timer);
      await worker.close();
    }
  }
  return { state: 'done', metrics: await assemble(plan, chunks), ...(timing ? { timing } : {}) };
}

async function assemble(plan: ProjectionPlan, chunks: number): Promise<Array<{ ssim: number; mse: number }>> {
  const { count, numWs, wDim, channels, resolution } = plan;
  const ws = new Float32Array(count * numWs * wDim);
  const images = new Float32Array(count * channels * resolution * resolution);
  let noise: { names: string[]; sizes: number[]; layers: Float32Array[] } | null = null;
  for (let k = 0; k < chunks; k++) {
    const path = chunkFile(plan.dir, k);
    const arrays = decodeNpz(new Uint8Array(await readFile(path)), path);
    const start = k * plan.settings.batch;
    const n = Math.min(plan.settings.batch, count - start);
    ws.set(arrays.get('ws')!.data as Float32Array, start * numWs * wDim);
    images.set(arrays.get('images')!.data as Float32Array, start * channels * resolution * resolution);
    if (plan.settings.noise === 'optimise') {
      const layers = [...arrays.keys()].filter((key) => /^noise\d+$/.test(key)).sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
      if (!noise) {
        const sizes = layers.map((key) => Math.round(Math.sqrt(arrays.get(key)!.data.length / n)));
        noise = { names: plan.noiseNames, sizes, layers: sizes.map((s) => new Float32Array(count * s * s)) };
      }
      layers.forEach((key, i) => noise!.layers[i].set(arrays.get(key)!.data as Float32Array, start * noise!.sizes[i] ** 2));
    }
  }
  const { metrics } = await writeLatentSet(plan.dir, { count, numWs, wDim, channels, resolution, ws, images, targets: plan.targets, rows: plan.rows, noise }, plan.meta);
  return metrics;
}
