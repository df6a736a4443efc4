// Reverse-mode autodiff over a Tape: appends the backward pass of recorded ops to the same ONNX graph. Every rule
// is written with Tape ops, so the backward graph is itself recorded and can be differentiated again (R1 needs
// ∇θ‖∇ₓD‖²). Only ops on a path from `wrt` to the output get a backward node, so ∇ₓ never pays for weight
// gradients and Dmain never pays for the image gradient.
import type { ConvAttrs, Shape, Tape, TapeOp } from './tape.js';

/** Sums a broadcast gradient back to the operand's shape (the adjoint of numpy broadcasting). */
export function reduceTo(t: Tape, v: string, target: Shape): string {
  const s = t.shape(v);
  if (s.join() === target.join()) return v;
  const r = s.length - target.length;
  const axes: number[] = [];
  for (let i = 0; i < s.length; i++) if (i < r || (target[i - r] === 1 && s[i] !== 1)) axes.push(i);
  const summed = axes.length > 0 ? t.sum(v, axes, true) : v;
  return t.reshape(summed, target);
}

/** Swaps the last two axes (a batched matrix transpose). */
function swapLast(t: Tape, v: string): string {
  const rank = t.shape(v).length;
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return t.transpose(v, perm);
}

/**
 * ∂/∂w of ⟨upstream, Conv(input, w)⟩ for a convolution with `attrs` (group 1), as im2col + MatMul (one long GEMM
 * per image, which MLAS runs far faster than a convolution with the image as its kernel): a depthwise convolution
 * with one-hot kernels gathers each input channel's k×k neighbourhoods [N, inC·k², h, w], then
 * dW[o, c·k²+j] = Σₙ upstream[n, o, :] · cols[n, c·k²+j, :]. Result [outC, inC, kh, kw] (w's layout).
 */
export function convWeightGrad(t: Tape, input: string, upstream: string, wShape: Shape, attrs: ConvAttrs): string {
  if (attrs.group !== 1) throw new Error('autodiff: the weight gradient of a grouped convolution is not supported (its weights are fixed filters)');
  const [co, ci, kh, kw] = wShape;
  const [n, , h, w] = t.shape(upstream);
  const kk = kh * kw;
  const plain = kk === 1 && attrs.strides.every((v) => v === 1) && attrs.pads.every((v) => v === 0);
  let cols = input;
  if (!plain) {
    const onehot = new Float32Array(ci * kk * kk);
    for (let c = 0; c < ci; c++) for (let j = 0; j < kk; j++) onehot[(c * kk + j) * kk + j] = 1;
    cols = t.conv(input, t.constant('im2col', onehot, [ci * kk, 1, kh, kw]), { ...attrs, group: ci });
  }
  const products = t.matmul(t.reshape(upstream, [n, co, h * w]), swapLast(t, t.reshape(cols, [n, ci * kk, h * w])));
  return t.reshape(t.sum(products, [0], false), [co, ci, kh, kw]);
}

/**
 * The weight of the convolution that is the adjoint of a stride-1 Conv with weight w [O, C/g, k, k]: each
 * kernel flipped in both spatial axes and the in/out roles swapped within each group → [C, O/g, k, k]. The flip
 * is a MatMul with a reversal permutation, so it stays differentiable.
 */
function adjointKernel(t: Tape, w: string, group: number, inChannels: number): string {
  const [o, cg, kh, kw] = t.shape(w);
  const kk = kh * kw;
  const reverse = new Float32Array(kk * kk);
  for (let j = 0; j < kk; j++) reverse[j * kk + (kk - 1 - j)] = 1;
  const grouped = t.transpose(t.reshape(w, [group, o / group, cg, kk]), [0, 2, 1, 3]);
  const flipped = t.matmul(t.reshape(grouped, [inChannels * (o / group), kk]), t.constant('flip', reverse, [kk, kk]));
  return t.reshape(flipped, [inChannels, o / group, kh, kw]);
}

/** ∂x of a Conv: a plain convolution with the adjoint kernel when stride and dilation are 1 (MLAS runs Conv much
 * faster than ConvTranspose), else the ConvTranspose that is its adjoint. */
function convInputGrad(t: Tape, dy: string, w: string, attrs: ConvAttrs, xShape: Shape): string {
  const [, , kh, kw] = t.shape(w);
  const pads: [number, number, number, number] = [kh - 1 - attrs.pads[0], kw - 1 - attrs.pads[1], kh - 1 - attrs.pads[2], kw - 1 - attrs.pads[3]];
  const unit = attrs.strides.every((v) => v === 1) && attrs.dilations.every((v) => v === 1);
  if (unit && pads.every((p) => p >= 0)) return t.conv(dy, adjointKernel(t, w, attrs.group, xShape[1]), { pads, group: attrs.group });
  return t.convTranspose(dy, w, attrs, [xShape[2], xShape[3]]);
}

