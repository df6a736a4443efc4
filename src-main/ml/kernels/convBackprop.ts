// Conv2D gradient kernels for the wasm backend, composed of the fast XNNPACK conv2d on rearranged tensors.
// tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel (so no filter gradients: no training) and its
// Conv2DBackpropInput is a naive loop (slow transposed convolutions in the generator). Both gradients are
// themselves convolutions; writing them as conv2d on transposed / zero-dilated tensors reuses the optimised kernel.
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

/** Inserts stride−1 zeros between pixels (not after the last one): [N,H,W,C] → [N,(H−1)s+1,(W−1)s+1,C]. */
export function zeroDilate(x: tf.Tensor4D, strideH: number, strideW: number): tf.Tensor4D {
  if (strideH === 1 && strideW === 1) return x;
  const [n, h, w, c] = x.shape;
  const spread = tf.pad(tf.reshape(x, [n, h, 1, w, 1, c]), [[0, 0], [0, 0], [0, strideH - 1], [0, 0], [0, strideW - 1], [0, 0]]);
  const full = tf.reshape(spread, [n, h * strideH, w * strideW, c]);
  return tf.slice(full, [0, 0, 0, 0], [-1, (h - 1) * strideH + 1, (w - 1) * strideW + 1, -1]) as tf.Tensor4D;
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
 * dx = dy zero-dilated by the stride, padded by (k−1−pad), convolved at stride 1 with the spatially flipped filter
 * whose in/out channels are swapped.
 */
export function conv2dBackpropInputViaConv(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: [number, number, number, number],
  attrs: Pick<Conv2DBackpropInputAttrs, 'strides' | 'pad' | 'dataFormat' | 'dimRoundingMode'>,
): tf.Tensor4D {
  const info = convInfo(inputShape, filter.shape, attrs, 'Conv2DBackpropInput');
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw, outHeight: ho, outWidth: wo } = info;
  const [, h, w] = inputShape;
  return tf.tidy(() => {
    const dilated = zeroDilate(dy, sh, sw);
    const top = kh - 1 - info.padInfo.top;
    const left = kw - 1 - info.padInfo.left;
    const padded = padOrCrop(dilated, {
      top,
      bottom: h + kh - 1 - top - ((ho - 1) * sh + 1),
      left,
      right: w + kw - 1 - left - ((wo - 1) * sw + 1),
    });
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]);
    return tf.conv2d(padded, flipped, 1, 'valid');
  });
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
