// models.generate: turns seeds / z.npy / w.npy / projected_w.npz into a latent batch, runs the generator in the
// worker, and writes float32 NCHW .npy (raw, never clamped) or PNGs carrying the "synthetic" tEXt marking into a
// new result (marked synthetic too).
import { extname, join } from 'node:path';
import { ApiError } from '../../src-shared/api/errors.js';
import type { MethodOutput, MethodParams } from '../../src-shared/api/contract.js';
import { modelToUint8 } from '../../src-shared/imaging/convert.js';
import type { ModelSummary } from '../../src-shared/api/models.js';
import { toFloat32 } from '../../src-shared/io/npy.js';
import type { NpyArray } from '../../src-shared/io/npy.js';
import { readNpy, writeNpy } from '../io/npyFile.js';
import { syntheticPngText, writePng } from '../io/png.js';
import { burnSyntheticLabel } from '../../src-shared/viewer/syntheticLabel.js';
import { decodeNpz } from '../ml/npz.js';
import { nvlabsSeedZ } from '../ml/numpyRandom.js';
import { noiseLayerNames } from '../ml/projection/noiseNames.js';
import type { LatentBatch, StyleganWorker } from '../ml/workerApi.js';
import { createResult, resultRef } from '../results/store.js';
import { readBytes } from '../io/readFile.js';

type GenerateParams = MethodParams<'models.generate'>;

