// Conv2D gradient kernels for the wasm backend, composed of the fast XNNPACK conv2d on rearranged tensors.
// tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel (so no filter gradients: no training) and its
// Conv2DBackpropInput is a naive loop (slow transposed convolutions in the generator). Both gradients are
// themselves convolutions; writing them as conv2d on transposed / phase-split tensors reuses the optimised kernel.
import * as tf from '@tensorflow/tfjs';
import type { Conv2DBackpropFilterAttrs, Conv2DBackpropInputAttrs, KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';

type Padding4 = { top: number; bottom: number; left: number; right: number };

/** Wraps a kernel input as a Tensor so ordinary ops can run on it (the engine passes Tensors from ops already). */
function asTensor(info: TensorInfo): tf.Tensor {
  return info instanceof tf.Tensor ? info : tf.engine().makeTensorFromTensorInfo(info);
}

/** Pads (positive) or crops (negative) each spatial side of an NHWC tensor. */
export function padOrCrop(x: tf.Tensor4D, p: Padding4): tf.Tensor4D {
  const [, h, w] = x.shape;
  const cropTop = Math.max(-p.top, 0);
  const cropBottom = Math.max(-p.bottom, 0);
  const cropLeft = Math.max(-p.left, 0);
  const cropRight = Math.max(-p.right, 0);
  let y = x;
  if (cropTop || cropBottom || cropLeft || cropRight) {
    y = tf.slice(y, [0, cropTop, cropLeft, 0], [-1, h - cropTop - cropBottom, w - cropLeft - cropRight, -1]);
  }
  const padTop = Math.max(p.top, 0);
  const padBottom = Math.max(p.bottom, 0);
  const padLeft = Math.max(p.left, 0);
  const padRight = Math.max(p.right, 0);
  if (padTop || padBottom || padLeft || padRight) {
    y = tf.pad(y, [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]]);
  }
  return y;
}

function convInfo(
  xShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  attrs: Pick<Conv2DBackpropFilterAttrs, 'strides' | 'pad' | 'dataFormat' | 'dimRoundingMode'>,
  kernel: string,
): tf.backend_util.Conv2DInfo {
  if (attrs.dataFormat === 'NCHW') throw new Error(`${kernel}: this wasm kernel supports NHWC only`);
  return tf.backend_util.computeConv2DInfo(xShape, filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
}

/**
 * dW[i,j,ci,co] = Σ_{n,ho,wo} x[n, ho·s+i−pad, wo·s+j−pad, ci] · dy[n,ho,wo,co]: a stride-1 convolution of x
 * (batch and channels swapped) with dy as the filter, dilated by the forward stride.
 */
export function conv2dBackpropFilterViaConv(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: [number, number, number, number],
  attrs: Pick<Conv2DBackpropFilterAttrs, 'strides' | 'pad' | 'dataFormat' | 'dimRoundingMode'>,
): tf.Tensor4D {
  const info = convInfo(x.shape, filterShape, attrs, 'Conv2DBackpropFilter');
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw, outHeight: ho, outWidth: wo } = info;
  return tf.tidy(() => {
    const spanH = kh + (ho - 1) * sh;
    const spanW = kw + (wo - 1) * sw;
    const padded = padOrCrop(x, {
      top: info.padInfo.top,
      bottom: spanH - info.padInfo.top - x.shape[1],
      left: info.padInfo.left,
      right: spanW - info.padInfo.left - x.shape[2],
    });
    const xT = tf.transpose(padded, [3, 1, 2, 0]); // [Cin, H, W, N]
    const dyT = tf.transpose(dy, [1, 2, 0, 3]); // [Ho, Wo, N, Cout]
    const out = tf.conv2d(xT, dyT, 1, 'valid', 'NHWC', [sh, sw]); // [Cin, kh, kw, Cout]
    return tf.transpose(out, [1, 2, 0, 3]);
  });
}

