// Adaptive discriminator augmentation (Karras et al. 2020) for NHWC image batches: geometric group (x-flip,
// rotation by 90°, integer and fractional translation, isotropic and anisotropic scaling) and colour group
// (brightness, contrast, luma flip), each applied per image with probability p. Arbitrary-angle rotation and
// hue/saturation are left out: the first is not separable (see below), the second is meaningless for grey images.
// Geometric transforms are built as separable per-image resampling matrices (out = A·x·Bᵀ, bilinear, reflected
// borders), so everything is matMul/where/transpose and R1's double backprop flows through it.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../stylegan2/random.js';

export interface AdaSettings {
  /** Target of the overfitting heuristic r_t = E[sign(D(real))]. */
  target: number;
  /** Adjust p every this many D steps. */
  interval: number;
  /** Images over which p can move from 0 to 1. */
  kimg: number;
}

export const defaultAdaSettings: AdaSettings = { target: 0.6, interval: 4, kimg: 500 };

/** Tracks sign(D(real)) and moves p by its sign relative to the target, as NVlabs' training loop does. */
export class AdaController {
  p: number;
  signSum = 0;
  signCount = 0;

  constructor(readonly settings: AdaSettings, p = 0) {
    this.p = p;
  }

  /** Feed the D logits of one real batch. */
  accumulate(realLogits: Float32Array | number[]): void {
    for (const v of realLogits) this.signSum += Math.sign(v);
    this.signCount += realLogits.length;
  }

  /** Called every `interval` D steps with the batch size; returns r_t used (or null if nothing was seen). */
  update(batchSize: number): number | null {
    if (this.signCount === 0) return null;
    const rt = this.signSum / this.signCount;
    const adjust = (Math.sign(rt - this.settings.target) * (batchSize * this.settings.interval)) / (this.settings.kimg * 1000);
    this.p = Math.min(1, Math.max(0, this.p + adjust));
    this.signSum = 0;
    this.signCount = 0;
    return rt;
  }
}

/** Per-image random parameters of one augmentation draw (all from our RNG, so runs are reproducible). */
export interface AugmentDraw {
  transpose: boolean[];
  rows: Float32Array[];
  cols: Float32Array[];
  gain: Float32Array;
  offset: Float32Array;
}

function reflect(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let j = ((i % period) + period) % period;
  if (j > n - 1) j = period - j;
  return j;
}

/**
 * n×n bilinear resampling matrix: output pixel o samples source position ((o_c)/scale − shift)·flip, where o_c is
 * the centred coordinate. Identity when scale = 1, shift = 0, flip = 1.
 */
export function resamplingMatrix(n: number, scale: number, shift: number, flip: 1 | -1): Float32Array {
  const m = new Float32Array(n * n);
  for (let o = 0; o < n; o++) {
    const centred = o + 0.5 - n / 2;
    const source = (centred / scale - shift) * flip + n / 2 - 0.5;
    const i0 = Math.floor(source);
    const frac = source - i0;
    m[o * n + reflect(i0, n)] += 1 - frac;
    if (frac > 0) m[o * n + reflect(i0 + 1, n)] += frac;
  }
  return m;
}

export function drawAugment(rng: Rng, batch: number, size: number, p: number): AugmentDraw {
  const draw: AugmentDraw = { transpose: [], rows: [], cols: [], gain: new Float32Array(batch), offset: new Float32Array(batch) };
  // Every random number is drawn whether or not the transform fires, so the RNG stream does not depend on p.
  for (let i = 0; i < batch; i++) {
    const fire = (): boolean => rng.uniform() < p;
    let flipX: 1 | -1 = 1;
    let flipY: 1 | -1 = 1;
    let transpose = false;
    let sx = 1;
    let sy = 1;
    let tx = 0;
    let ty = 0;
    const xflip = rng.uniform() < 0.5;
    if (fire() && xflip) flipX = -1;
    const k = Math.floor(rng.uniform() * 4);
    if (fire()) {
      // Rotation by k·90° = optional transpose followed by flips.
      if (k === 1 || k === 3) transpose = true;
      if (k === 1 || k === 2) flipX = (flipX * -1) as 1 | -1;
      if (k === 2 || k === 3) flipY = -1;
    }
    const ix = Math.round((rng.uniform() * 2 - 1) * 0.125 * size);
    const iy = Math.round((rng.uniform() * 2 - 1) * 0.125 * size);
    if (fire()) {
      tx += ix;
      ty += iy;
    }
    const iso = 2 ** (rng.normal() * 0.2);
    if (fire()) {
      sx *= iso;
      sy *= iso;
    }
    const aniso = 2 ** (rng.normal() * 0.2);
    if (fire()) {
      sx *= aniso;
      sy /= aniso;
    }
    const fx = rng.normal() * 0.125 * size;
    const fy = rng.normal() * 0.125 * size;
    if (fire()) {
      tx += fx;
      ty += fy;
    }
    const brightness = rng.normal() * 0.2;
    const contrast = 2 ** (rng.normal() * 0.5);
    const luma = rng.uniform() < 0.5;
    let gain = 1;
    let offset = 0;
    if (fire()) offset += brightness;
    if (fire()) {
      gain *= contrast;
      offset *= contrast;
    }
    if (fire() && luma) {
      gain = -gain;
      offset = -offset;
    }
    draw.transpose.push(transpose);
    draw.rows.push(resamplingMatrix(size, sy, ty, flipY));
    draw.cols.push(resamplingMatrix(size, sx, tx, flipX));
    draw.gain[i] = gain;
    draw.offset[i] = offset;
  }
  return draw;
}

/** Applies a draw to NHWC images (square). Differentiable to any order. */
export function applyAugment(images: tf.Tensor4D, draw: AugmentDraw): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = images.shape;
    let x: tf.Tensor4D = images;
    if (draw.transpose.some(Boolean)) {
      const mask = tf.tensor4d(draw.transpose.map((t) => (t ? 1 : 0)), [n, 1, 1, 1], 'bool');
      x = tf.where(tf.broadcastTo(mask, x.shape), tf.transpose(x, [0, 2, 1, 3]), x);
    }
    // NHWC → (N·C)×H×W so one batched matMul applies each image's row and column matrices to every channel.
    const planes = tf.reshape(tf.transpose(x, [0, 3, 1, 2]), [n * c, h, w]);
    const rowData = new Float32Array(n * c * h * h);
    const colData = new Float32Array(n * c * w * w);
    for (let i = 0; i < n; i++) {
      for (let ch = 0; ch < c; ch++) {
        rowData.set(draw.rows[i], (i * c + ch) * h * h);
        colData.set(draw.cols[i], (i * c + ch) * w * w);
      }
    }
    const rows = tf.tensor3d(rowData, [n * c, h, h]);
    const cols = tf.tensor3d(colData, [n * c, w, w]);
    const resampled = tf.matMul(tf.matMul(rows, planes), cols, false, true);
    const back = tf.transpose(tf.reshape(resampled, [n, c, h, w]), [0, 2, 3, 1]) as tf.Tensor4D;
    const gain = tf.tensor4d(draw.gain, [n, 1, 1, 1]);
    const offset = tf.tensor4d(draw.offset, [n, 1, 1, 1]);
    return back.mul(gain).add(offset) as tf.Tensor4D;
  });
}

/** Draws and applies in one go; p = 0 returns the input untouched (no cost) but still advances the RNG. */
export function augment(images: tf.Tensor4D, rng: Rng, p: number): tf.Tensor4D {
  const draw = drawAugment(rng, images.shape[0], images.shape[1], p);
  return p > 0 ? applyAugment(images, draw) : images;
}
