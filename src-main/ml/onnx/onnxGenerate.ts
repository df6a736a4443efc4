// Generation on onnxruntime for noise const and none (NVlabs parity ≤ 1e-4, as the tfjs path): generators are
// cached per model directory and rebuilt when model.json changes; every core is used (intra-op threads).
import { availableParallelism } from 'node:os';
import { stat } from 'node:fs/promises';
import { ApiError } from '../../../src-shared/api/errors.js';
import { readModelDir } from '../stylegan2/modelDir.js';
import type { GenerateRequest, GenerateResult, MapRequest, MapResult } from '../workerApi.js';
import { latentRowLength } from '../workerApi.js';
import { OnnxGenerator } from './onnxGenerator.js';

const cache = new Map<string, { mtimeMs: number; G: OnnxGenerator }>();

async function generator(dir: string): Promise<OnnxGenerator> {
  const { mtimeMs } = await stat(`${dir}/model.json`).catch(() => ({ mtimeMs: -1 }));
  const hit = cache.get(dir);
  if (hit && hit.mtimeMs === mtimeMs) return hit.G;
  if (hit) await hit.G.release();
  const model = await readModelDir(dir);
  let G: OnnxGenerator;
  try {
    G = OnnxGenerator.create(model.config, model.generator, { threads: availableParallelism(), source: `${dir}/${model.manifest.weights.generator}` });
  } catch (error) {
    throw new ApiError('bad_input', (error as Error).message);
  }
  cache.set(dir, { mtimeMs, G });
  return G;
}

/** Whether a request can run here (random noise needs tfjs' generator of random numbers). */
export function onnxCanGenerate(req: GenerateRequest): req is GenerateRequest & { noiseMode: 'const' | 'none' } {
  if (req.noise && req.noiseMode !== 'const') throw new ApiError('bad_input', `explicit noise buffers replace the constant noise; noise mode "${req.noiseMode}" conflicts with them`);
  return req.noiseMode === 'const' || req.noiseMode === 'none';
}

export async function generateOnnx(req: GenerateRequest & { noiseMode: 'const' | 'none' }): Promise<GenerateResult> {
  const G = await generator(req.modelDir);
  const { resolution, imgChannels } = G.config;
  const { latents } = req;
  const rowLength = latentRowLength(latents, G.config);
  const started = performance.now();
  const perImage = imgChannels * resolution * resolution;
  const images = new Float32Array(latents.count * perImage);
  const truncation = { psi: req.psi, cutoff: req.cutoff };
  for (let start = 0; start < latents.count; start += req.batchSize) {
    const n = Math.min(req.batchSize, latents.count - start);
    const rows = latents.data.subarray(start * rowLength, (start + n) * rowLength);
    const ws = latents.kind === 'z' ? await G.mapZ(rows, n, truncation) : G.toWs(rows, n, latents.perLayer, truncation);
    images.set(req.noise ? await G.synthesizeWithNoise(ws, n, req.noise) : await G.synthesize(ws, n, req.noiseMode), start * perImage);
  }
  return { images, shape: [latents.count, imgChannels, resolution, resolution], backend: 'onnxruntime', elapsedMs: performance.now() - started };
}

/** z → ws through the mapping network and truncation by ψ. */
export async function mapOnnx(req: MapRequest): Promise<MapResult> {
  const G = await generator(req.modelDir);
  if (req.z.length !== req.count * G.config.zDim) throw new ApiError('bad_input', `z holds ${req.z.length} values, expected ${req.count} × ${G.config.zDim}`);
  return { ws: await G.mapZ(req.z, req.count, { psi: req.psi }), shape: [req.count, G.numWs, G.config.wDim] };
}
