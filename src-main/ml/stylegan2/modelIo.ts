// Load and save networks as model directories (model.json + safetensors) in one call, for training, generation
// and analysis code that runs inside a tfjs worker. The main process reads directories without tfjs (modelDir.ts).
import { readDiscriminatorWeights, readModelDir, writeModelDir } from './modelDir.js';
import type { ModelManifest, Provenance } from './modelDir.js';
import { discriminatorFromArrays, generatorFromArrays, networkArrays } from './networks.js';
import type { Discriminator, Generator } from './networks.js';

/** G_ema (and D when the directory has one) from a model directory; names and shapes are checked. */
export async function loadModel(dir: string): Promise<{ manifest: ModelManifest; G: Generator; D: Discriminator | null }> {
  const model = await readModelDir(dir);
  const G = generatorFromArrays(model.config, model.generator, `${dir}/${model.manifest.weights.generator}`);
  const dArrays = await readDiscriminatorWeights(dir, model.manifest);
  const D = dArrays ? discriminatorFromArrays(model.config, dArrays, `${dir}/${model.manifest.weights.discriminator}`) : null;
  return { manifest: model.manifest, G, D };
}

/** Writes G (as G_ema) and optionally D to a model directory. */
export async function saveModel(dir: string, opts: { name: string; G: Generator; D?: Discriminator; provenance: Provenance }): Promise<ModelManifest> {
  return writeModelDir(dir, {
    name: opts.name,
    config: opts.G.config,
    generator: await networkArrays(opts.G),
    ...(opts.D ? { discriminator: await networkArrays(opts.D) } : {}),
    provenance: opts.provenance,
  });
}