/** The input gradients of one op given its output gradient; null where `needs` says an input needs none. */
function vjp(t: Tape, op: TapeOp, dy: string, needs: (i: number) => boolean): (string | null)[] {
  const y = op.output;
  const at = (i: number, f: () => string): string | null => (needs(i) ? f() : null);
  switch (op.kind) {
    case 'Add':
    case 'Sub': {
      const [a, b] = op.inputs;
      return [at(0, () => reduceTo(t, dy, t.shape(a))), at(1, () => reduceTo(t, op.kind === 'Add' ? dy : t.neg(dy), t.shape(b)))];
    }
    case 'Mul': {
      const [a, b] = op.inputs;
      return [at(0, () => reduceTo(t, t.mul(dy, b), t.shape(a))), at(1, () => reduceTo(t, t.mul(dy, a), t.shape(b)))];
    }
    case 'Div': {
      const [a, b] = op.inputs;
      // ∂(a/b)/∂b = −(a/b)/b
      return [at(0, () => reduceTo(t, t.div(dy, b), t.shape(a))), at(1, () => reduceTo(t, t.neg(t.div(t.mul(dy, y), b)), t.shape(b)))];
    }
    case 'MatMul': {
      const [a, b] = op.inputs;
      return [at(0, () => reduceTo(t, t.matmul(dy, swapLast(t, b)), t.shape(a))), at(1, () => reduceTo(t, t.matmul(swapLast(t, a), dy), t.shape(b)))];
    }
    case 'Neg':
      return [t.neg(dy)];
    case 'Sqrt':
      return [t.div(t.scale(dy, 0.5), y)];
    case 'Reciprocal':
      return [t.neg(t.mul(dy, t.mul(y, y)))];
    case 'Sigmoid':
      return [t.mul(dy, t.mul(y, t.sub(t.scalar(1), y)))];
    case 'Softplus':
      return [t.mul(dy, t.sigmoid(op.inputs[0]))];
    case 'LeakyRelu':
      return [t.mul(dy, t.slopeMask(op))];
    case 'Clip':
      return [t.mul(dy, t.clipMask(op.inputs[0], op.lo, op.hi))];
    case 'ReduceSum':
    case 'ReduceMean': {
      const xs = t.shape(op.inputs[0]);
      const kept = xs.map((d, i) => (op.axes.includes(i) ? 1 : d));
      const count = op.axes.reduce((n, i) => n * xs[i], 1);
      const g = op.kind === 'ReduceMean' ? t.scale(dy, 1 / count) : dy;
      return [t.expand(t.reshape(g, kept), xs)];
    }
    case 'Reshape':
      return [t.reshape(dy, t.shape(op.inputs[0]))];
    case 'Expand':
      return [reduceTo(t, dy, t.shape(op.inputs[0]))];
    case 'Transpose': {
      const inverse = new Array<number>(op.perm.length);
      op.perm.forEach((p, i) => (inverse[p] = i));
      return [t.transpose(dy, inverse)];
    }
    case 'Slice': {
      const xs = t.shape(op.inputs[0]);
      return [t.pad(dy, [...op.starts, ...xs.map((d, i) => d - op.ends[i])])];
    }
    case 'Pad': {
      const xs = t.shape(op.inputs[0]);
      const begins = op.pads.slice(0, xs.length);
      return [t.slice(dy, begins, xs.map((d, i) => begins[i] + d))];
    }
    case 'Conv': {
      const [x, w] = op.inputs;
      const xs = t.shape(x);
      return [at(0, () => convInputGrad(t, dy, w, op.attrs, xs)), at(1, () => convWeightGrad(t, x, dy, t.shape(w), op.attrs))];
    }
    case 'ConvTranspose': {
      const [x, w] = op.inputs;
      // ConvTranspose is the adjoint of Conv with the same weight and attributes.
      return [at(0, () => t.conv(dy, w, op.attrs)), at(1, () => convWeightGrad(t, dy, x, t.shape(w), op.attrs))];
    }
  }
}

/**
 * Appends ∂⟨seed, y⟩/∂v for each v in `wrt` to the tape's graph (seed: ones when omitted). Returns one gradient
 * value per `wrt` entry, or null where y does not depend on it.
 */
export function grad(t: Tape, y: string, wrt: readonly string[], seed?: string): (string | null)[] {
  const ops = t.ops.slice();
  const depends = new Set(wrt);
  for (const op of ops) if (op.inputs.some((i) => depends.has(i))) depends.add(op.output);
  const start = seed ?? t.constant('ones', new Float32Array(t.shape(y).reduce((a, b) => a * b, 1)).fill(1), t.shape(y));
  if (t.shape(start).join() !== t.shape(y).join()) throw new Error(`autodiff: seed [${t.shape(start)}] for output [${t.shape(y)}]`);
  const pending = new Map<string, string[]>([[y, [start]]]);
  const total = (v: string): string | null => {
    const parts = pending.get(v);
    if (!parts || parts.length === 0) return null;
    let acc = parts[0];
    for (let i = 1; i < parts.length; i++) acc = t.add(acc, parts[i]);
    pending.set(v, [acc]);
    return acc;
  };
  for (let k = ops.length - 1; k >= 0; k--) {
    const op = ops[k];
    if (!depends.has(op.output)) continue;
    const dy = total(op.output);
    if (dy === null) continue;
    const needs = (i: number): boolean => depends.has(op.inputs[i]) && !t.isConstant(op.inputs[i]);
    const grads = vjp(t, op, dy, needs);
    grads.forEach((g, i) => {
      if (g === null || !needs(i)) return;
      const list = pending.get(op.inputs[i]) ?? [];
      list.push(g);
      pending.set(op.inputs[i], list);
    });
  }
  return wrt.map((v) => total(v));
}
