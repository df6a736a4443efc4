// The StyleGAN2 networks as values: configuration + parameters, created fresh (NVlabs initialisation) or from
// stored arrays, and the functions training, generation and analysis call. Images are NHWC inside tfjs; use
// `toNchw` for NVlabs' layout (what .npy outputs and the parity references use).
import * as tf from '@tensorflow/tfjs';
import { numWs, resolveConfig } from './config.js';
import type { StyleGan2Config } from './config.js';
import { discriminator } from './discriminator.js';
import { mapping } from './mapping.js';
import type { TruncationOptions } from './mapping.js';
import { discriminatorParamSpecs, disposeParams, generatorParamSpecs, initVariables, variablesFromArrays } from './params.js';
import type { ParamMap, ParamSpec, VariableMap } from './params.js';
import { synthesis } from './synthesis.js';
import type { SynthesisOptions } from './synthesis.js';

export interface Network {
  readonly kind: 'generator' | 'discriminator';
  readonly config: StyleGan2Config;
  /** Every parameter and buffer by NVlabs name (G: `G_ema.state_dict()` names; D: `D.state_dict()` names). */
  readonly params: VariableMap;
}

export interface Generator extends Network {
  readonly kind: 'generator';
  readonly numWs: number;
}

export interface Discriminator extends Network {
  readonly kind: 'discriminator';
}

export type StoredArrays = ReadonlyMap<string, { shape: number[]; data: Float32Array }>;

export function createGenerator(config: Partial<StyleGan2Config> = {}, seed = 0): Generator {
  const c = resolveConfig(config);
  return { kind: 'generator', config: c, numWs: numWs(c), params: initVariables(generatorParamSpecs(c), seed, 'G') };
}

export function createDiscriminator(config: Partial<StyleGan2Config> = {}, seed = 1): Discriminator {
  const c = resolveConfig(config);
  if (c.resolution < 8) throw new Error('the discriminator needs a resolution of at least 8');
  return { kind: 'discriminator', config: c, params: initVariables(discriminatorParamSpecs(c), seed, 'D') };
}

/** A generator from stored arrays (model directory, checkpoint); names and shapes are checked against `config`. */
export function generatorFromArrays(config: StyleGan2Config, arrays: StoredArrays, source: string): Generator {
  const c = resolveConfig(config);
  return { kind: 'generator', config: c, numWs: numWs(c), params: variablesFromArrays(generatorParamSpecs(c), withoutExtras(arrays), source, 'G') };
}

export function discriminatorFromArrays(config: StyleGan2Config, arrays: StoredArrays, source: string): Discriminator {
  const c = resolveConfig(config);
  return { kind: 'discriminator', config: c, params: variablesFromArrays(discriminatorParamSpecs(c), arrays, source, 'D') };
}

// NVlabs pickles of newer code carry bookkeeping buffers that are not weights; they are ignored, not errors.
function withoutExtras(arrays: StoredArrays): StoredArrays {
  return new Map([...arrays].filter(([name]) => !/(^|\.)num_batches_tracked$/.test(name)));
}

/** Copies every parameter into plain arrays (for saving); names in spec order. */
export async function networkArrays(net: Network): Promise<Map<string, { shape: number[]; data: Float32Array }>> {
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const spec of specsOf(net)) {
    const t = net.params.get(spec.name);
    if (!t) throw new Error(`network has no parameter ${spec.name}`);
    out.set(spec.name, { shape: [...t.shape], data: (await t.data()) as Float32Array });
  }
  return out;
}

export function specsOf(net: Network): ParamSpec[] {
  return net.kind === 'generator' ? generatorParamSpecs(net.config) : discriminatorParamSpecs(net.config);
}

/** Trainable variables only (buffers such as w_avg, noise_const and resample filters excluded). */
export function trainableVariables(net: Network): tf.Variable[] {
  return specsOf(net)
    .filter((s) => s.trainable)
    .map((s) => net.params.get(s.name))
    .filter((v): v is tf.Variable => v !== undefined);
}

export function disposeNetwork(net: Network): void {
  disposeParams(net.params);
}

/** z [N, zDim] → ws [N, numWs, wDim], truncated by ψ (default 1) with an optional layer cutoff. */
export function mapZ(G: Generator, z: tf.Tensor2D, opts: TruncationOptions = {}, params: ParamMap = G.params): tf.Tensor3D {
  return mapping(params, G.config, z, opts);
}

/** ws [N, numWs, wDim] → images [N, res, res, C] (NHWC, raw: nominally [−1, 1], never clamped). */
export function synthesize(G: Generator, ws: tf.Tensor3D, opts: SynthesisOptions = {}, params: ParamMap = G.params): tf.Tensor4D {
  return synthesis(params, G.config, ws, opts);
}

/** z → images in one call, as NVlabs' Generator.forward. */
export function generate(G: Generator, z: tf.Tensor2D, opts: TruncationOptions & SynthesisOptions = {}): tf.Tensor4D {
  return tf.tidy(() => synthesize(G, mapZ(G, z, opts), opts));
}

/** images [N, res, res, C] (NHWC) → logits [N, 1]. */
export function discriminate(D: Discriminator, images: tf.Tensor4D, params: ParamMap = D.params): tf.Tensor2D {
  return discriminator(params, D.config, images);
}

export function toNchw(images: tf.Tensor4D): tf.Tensor4D {
  return tf.transpose(images, [0, 3, 1, 2]);
}

export function toNhwc(images: tf.Tensor4D): tf.Tensor4D {
  return tf.transpose(images, [0, 2, 3, 1]);
}