async function readNpzFile(path: string): Promise<Map<string, NpyArray>> {
  const bytes = await readBytes(path);
  try {
    return decodeNpz(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
  } catch (error) {
    throw new ApiError('bad_input', (error as Error).message);
  }
}

export async function readW(path: string): Promise<NpyArray> {
  if (extname(path).toLowerCase() !== '.npz') return readNpy(path);
  const arrays = await readNpzFile(path);
  // NVlabs projector.py saves {'w': [1, num_ws, w_dim]}; a single-array archive is accepted under any name.
  const w = arrays.get('w') ?? (arrays.size === 1 ? [...arrays.values()][0] : undefined);
  if (!w) throw new ApiError('bad_input', `${path}: no array named "w" (found ${[...arrays.keys()].join(', ') || 'nothing'})`);
  return w;
}

/**
 * The optimised noise buffers a projection kept in projected_w/<row>.npz (`noise_<layer>.noise_const`, [size, size]),
 * in synthesis order; a missing or misshapen buffer is refused naming the file and the array.
 */
export async function readNoise(path: string, model: ModelSummary): Promise<Float32Array[]> {
  if (extname(path).toLowerCase() !== '.npz') throw new ApiError('bad_input', `${path}: noise buffers come from a projection's projected_w/<row>.npz, not a ${extname(path) || 'file without extension'}`);
  const arrays = await readNpzFile(path);
  return noiseLayerNames({ config: model }).map((layer) => {
    const key = `noise_${layer}.noise_const`;
    const size = Number(/\.b(\d+)\./.exec(layer)![1]);
    const a = arrays.get(key);
    if (!a) throw new ApiError('bad_input', `${path}: no noise buffer "${key}" (the projection kept no optimised noise, or was made for another model); found ${[...arrays.keys()].join(', ')}`);
    if (a.shape.length !== 2 || a.shape[0] !== size || a.shape[1] !== size) throw new ApiError('bad_input', `${path}: "${key}" must have shape [${size}, ${size}] for this model, found [${a.shape}]`);
    return toFloat32(a);
  });
}

/** The latent batch for a request, and a file-name label per image. */
export async function latentsFor(params: GenerateParams, model: ModelSummary): Promise<{ latents: LatentBatch; labels: string[] }> {
  if (params.seeds) {
    const data = new Float32Array(params.seeds.length * model.zDim);
    params.seeds.forEach((seed, i) => data.set(nvlabsSeedZ(seed, model.zDim), i * model.zDim));
    return { latents: { kind: 'z', data, count: params.seeds.length }, labels: params.seeds.map((s) => `seed${String(s).padStart(4, '0')}`) };
  }
  const labels = (n: number): string[] => Array.from({ length: n }, (_, i) => `img${String(i).padStart(4, '0')}`);
  if (params.zPath) {
    const z = await readNpy(params.zPath);
    if (z.shape.length !== 2 || z.shape[1] !== model.zDim) throw new ApiError('bad_input', `${params.zPath}: z must have shape [N, ${model.zDim}] for this model, found [${z.shape}]`);
    return { latents: { kind: 'z', data: toFloat32(z), count: z.shape[0] }, labels: labels(z.shape[0]) };
  }
  const path = params.wPath ?? params.noisePath!;
  const w = await readW(path);
  const perLayer = w.shape.length === 3;
  const okShape = (w.shape.length === 2 && w.shape[1] === model.wDim) || (perLayer && w.shape[1] === model.numWs && w.shape[2] === model.wDim);
  if (!okShape) throw new ApiError('bad_input', `${path}: w must have shape [N, ${model.wDim}] or [N, ${model.numWs}, ${model.wDim}] for this model, found [${w.shape}]`);
  return { latents: { kind: 'w', data: toFloat32(w), count: w.shape[0], perLayer }, labels: labels(w.shape[0]) };
}

/** NCHW planes of one image → interleaved HWC. */
function interleave(images: Float32Array, index: number, c: number, h: number, w: number): Float32Array {
  const out = new Float32Array(c * h * w);
  const base = index * c * h * w;
  for (let ch = 0; ch < c; ch++) for (let p = 0; p < h * w; p++) out[p * c + ch] = images[base + ch * h * w + p];
  return out;
}

export async function runGenerate(params: GenerateParams, model: ModelSummary, worker: StyleganWorker, dataDir: string): Promise<MethodOutput<'models.generate'>> {
  const toNpy = params.format === 'npy';
  if (model.imgChannels !== 1 && model.imgChannels !== 3 && !toNpy) throw new ApiError('bad_input', `PNG output needs 1 or 3 image channels (this model has ${model.imgChannels}); write .npy instead`);
  const { latents, labels } = await latentsFor(params, model);
  const noise = params.noisePath === undefined ? undefined : await readNoise(params.noisePath, model);
  const result = await worker.call('generate', {
    modelDir: model.dir,
    latents,
    psi: params.psi,
    cutoff: params.cutoff,
    noiseMode: params.noiseMode,
    ...(noise ? { noise } : {}),
    batchSize: 8,
  });
  const [n, c, h, w] = result.shape;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of result.images) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const source = params.seeds ? { seeds: params.seeds } : params.zPath ? { zPath: params.zPath } : { wPath: params.wPath ?? params.noisePath };
  const noiseFrom = params.noisePath === undefined ? {} : { noisePath: params.noisePath };
  const { info, dir } = createResult(dataDir, 'generate', { synthetic: true, meta: { model: model.id, ...source, psi: params.psi, noiseMode: params.noiseMode, ...noiseFrom } });
  if (toNpy) {
    await writeNpy(join(dir, 'images.npy'), result.images, result.shape);
  } else {
    for (let i = 0; i < n; i++) {
      await writePng(join(dir, `${labels[i]}.png`), {
        width: w,
        height: h,
        channels: c as 1 | 3,
        bitDepth: 8,
        data: labelled(modelToUint8(interleave(result.images, i, c, h, w)), w, h, c),
        text: {
          ...syntheticPngText,
          Source: `LatentRad StyleGAN2 model ${model.name} (${model.id})`,
          Latent: params.seeds ? `seed ${params.seeds[i]}` : `${params.zPath ? 'z' : 'w'} row ${i} of ${params.zPath ?? params.wPath ?? params.noisePath}`,
          Truncation: String(params.psi),
          NoiseMode: params.noisePath === undefined ? params.noiseMode : `optimised buffers from ${params.noisePath}`,
        },
      });
    }
  }
  return { model: model.id, count: n, shape: result.shape, result: resultRef(dataDir, info.id), backend: result.backend, elapsedMs: result.elapsedMs, range: [lo, hi] };
}

/** Generated PNGs carry the SYNTHETIC label in their pixels as well as in tEXt (raw values: ask for .npy). */
function labelled(pixels: Uint8Array, width: number, height: number, channels: number): Uint8Array {
  burnSyntheticLabel(pixels, width, height, channels);
  return pixels;
}
