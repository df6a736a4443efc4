// Encodes prepared target images with a trained encoder in one pass and writes them as a latent set (ARTEFACTS.md),
// the same files as projection's (method `encode`), so directions and editing take codes from either.
import { appVersion } from '../base/paths.js';
import { encodeImages } from '../ml/encoder/encode.js';
import { writeLatentSet } from '../projection/latentSet.js';
import type { Targets } from '../projection/inputs.js';

export interface EncodeLatentSetRequest {
  /** Folder the latent set is written to (must exist). */
  dir: string;
  modelDir: string;
  encoderDir: string;
  /** The generator as listed, for meta.json. */
  model: { id: string; name: string; location: string };
  targets: Targets;
  threads?: number;
}

export interface EncodeLatentSetResult {
  files: string[];
  metrics: Array<{ ssim: number; mse: number }>;
  /** Wall seconds per image in E alone and in E plus G (the reconstruction), for the encode-vs-projection report. */
  secondsPerImage: { encode: number; encodeAndSynthesis: number };
}

export async function encodeLatentSet(req: EncodeLatentSetRequest): Promise<EncodeLatentSetResult> {
  const { targets } = req;
  const r = await encodeImages(req.modelDir, req.encoderDir, targets.data, targets.count, { threads: req.threads });
  const a = r.manifest.architecture;
  const secondsPerImage = { encode: r.encodeSeconds / targets.count, encodeAndSynthesis: (r.encodeSeconds + r.synthesisSeconds) / targets.count };
  const meta = {
    // encodeImages refused any encoder whose generator hash differs, so the encoder's recorded hash is the model's.
    model: { id: req.model.id, name: req.model.name, generatorSha256: r.manifest.generator.sha256, location: req.model.location },
    method: 'encode',
    space: a.space,
    settings: { noise: 'const' },
    encoder: { name: r.manifest.name, dataset: r.manifest.training.dataset, iterations: r.manifest.training.iterations, created: r.manifest.created },
    secondsPerImage,
    preprocessing: targets.preparation.preprocessing ?? null,
    preparation: targets.preparation.source,
    software: `LatentRad ${appVersion()}`,
    created: new Date().toISOString(),
    synthetic: true,
  };
  const written = await writeLatentSet(
    req.dir,
    { count: targets.count, numWs: a.numWs, wDim: a.wDim, channels: a.channels, resolution: a.resolution, ws: r.ws, images: r.images, targets: targets.data, rows: targets.rows, noise: null },
    meta,
  );
  return { ...written, secondsPerImage };
}
