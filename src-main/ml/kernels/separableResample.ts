// NVlabs upfirdn2d (zero-insert, pad/crop, FIR, decimate) as one separable linear op on NHWC tensors, computed in
// JavaScript with the exact adjoint as its gradient. On the wasm backend the FIR was a single-channel conv2d with
// the channels folded into the batch (two transposes, an XNNPACK call that is slow for one channel, and a
// gradient through phase-split convolutions): ~20 % of a training step. A 4-tap filter is 8 multiply-adds per
// output pixel here, along contiguous rows. Because the gradient is the transposed op (whose gradient is the op
// again), derivatives of any order exist, which R1's double backprop needs.
import * as tf from '@tensorflow/tfjs';

/** One axis of the op: out[o] += weight · in[i] for each (o, i, weight) entry. */
export interface AxisMap {
  readonly inSize: number;
  readonly outSize: number;
  readonly out: Int32Array;
  readonly in: Int32Array;
  readonly weight: Float32Array;
}

/**
 * The 1-D upfirdn map: zero-insert `up − 1` zeros after each sample, pad (positive) or crop (negative) by
 * pad0/pad1, correlate with `taps` ('valid'), keep every `down`-th output.
 */
export function axisMap(inSize: number, taps: readonly number[], up: number, down: number, pad0: number, pad1: number): AxisMap {
  const k = taps.length;
  const padded = inSize * up + pad0 + pad1;
  const outSize = Math.floor((padded - k) / down) + 1;
  if (outSize < 1) throw new Error(`upfirdn2d: an axis of ${inSize} samples (up ${up}, pad ${pad0}/${pad1}) is shorter than the ${k}-tap filter`);
  const outs: number[] = [];
  const ins: number[] = [];
  const weights: number[] = [];
  for (let o = 0; o < outSize; o++) {
    for (let t = 0; t < k; t++) {
      const m = o * down + t - pad0; // index in the zero-inserted signal
      if (m < 0 || m >= inSize * up || m % up !== 0 || taps[t] === 0) continue;
      outs.push(o);
      ins.push(m / up);
      weights.push(taps[t]);
    }
  }
  return { inSize, outSize, out: Int32Array.from(outs), in: Int32Array.from(ins), weight: Float32Array.from(weights) };
}

/** The adjoint map (in and out swapped): what the gradient applies. */
export function transposeMap(m: AxisMap): AxisMap {
  return { inSize: m.outSize, outSize: m.inSize, out: m.in, in: m.out, weight: m.weight };
}

/** Applies `rows` along H then `cols` along W to NHWC data; the inner loops run over contiguous memory. */
export function applySeparable(x: Float32Array, shape: readonly [number, number, number, number], rows: AxisMap, cols: AxisMap): Float32Array {
  const [n, h, w, c] = shape;
  if (rows.inSize !== h || cols.inSize !== w) throw new Error(`upfirdn2d: maps for ${rows.inSize}×${cols.inSize} applied to ${h}×${w}`);
  const rowLength = w * c;
  const ho = rows.outSize;
  const wo = cols.outSize;
  const tmp = new Float32Array(n * ho * rowLength);
  for (let b = 0; b < n; b++) {
    for (let e = 0; e < rows.out.length; e++) {
      const weight = rows.weight[e];
      const dst = (b * ho + rows.out[e]) * rowLength;
      const src = (b * h + rows.in[e]) * rowLength;
      for (let q = 0; q < rowLength; q++) tmp[dst + q] += weight * x[src + q];
    }
  }
  const out = new Float32Array(n * ho * wo * c);
  for (let r = 0; r < n * ho; r++) {
    for (let e = 0; e < cols.out.length; e++) {
      const weight = cols.weight[e];
      const dst = (r * wo + cols.out[e]) * c;
      const src = (r * w + cols.in[e]) * c;
      for (let q = 0; q < c; q++) out[dst + q] += weight * tmp[src + q];
    }
  }
  return out;
}

/** The separable op as a differentiable tfjs op (the gradient is the adjoint op, itself differentiable). */
export function separableResample(x: tf.Tensor4D, rows: AxisMap, cols: AxisMap): tf.Tensor4D {
  const [n, , , c] = x.shape;
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const input = args[0] as tf.Tensor4D;
    return {
      value: tf.tensor4d(applySeparable(input.dataSync() as Float32Array, input.shape, rows, cols), [n, rows.outSize, cols.outSize, c]),
      gradFunc: (dy: tf.Tensor) => separableResample(dy as tf.Tensor4D, transposeMap(rows), transposeMap(cols)),
    };
  });
  return op(x) as tf.Tensor4D;
}
