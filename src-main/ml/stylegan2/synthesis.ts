// Synthesis network ws → image (NVlabs SynthesisNetwork, 'skip' architecture): a learned 4×4 constant, per block
// an upsampling modulated conv (conv0) and a modulated conv (conv1), each with noise and bias+lrelu·√2 clamped,
// and a toRGB whose outputs are summed over FIR-upsampled resolutions. Tensors are NHWC.
import * as tf from '@tensorflow/tfjs';
import { blockResolutions, numWs } from './config.js';
import type { StyleGan2Config } from './config.js';
import { biasAct, fullyConnected, modulatedConv2d, upsample2d } from './layers.js';
import { param } from './params.js';
import type { ParamMap } from './params.js';

/** const: the stored per-layer noise images; random: fresh N(0,1) noise; none: no noise. */
export type NoiseMode = 'const' | 'random' | 'none';
export const noiseModes: readonly NoiseMode[] = ['const', 'random', 'none'];

export interface SynthesisOptions {
  noiseMode?: NoiseMode;
  /** Seed for random noise (tf.randomNormal), for reproducible samples. */
  noiseSeed?: number;
  /**
   * Explicit per-layer noise images replacing `noise_const`, in layer order ([1 or N, res, res, 1], scaled by each
   * layer's noise_strength): projection optimises these buffers per image.
   */
  noise?: readonly tf.Tensor4D[];
}

function noiseFor(params: ParamMap, prefix: string, batch: number, res: number, opts: SynthesisOptions, layerIndex: number): tf.Tensor | null {
  const strength = param(params, `${prefix}.noise_strength`);
  if (opts.noise) {
    const given = opts.noise[layerIndex];
    if (!given || given.shape[1] !== res || given.shape[2] !== res) throw new Error(`synthesis: noise for layer ${layerIndex} must be [N, ${res}, ${res}, 1]`);
    return tf.mul(given, strength);
  }
  const mode = opts.noiseMode ?? 'random';
  if (mode === 'none') return null;
  if (mode === 'const') return tf.mul(param(params, `${prefix}.noise_const`), strength);
  const seed = opts.noiseSeed === undefined ? undefined : opts.noiseSeed * 1000 + layerIndex;
  return tf.mul(tf.randomNormal([batch, res, res, 1], 0, 1, 'float32', seed), strength);
}

function synthesisLayer(
  params: ParamMap,
  config: StyleGan2Config,
  prefix: string,
  x: tf.Tensor4D,
  w: tf.Tensor2D,
  res: number,
  up: 1 | 2,
  opts: SynthesisOptions,
  layerIndex: number,
): tf.Tensor4D {
  const styles = fullyConnected(w, param(params, `${prefix}.affine.weight`), param(params, `${prefix}.affine.bias`));
  const noise = noiseFor(params, prefix, x.shape[0], res, opts, layerIndex);
  const y = modulatedConv2d(x, param(params, `${prefix}.weight`), styles, { demodulate: true, up, noise });
  return biasAct(y, param(params, `${prefix}.bias`), { act: 'lrelu', clamp: config.convClamp }) as tf.Tensor4D;
}

function toRgb(params: ParamMap, config: StyleGan2Config, prefix: string, x: tf.Tensor4D, w: tf.Tensor2D): tf.Tensor4D {
  const weight = param(params, `${prefix}.weight`);
  const inC = weight.shape[1] ?? 1;
  const styles = tf.mul(fullyConnected(w, param(params, `${prefix}.affine.weight`), param(params, `${prefix}.affine.bias`)), 1 / Math.sqrt(inC)) as tf.Tensor2D;
  const y = modulatedConv2d(x, weight, styles, { demodulate: false, up: 1 });
  return biasAct(y, param(params, `${prefix}.bias`), { act: 'linear', clamp: config.convClamp }) as tf.Tensor4D;
}

/**
 * ws [N, numWs, wDim] → image [N, res, res, imgChannels] (NHWC, nominally in [−1, 1], not clamped).
 * Block b uses ws[i..i+2] with i advancing by the number of convs, exactly as NVlabs splits ws.
 */
export function synthesis(params: ParamMap, config: StyleGan2Config, ws: tf.Tensor3D, opts: SynthesisOptions = {}): tf.Tensor4D {
  const count = numWs(config);
  if (ws.shape[1] !== count || ws.shape[2] !== config.wDim) {
    throw new Error(`synthesis: ws has shape [${ws.shape}], the model expects [N, ${count}, ${config.wDim}]`);
  }
  return tf.tidy(() => {
    const n = ws.shape[0];
    const wAt = (i: number): tf.Tensor2D => tf.reshape(tf.slice(ws, [0, i, 0], [n, 1, config.wDim]), [n, config.wDim]);
    let x: tf.Tensor4D | null = null;
    let img: tf.Tensor4D | null = null;
    let wIndex = 0;
    let layerIndex = 0;
    for (const res of blockResolutions(config)) {
      const p = `synthesis.b${res}`;
      if (x === null) {
        const constant = tf.transpose(param(params, `${p}.const`), [1, 2, 0]); // [4, 4, C]
        x = tf.tile(tf.expandDims(constant, 0), [n, 1, 1, 1]) as tf.Tensor4D;
        x = synthesisLayer(params, config, `${p}.conv1`, x, wAt(wIndex), res, 1, opts, layerIndex++);
        const rgb = toRgb(params, config, `${p}.torgb`, x, wAt(wIndex + 1));
        img = rgb;
        wIndex += 1;
      } else {
        x = synthesisLayer(params, config, `${p}.conv0`, x, wAt(wIndex), res, 2, opts, layerIndex++);
        x = synthesisLayer(params, config, `${p}.conv1`, x, wAt(wIndex + 1), res, 1, opts, layerIndex++);
        const rgb = toRgb(params, config, `${p}.torgb`, x, wAt(wIndex + 2));
        img = img ? (tf.add(upsample2d(img), rgb) as tf.Tensor4D) : rgb;
        wIndex += 2;
      }
    }
    if (!img) throw new Error('synthesis: no blocks');
    return img;
  });
}
