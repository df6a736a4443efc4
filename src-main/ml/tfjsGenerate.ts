// Generation on TensorFlow.js (every noise mode, every backend): the path for random noise and for a pinned tfjs
// backend. Loaded by the worker only when needed, so a worker that generates on onnxruntime never loads tfjs.
import { stat } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../src-shared/api/errors.js';
import type { MlBackendName } from '../../src-shared/api/system.js';
import { setupTfjs } from './backends.js';
import { truncateWs } from './stylegan2/mapping.js';
import { readModelDir } from './stylegan2/modelDir.js';
import { disposeNetwork, generatorFromArrays, mapZ, synthesize, toNchw } from './stylegan2/networks.js';
import type { Generator } from './stylegan2/networks.js';
import type { GenerateRequest, GenerateResult, MapRequest, MapResult } from './workerApi.js';
import { latentRowLength } from './workerApi.js';

const cache = new Map<string, { mtimeMs: number; G: Generator }>();

async function generator(dir: string): Promise<Generator> {
  const { mtimeMs } = await stat(`${dir}/model.json`).catch(() => ({ mtimeMs: -1 }));
  const hit = cache.get(dir);
  if (hit && hit.mtimeMs === mtimeMs) return hit.G;
  if (hit) disposeNetwork(hit.G);
  const model = await readModelDir(dir);
  let G: Generator;
  try {
    G = generatorFromArrays(model.config, model.generator, `${dir}/${model.manifest.weights.generator}`);
  } catch (error) {
    throw new ApiError('bad_input', (error as Error).message);
  }
  cache.set(dir, { mtimeMs, G });
  return G;
}

export async function generateTfjs(req: GenerateRequest, only: MlBackendName | undefined): Promise<GenerateResult> {
  const setup = await setupTfjs({ only });
  const G = await generator(req.modelDir);
  const { zDim, wDim, resolution, imgChannels } = G.config;
  const { latents } = req;
  const rowLength = latentRowLength(latents, G.config);
  const started = performance.now();
  const perImage = imgChannels * resolution * resolution;
  const images = new Float32Array(latents.count * perImage);
  for (let start = 0; start < latents.count; start += req.batchSize) {
    const n = Math.min(req.batchSize, latents.count - start);
    const rows = latents.data.subarray(start * rowLength, (start + n) * rowLength);
    const batch = tf.tidy(() => {
      let ws: tf.Tensor3D;
      if (latents.kind === 'z') {
        ws = mapZ(G, tf.tensor2d(rows, [n, zDim]), { psi: req.psi, cutoff: req.cutoff });
      } else {
        const given = latents.perLayer ? tf.tensor3d(rows, [n, G.numWs, wDim]) : (tf.tile(tf.tensor3d(rows, [n, 1, wDim]), [1, G.numWs, 1]) as tf.Tensor3D);
        ws = truncateWs(G.params, given, { psi: req.psi, cutoff: req.cutoff });
      }
      const noiseSeed = req.noiseSeed === undefined ? undefined : req.noiseSeed + start;
      // Buffers are square; synthesis checks each one's size against its layer.
      const noise = req.noise?.map((buffer) => tf.tensor4d(buffer, [1, Math.sqrt(buffer.length), Math.sqrt(buffer.length), 1]));
      return toNchw(synthesize(G, ws, { noiseMode: req.noiseMode, noiseSeed, ...(noise ? { noise } : {}) }));
    });
    images.set((await batch.data()) as Float32Array, start * perImage);
    batch.dispose();
  }
  return { images, shape: [latents.count, imgChannels, resolution, resolution], backend: setup.backend, elapsedMs: performance.now() - started };
}

/** z → ws through the mapping network and truncation by ψ. */
export async function mapTfjs(req: MapRequest, only: MlBackendName | undefined): Promise<MapResult> {
  await setupTfjs({ only });
  const G = await generator(req.modelDir);
  if (req.z.length !== req.count * G.config.zDim) throw new ApiError('bad_input', `z holds ${req.z.length} values, expected ${req.count} × ${G.config.zDim}`);
  const ws = tf.tidy(() => mapZ(G, tf.tensor2d(req.z, [req.count, G.config.zDim]), { psi: req.psi }));
  const data = (await ws.data()) as Float32Array;
  ws.dispose();
  return { ws: data, shape: [req.count, G.numWs, G.config.wDim] };
}
