// A small encoder trainer on the NVlabs reference generator (32 px, 1 channel, 8 ws of 48), with images from
// other seeds of the same generator as the "real" set, for the encoder's tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encoderTrainingSchema } from '../../../../src-shared/api/encoderSettings.js';
import type { EncoderTrainingSettings } from '../../../../src-shared/api/encoderSettings.js';
import { toFloat32 } from '../../../../src-shared/io/npy.js';
import { defaultArchitecture } from '../../../../src-main/ml/encoder/architecture.js';
import { EncoderTrainer } from '../../../../src-main/ml/encoder/trainer.js';
import type { FrozenGenerator } from '../../../../src-main/ml/encoder/trainer.js';
import { decodeNpz } from '../../../../src-main/ml/npz.js';
import { OnnxGenerator } from '../../../../src-main/ml/onnx/onnxGenerator.js';
import { noiseLayerNames } from '../../../../src-main/ml/projection/noiseNames.js';
import { fromNvlabsKwargs } from '../../../../src-main/ml/stylegan2/config.js';
import type { NvlabsGeneratorKwargs } from '../../../../src-main/ml/stylegan2/config.js';
import { Rng } from '../../../../src-main/ml/stylegan2/random.js';
import { fixturesDir } from '../../../support/data.js';

const dir = join(fixturesDir, 'nvlabs-reference');
const kwargs = (JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { generator_kwargs: NvlabsGeneratorKwargs }).generator_kwargs;
export const weights = new Map([...decodeNpz(new Uint8Array(readFileSync(join(dir, 'G_ema_state_dict.npz'))), 'G_ema_state_dict.npz')].map(([k, v]) => [k, { shape: v.shape, data: toFloat32(v) }]));
export const config = fromNvlabsKwargs(kwargs);

export function frozenGenerator(): FrozenGenerator {
  const G = OnnxGenerator.create(config, weights, { threads: 1 });
  return { G, wAvg: weights.get('mapping.w_avg')!.data, constNoise: noiseLayerNames({ config }).map((n) => weights.get(`${n}.noise_const`)!.data) };
}

/** `count` generator images from z seeded by `seed` (never the trainer's own stream). */
export async function generatorImages(gen: FrozenGenerator, count: number, seed: number): Promise<{ data: Float32Array; count: number }> {
  return { data: await gen.G.generate(new Rng(seed).normalArray(count * config.zDim), count, { noise: 'const' }), count };
}

export function makeTrainer(gen: FrozenGenerator, real: { data: Float32Array; count: number }, overrides: Partial<EncoderTrainingSettings> = {}): EncoderTrainer {
  const settings = encoderTrainingSchema.parse({ batch: 4, seed: 3, learningRate: 0.001, ...overrides });
  const arch = defaultArchitecture({ resolution: config.resolution, channels: config.imgChannels, numWs: gen.G.numWs, wDim: config.wDim }, settings.space);
  return new EncoderTrainer(arch, settings, gen, real);
}
