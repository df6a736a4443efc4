// The encoder E: a small residual CNN that maps an image (NHWC, the model's [−1, 1]) to latent codes ŵ. Sized for
// the generator's resolution: a 3×3 stem, then one residual block per halving until 4×4 (G's first resolution;
// four blocks at 64 px), widths 16 at the top doubling to 128 at 4×4 (at 64 px: 16, 16, 32, 64, 128, about G's own
// 16…64 channels), a 1×1 squeeze to 64 channels and one dense layer to the codes. About 17 M multiply-adds and
// 1.0 M parameters (4 MB float32) per 64 px image in W+: the paper's ResNet-101 at 128 px costs ~500× more, and on
// a CPU E's backward pass is the largest cost of a training iteration (README, bench:encoder). Codes are offsets
// from w_avg and the dense layer starts small, so an untrained E maps every image near w_avg, inside G's range.
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../stylegan2/random.js';
import { parameterShapes } from './architecture.js';
import type { EncoderArchitecture } from './architecture.js';

export type EncoderParams = Map<string, tf.Variable>;

/** He-normal weights from a seeded RNG (portable across backends), zero biases; the output layer scaled by 0.1. */
export function initParams(a: EncoderArchitecture, seed: number): EncoderParams {
  const rng = new Rng(seed);
  const params: EncoderParams = new Map();
  for (const [name, shape] of parameterShapes(a)) {
    const size = shape.reduce((x, y) => x * y, 1);
    let data: Float32Array;
    if (name.endsWith('.bias')) data = new Float32Array(size);
    else {
      const fanIn = shape.slice(0, -1).reduce((x, y) => x * y, 1);
      data = rng.normalArray(size, (name === 'out.weight' ? 0.1 : 1) * Math.sqrt(2 / fanIn));
    }
    params.set(name, tf.variable(tf.tensor(data, shape, 'float32'), true, `encoder/${name}/${uniqueSuffix()}`));
  }
  return params;
}

export interface EncoderOutput {
  /** [N, numWs, wDim]: the codes, W broadcast to every layer. */
  ws: tf.Tensor3D;
  /** Each residual block's output (the content loss compares them). */
  features: tf.Tensor4D[];
}

const act = (x: tf.Tensor4D): tf.Tensor4D => tf.leakyRelu(x, 0.2);

/** E(x) for x NHWC [N, res, res, C] in [−1, 1]; `wAvg` [wDim] is the generator's w_avg the codes are offsets from. */
export function encode(params: EncoderParams, a: EncoderArchitecture, x: tf.Tensor4D, wAvg: tf.Tensor1D): EncoderOutput {
  const p = (name: string): tf.Tensor => {
    const v = params.get(name);
    if (!v) throw new Error(`encoder parameter ${name} is missing`);
    return v;
  };
  const conv = (h: tf.Tensor4D, name: string, stride: 1 | 2): tf.Tensor4D => {
    const y = tf.conv2d(h, p(`${name}.weight`) as tf.Tensor4D, stride, 'same');
    return params.has(`${name}.bias`) ? tf.add(y, p(`${name}.bias`)) : y;
  };
  const n = x.shape[0];
  let h = act(conv(x, 'stem', 1));
  const features: tf.Tensor4D[] = [];
  for (let b = 0; b < a.widths.length - 1; b++) {
    const r = conv(act(conv(h, `block${b}.conv0`, 2)), `block${b}.conv1`, 1);
    // Residual sum scaled by 1/√2 keeps the activation scale steady through the blocks without normalisation layers.
    h = act(tf.mul(tf.add(r, conv(h, `block${b}.skip`, 2)), Math.SQRT1_2));
    features.push(h);
  }
  const head = act(conv(h, 'head', 1));
  const flat = tf.reshape(head, [n, 16 * a.headChannels]) as tf.Tensor2D;
  const offsets = tf.add(tf.matMul(flat, p('out.weight') as tf.Tensor2D), p('out.bias'));
  const layers = a.space === 'wplus' ? a.numWs : 1;
  let ws = tf.add(tf.reshape(offsets, [n, layers, a.wDim]), wAvg) as tf.Tensor3D;
  if (layers === 1) ws = tf.tile(ws, [1, a.numWs, 1]);
  return { ws, features };
}

/** NCHW Float32Array (the generator's layout) → NHWC tensor. */
export function nchwToNhwc(data: Float32Array, n: number, c: number, res: number): tf.Tensor4D {
  return tf.tidy(() => (c === 1 ? tf.tensor4d(data, [n, res, res, 1]) : tf.transpose(tf.tensor4d(data, [n, c, res, res]), [0, 2, 3, 1])));
}

/** NHWC tensor → NCHW Float32Array. */
export function nhwcToNchw(t: tf.Tensor4D): Float32Array {
  return tf.tidy(() => (t.shape[3] === 1 ? t : tf.transpose(t, [0, 3, 1, 2])).dataSync() as Float32Array);
}

let counter = 0;
/** tfjs variable names are global; two encoders in one process must not collide. */
function uniqueSuffix(): string {
  counter += 1;
  return String(counter);
}
