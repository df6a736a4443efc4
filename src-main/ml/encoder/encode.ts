// One-pass encoding with a trained encoder: images (N × C × res × res, [−1, 1]) → codes [N, numWs, wDim] and the
// generator's reconstructions G(E(x)) with its constant noise, checked against the generator the encoder was
// trained for (architecture and weights hash), so codes never silently come from a mismatched pair.
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../../src-shared/api/errors.js';
import { OnnxGenerator } from '../onnx/onnxGenerator.js';
import { readModelDir } from '../stylegan2/modelDir.js';
import { fileSha256, readEncoderDir } from './encoderDir.js';
import type { EncoderManifest } from './encoderDir.js';
import type { EncoderParams } from './network.js';
import { encodeWith } from './trainer.js';

export interface EncodeResult {
  manifest: EncoderManifest;
  /** [N, numWs, wDim] */
  ws: Float32Array;
  /** [N, C, res, res], raw generator output (never clamped). */
  images: Float32Array;
  /** Seconds spent in E and in G, for the report's time per image. */
  encodeSeconds: number;
  synthesisSeconds: number;
}

export async function encodeImages(modelDir: string, encoderDir: string, images: Float32Array, count: number, opts: { batch?: number; threads?: number } = {}): Promise<EncodeResult> {
  const { manifest, params: stored } = await readEncoderDir(encoderDir);
  const model = await readModelDir(modelDir);
  const a = manifest.architecture;
  const c = model.config;
  if (a.resolution !== c.resolution || a.channels !== c.imgChannels || a.wDim !== c.wDim || a.numWs !== model.manifest.numWs) {
    throw new ApiError('bad_input', `${encoderDir}: encoder for ${a.channels}×${a.resolution}² images and ${a.numWs}×${a.wDim} codes does not fit model ${model.manifest.name} (${c.imgChannels}×${c.resolution}², ${model.manifest.numWs}×${c.wDim})`);
  }
  const hash = await fileSha256(join(modelDir, model.manifest.weights.generator));
  if (hash !== manifest.generator.sha256) throw new ApiError('bad_input', `${encoderDir}: trained for generator ${manifest.generator.name} (sha256 ${manifest.generator.sha256.slice(0, 12)}…), not for ${model.manifest.name} (sha256 ${hash.slice(0, 12)}…)`);
  if (images.length !== count * a.channels * a.resolution ** 2) throw new ApiError('bad_input', `images: ${images.length} values is not ${count} × ${a.channels} × ${a.resolution} × ${a.resolution}`);
  const params: EncoderParams = new Map([...stored].map(([name, t]) => [name, tf.variable(tf.tensor(t.data, t.shape, 'float32'), false)]));
  const wAvg = tf.tensor1d(Float32Array.from(model.manifest.wAvg));
  const G = OnnxGenerator.create(c, model.generator, { threads: opts.threads ?? 2, source: modelDir });
  try {
    const t0 = performance.now();
    const ws = encodeWith(params, a, wAvg, images, count, opts.batch ?? 32, a.channels, a.resolution, a.numWs * a.wDim);
    const t1 = performance.now();
    const out = new Float32Array(images.length);
    const per = a.channels * a.resolution ** 2;
    const batch = opts.batch ?? 32;
    for (let start = 0; start < count; start += batch) {
      const n = Math.min(batch, count - start);
      out.set(await G.synthesize(ws.subarray(start * a.numWs * a.wDim, (start + n) * a.numWs * a.wDim), n, 'const'), start * per);
    }
    return { manifest, ws, images: out, encodeSeconds: (t1 - t0) / 1000, synthesisSeconds: (performance.now() - t1) / 1000 };
  } finally {
    for (const v of params.values()) v.dispose();
    wAvg.dispose();
    await G.release();
  }
}