/**
 * dx[h] = Σ_{ho,i : ho·s + i − pad = h} dy[ho]·W[i]. Stride 1: a convolution of dy, padded by k−1−pad, with the
 * spatially flipped filter whose in/out channels are swapped. Stride s > 1: split by output phase (sub-pixel
 * decomposition): the pixels with (h + pad) mod s = r only see the taps i ≡ r (mod s), so each phase is a small
 * stride-1 convolution of dy, and the s² phases are interleaved. That does 1/s² of the work of convolving a
 * zero-dilated dy.
 */
export function conv2dBackpropInputViaConv(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: [number, number, number, number],
  attrs: Pick<Conv2DBackpropInputAttrs, 'strides' | 'pad' | 'dataFormat' | 'dimRoundingMode'>,
): tf.Tensor4D {
  const info = convInfo(inputShape, filter.shape, attrs, 'Conv2DBackpropInput');
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw, outHeight: ho, outWidth: wo } = info;
  const [n, h, w, cin] = inputShape;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  return tf.tidy(() => {
    if (sh === 1 && sw === 1) {
      const flipped = tf.transpose(subFilter(filter, 0, 0, 1, 1), [0, 1, 3, 2]);
      const padded = padOrCrop(dy, { top: kh - 1 - padTop, bottom: h + padTop - ho, left: kw - 1 - padLeft, right: w + padLeft - wo });
      return tf.conv2d(padded, flipped, 1, 'valid');
    }
    // Phase outputs cover the virtual index H' = h + pad = q·s + r for q in [0, qh).
    const qh = Math.ceil((h + padTop) / sh);
    const qw = Math.ceil((w + padLeft) / sw);
    if (sh === sw) {
      // All phases in one convolution: the filter is zero-padded to a multiple of the stride so every phase has
      // the same taps, the phases become output-channel blocks, and depthToSpace interleaves them (stacking in
      // the wasm backend is a JavaScript copy loop, slow for few channels).
      const th = Math.ceil(kh / sh);
      const tw = Math.ceil(kw / sw);
      const padded = padOrCrop(dy, { top: th - 1, bottom: qh - ho, left: tw - 1, right: qw - wo });
      const y = tf.conv2d(padded, phaseFilters(filter, sh), 1, 'valid'); // [N, qh, qw, s²·Cin]
      const interleaved = tf.depthToSpace(y, sh); // [N, qh·s, qw·s, Cin]
      return tf.slice(interleaved, [0, padTop, padLeft, 0], [n, h, w, cin]);
    }
    const rows: tf.Tensor4D[] = [];
    for (let rh = 0; rh < sh; rh++) {
      const cols: tf.Tensor4D[] = [];
      for (let rw = 0; rw < sw; rw++) {
        const th = Math.ceil((kh - rh) / sh);
        const tw = Math.ceil((kw - rw) / sw);
        if (th <= 0 || tw <= 0) {
          cols.push(tf.zeros([n, qh, qw, cin]));
          continue;
        }
        const taps = tf.transpose(subFilter(filter, rh, rw, sh, sw), [0, 1, 3, 2]); // [th, tw, Cout, Cin]
        const padded = padOrCrop(dy, { top: th - 1, bottom: qh - ho, left: tw - 1, right: qw - wo });
        cols.push(tf.conv2d(padded, taps, 1, 'valid'));
      }
      rows.push(tf.stack(cols, 3) as tf.Tensor4D); // [N, qh, qw, sw, C]
    }
    const interleaved = tf.reshape(tf.stack(rows, 2), [n, qh * sh, qw * sw, cin]) as tf.Tensor4D;
    return tf.slice(interleaved, [0, padTop, padLeft, 0], [n, h, w, cin]);
  });
}

/**
 * [th, tw, Cout, s²·Cin]: for each phase (rh, rw), rh major, its reversed taps W[rh + s·i, rw + s·j] of the
 * filter zero-padded to th·s × tw·s, with in/out channels swapped; channel block rh·s + rw is that phase, the
 * order depthToSpace expects.
 */
