// Conv2D gradient kernels for the wasm backend, composed of its fast kernels (XNNPACK conv2d, BatchMatMul).
// tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel (so no filter gradients: no training) and its
// Conv2DBackpropInput is a naive loop (slow transposed convolutions in the generator). Both gradients are
// written as a convolution or as one matrix product with col2im done in JavaScript, whichever measured faster
// for the case (see each function).
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

/** At most this many floats in one patch matrix (64 MB); larger batches are processed in slices of images. */
const maxColumnFloats = 1 << 24;

/** The convolution's geometry as col2im needs it. */
interface PatchGeometry {
  h: number;
  w: number;
  cin: number;
  ho: number;
  wo: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  padTop: number;
  padLeft: number;
}

function patchGeometry(info: tf.backend_util.Conv2DInfo): PatchGeometry {
  return {
    h: info.inHeight,
    w: info.inWidth,
    cin: info.inChannels,
    ho: info.outHeight,
    wo: info.outWidth,
    kh: info.filterHeight,
    kw: info.filterWidth,
    sh: info.strideHeight,
    sw: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** Images per slice so that a slice's [images·Ho·Wo, kh·kw·Cin] patch matrix stays under `maxColumnFloats`. */
function imagesPerSlice(g: PatchGeometry, n: number, maxColumns: number): number {
  return Math.max(1, Math.min(n, Math.floor(maxColumns / (g.ho * g.wo * g.kh * g.kw * g.cin))));
}

/** col2im: adds each patch row back onto the input pixels it came from (the adjoint of im2col). */
function col2imAdd(cols: Float32Array, dx: Float32Array, first: number, count: number, g: PatchGeometry): void {
  const k = g.kh * g.kw * g.cin;
  for (let b = 0; b < count; b++) {
    const image = (first + b) * g.h * g.w * g.cin;
    for (let oy = 0; oy < g.ho; oy++) {
      for (let ox = 0; ox < g.wo; ox++) {
        const row = ((b * g.ho + oy) * g.wo + ox) * k;
        for (let i = 0; i < g.kh; i++) {
          const y = oy * g.sh + i - g.padTop;
          if (y < 0 || y >= g.h) continue;
          for (let j = 0; j < g.kw; j++) {
            const xx = ox * g.sw + j - g.padLeft;
            if (xx < 0 || xx >= g.w) continue;
            const dst = image + (y * g.w + xx) * g.cin;
            const src = row + (i * g.kw + j) * g.cin;
            for (let c = 0; c < g.cin; c++) dx[dst + c] += cols[src + c];
          }
        }
      }
    }
  }
}

/**
 * dW[i,j,ci,co] = Σ_{n,ho,wo} x[n, ho·s+i−pad, wo·s+j−pad, ci] · dy[n,ho,wo,co]: a stride-1 convolution of x
 * (batch and channels swapped) with dy as the filter, dilated by the forward stride. (im2col + one BatchMatMul
 * measured 2–4× slower than this at 64 px: the long reduction over N·Ho·Wo does not suit that kernel.)
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
 * spatially flipped filter whose in/out channels are swapped (XNNPACK's forward speed). Stride s > 1 (the
 * generator's transposed convolutions, the discriminator's downsampling gradients): one matrix product
 * dy [N·Ho·Wo, Cout] · Wᵀ [Cout, kh·kw·Cin] gives every patch's contribution, and col2im adds them onto dx. This
 * does exactly the multiply-adds needed; the earlier phase-split convolution padded 3×3 taps to 4×4 (16/9 of the
 * work) and interleaved the phases with the wasm DepthToSpace kernel, which alone cost as much as the product.
 */
export function conv2dBackpropInputViaConv(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: [number, number, number, number],
  attrs: Pick<Conv2DBackpropInputAttrs, 'strides' | 'pad' | 'dataFormat' | 'dimRoundingMode'>,
  maxColumns = maxColumnFloats,
): tf.Tensor4D {
  const g = patchGeometry(convInfo(inputShape, filter.shape, attrs, 'Conv2DBackpropInput'));
  const [n, h, w, cin] = inputShape;
  const { kh, kw, ho, wo, padTop, padLeft } = g;
  if (g.sh === 1 && g.sw === 1) {
    return tf.tidy(() => {
      const flipped = tf.transpose(subFilter(filter, 0, 0, 1, 1), [0, 1, 3, 2]);
      const padded = padOrCrop(dy, { top: kh - 1 - padTop, bottom: h + padTop - ho, left: kw - 1 - padLeft, right: w + padLeft - wo });
      return tf.conv2d(padded, flipped, 1, 'valid');
    });
  }
  const cout = filter.shape[3];
  const k = kh * kw * cin;
  const dx = new Float32Array(n * h * w * cin);
  const slice = imagesPerSlice(g, n, maxColumns);
  const weightT = tf.tidy(() => tf.transpose(tf.reshape(filter, [k, cout]))); // [Cout, K]
  for (let first = 0; first < n; first += slice) {
    const count = Math.min(slice, n - first);
    const cols = tf.tidy(() => {
      const dySlice = count === n ? dy : tf.slice(dy, [first, 0, 0, 0], [count, -1, -1, -1]);
      return tf.matMul(tf.reshape(dySlice, [count * ho * wo, cout]), weightT);
    });
    col2imAdd(cols.dataSync() as Float32Array, dx, first, count, g);
    cols.dispose();
  }
  weightT.dispose();
  return tf.tensor4d(dx, inputShape);
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
