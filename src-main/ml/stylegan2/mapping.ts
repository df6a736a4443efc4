// Mapping network z → w (NVlabs MappingNetwork, unconditional): normalise z to unit second moment, apply the
// fully connected lrelu layers (lr multiplier 0.01), broadcast to num_ws copies, truncate towards w_avg.
import * as tf from '@tensorflow/tfjs';
import { numWs } from './config.js';
import type { StyleGan2Config } from './config.js';
import { fullyConnected, normalize2ndMoment } from './layers.js';
import { param } from './params.js';
import type { ParamMap } from './params.js';

export interface TruncationOptions {
  /** ψ: 1 keeps w as mapped, 0 collapses every sample onto w_avg. */
  psi?: number;
  /** Only the first `cutoff` of the num_ws copies are truncated (null: all). */
  cutoff?: number | null;
}

/** z [N, zDim] → w [N, wDim], before broadcast and truncation (what training averages into w_avg). */
export function mapToW(params: ParamMap, config: StyleGan2Config, z: tf.Tensor2D): tf.Tensor2D {
  if (z.shape[1] !== config.zDim) throw new Error(`mapping: z has ${z.shape[1]} dimensions, the model expects ${config.zDim}`);
  return tf.tidy(() => {
    let x = normalize2ndMoment(z);
    for (let i = 0; i < config.mappingLayers; i++) {
      x = fullyConnected(x, param(params, `mapping.fc${i}.weight`), param(params, `mapping.fc${i}.bias`), {
        act: 'lrelu',
        lrMul: config.mappingLrMultiplier,
      });
    }
    return x;
  });
}

/** Broadcasts w [N, wDim] to ws [N, numWs, wDim] and applies truncation ψ (with optional layer cutoff). */
export function broadcastAndTruncate(params: ParamMap, config: StyleGan2Config, w: tf.Tensor2D, opts: TruncationOptions = {}): tf.Tensor3D {
  const psi = opts.psi ?? 1;
  const count = numWs(config);
  return tf.tidy(() => {
    const ws = tf.tile(tf.expandDims(w, 1), [1, count, 1]) as tf.Tensor3D;
    return truncateWs(params, ws, { psi, cutoff: opts.cutoff });
  });
}

/** ws ← w_avg + ψ·(ws − w_avg) on the first `cutoff` layers (all when cutoff is null/undefined). */
export function truncateWs(params: ParamMap, ws: tf.Tensor3D, opts: TruncationOptions = {}): tf.Tensor3D {
  const psi = opts.psi ?? 1;
  if (psi === 1) return tf.clone(ws);
  return tf.tidy(() => {
    const wAvg = param(params, 'mapping.w_avg');
    const truncated = tf.add(wAvg, tf.mul(tf.sub(ws, wAvg), psi)) as tf.Tensor3D;
    const cutoff = opts.cutoff ?? null;
    if (cutoff === null || cutoff >= ws.shape[1]) return truncated;
    const [n, count, d] = ws.shape;
    const head = tf.slice(truncated, [0, 0, 0], [n, cutoff, d]);
    const tail = tf.slice(ws, [0, cutoff, 0], [n, count - cutoff, d]);
    return tf.concat([head, tail], 1);
  });
}

/** The full NVlabs mapping forward: z [N, zDim] → ws [N, numWs, wDim]. */
export function mapping(params: ParamMap, config: StyleGan2Config, z: tf.Tensor2D, opts: TruncationOptions = {}): tf.Tensor3D {
  return tf.tidy(() => broadcastAndTruncate(params, config, mapToW(params, config, z), opts));
}

/** Training: w_avg ← lerp(mean(w), w_avg, β) (NVlabs updates it on every mapping call in training mode). */
export function updatedWAvg(params: ParamMap, w: tf.Tensor2D, beta: number): tf.Tensor1D {
  return tf.tidy(() => {
    const mean = tf.mean(w, 0);
    const wAvg = param(params, 'mapping.w_avg');
    return tf.add(mean, tf.mul(tf.sub(wAvg, mean), beta)) as tf.Tensor1D;
  });
}