function phaseFilters(filter: tf.Tensor4D, s: number): tf.Tensor4D {
  const [kh, kw, cin, cout] = filter.shape;
  const th = Math.ceil(kh / s);
  const tw = Math.ceil(kw / s);
  const full = tf.pad(filter, [[0, th * s - kh], [0, tw * s - kw], [0, 0], [0, 0]]);
  const rows: number[] = [];
  for (let rh = 0; rh < s; rh++)
    for (let rw = 0; rw < s; rw++)
      for (let i = th - 1; i >= 0; i--) for (let j = tw - 1; j >= 0; j--) rows.push((rh + s * i) * tw * s + (rw + s * j));
  const gathered = tf.reshape(tf.gather(tf.reshape(full, [th * s * tw * s, cin * cout]), rows), [s * s, th, tw, cin, cout]);
  return tf.reshape(tf.transpose(gathered, [1, 2, 4, 0, 3]), [th, tw, cout, s * s * cin]) as tf.Tensor4D;
}

/**
 * Taps W[r + s·t] of one phase, in reverse order (a correlation with them is the convolution the gradient needs),
 * gathered as rows: the wasm Reverse kernel takes ~80 ms on a 3×3×128×128 filter, a row gather is a memcpy.
 */
function subFilter(filter: tf.Tensor4D, rh: number, rw: number, sh: number, sw: number): tf.Tensor4D {
  const [kh, kw, cin, cout] = filter.shape;
  const th = Math.ceil((kh - rh) / sh);
  const tw = Math.ceil((kw - rw) / sw);
  const rowsOf: number[] = [];
  for (let i = th - 1; i >= 0; i--) for (let j = tw - 1; j >= 0; j--) rowsOf.push((rh + sh * i) * kw + (rw + sw * j));
  return tf.reshape(tf.gather(tf.reshape(filter, [kh * kw, cin * cout]), rowsOf), [th, tw, cin, cout]);
}

function conv2dBackpropFilterKernel({ inputs, attrs }: { inputs: NamedTensorInfoMap; attrs?: NamedAttrMap }): tf.Tensor {
  const a = attrs as unknown as Conv2DBackpropFilterAttrs;
  const x = asTensor(inputs.x as TensorInfo) as tf.Tensor4D;
  const dy = asTensor(inputs.dy as TensorInfo) as tf.Tensor4D;
  return conv2dBackpropFilterViaConv(x, dy, a.filterShape, a);
}

function conv2dBackpropInputKernel({ inputs, attrs }: { inputs: NamedTensorInfoMap; attrs?: NamedAttrMap }): tf.Tensor {
  const a = attrs as unknown as Conv2DBackpropInputAttrs;
  const dy = asTensor(inputs.dy as TensorInfo) as tf.Tensor4D;
  const filter = asTensor(inputs.filter as TensorInfo) as tf.Tensor4D;
  return conv2dBackpropInputViaConv(dy, filter, a.inputShape, a);
}

const composedKernels: ReadonlyArray<Pick<KernelConfig, 'kernelName' | 'kernelFunc'>> = [
  { kernelName: 'Conv2DBackpropFilter', kernelFunc: conv2dBackpropFilterKernel as KernelConfig['kernelFunc'] },
  { kernelName: 'Conv2DBackpropInput', kernelFunc: conv2dBackpropInputKernel as KernelConfig['kernelFunc'] },
];

/**
 * Registers the composed kernels for a backend (idempotent). Existing registrations are replaced: the wasm
 * Conv2DBackpropInput works but is a scalar loop several times slower than conv2d.
 */
export function registerConvBackpropKernels(backendName = 'wasm'): void {
  for (const kernel of composedKernels) {
    if (tf.getKernel(kernel.kernelName, backendName)?.kernelFunc === kernel.kernelFunc) continue;
    if (tf.getKernel(kernel.kernelName, backendName)) tf.unregisterKernel(kernel.kernelName, backendName);
    tf.registerKernel({ ...kernel, backendName });
  }
}
