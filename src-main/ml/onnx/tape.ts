// A recording layer over GraphBuilder for training graphs: every op's output shape is known at build time (the
// batch is fixed when the graph is built), and each differentiable op is kept on a tape so autodiff.ts can append
// its backward pass to the same graph. Values made by `constant`, `input(…, {grad: false})` or comparison masks
// carry no gradient. The op set is exactly what StyleGAN2 training needs, and the backward rules emit only ops of
// this set, so the backward graph can itself be differentiated (R1's double backward).
import { GraphBuilder, floatAttr } from './graph.js';

export type Shape = readonly number[];

export interface ConvAttrs {
  strides: [number, number];
  /** [top, left, bottom, right] as ONNX orders them. */
  pads: [number, number, number, number];
  dilations: [number, number];
  group: number;
}

/** One recorded op: enough to emit its vector-Jacobian product. */
export type TapeOp =
  | { kind: 'Add' | 'Sub' | 'Mul' | 'Div' | 'MatMul'; inputs: [string, string]; output: string }
  | { kind: 'Neg' | 'Sqrt' | 'Reciprocal' | 'Sigmoid' | 'Softplus'; inputs: [string]; output: string }
  /** y = clip(leakyRelu(x), −clamp, clamp); `pre` is the value before the clamp (= output without one). */
  | { kind: 'LeakyRelu'; inputs: [string]; output: string; alpha: number; clamp: number | null; pre: string }
  | { kind: 'Clip'; inputs: [string]; output: string; lo: number; hi: number }
  | { kind: 'ReduceSum' | 'ReduceMean'; inputs: [string]; output: string; axes: number[]; keepdims: boolean }
  | { kind: 'Reshape' | 'Expand'; inputs: [string]; output: string }
  | { kind: 'Transpose'; inputs: [string]; output: string; perm: number[] }
  | { kind: 'Slice'; inputs: [string]; output: string; starts: number[]; ends: number[] }
  | { kind: 'Pad'; inputs: [string]; output: string; pads: number[] }
  | { kind: 'Conv' | 'ConvTranspose'; inputs: [string, string]; output: string; attrs: ConvAttrs };

export const defaultConv: ConvAttrs = { strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1], group: 1 };

const size = (s: Shape): number => s.reduce((a, b) => a * b, 1);

/** Numpy broadcasting of two shapes; throws with both shapes when they do not broadcast. */
export function broadcastShape(a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) throw new Error(`shapes [${a}] and [${b}] do not broadcast`);
    out.push(Math.max(da, db));
  }
  return out;
}

export class Tape {
  readonly g: GraphBuilder;
  readonly ops: TapeOp[] = [];
  private readonly shapes = new Map<string, number[]>();
  private readonly noGrad = new Set<string>();
  private readonly slopeMasks = new Map<string, string>();

  constructor(name: string) {
    this.g = new GraphBuilder(name);
  }

  shape(v: string): number[] {
    const s = this.shapes.get(v);
    if (!s) throw new Error(`tape: unknown value ${v}`);
    return s;
  }

  /** True for values no gradient can flow into (constants, masks, inputs declared without gradient). */
  isConstant(v: string): boolean {
    return this.noGrad.has(v);
  }

  input(name: string, shape: Shape, opts: { grad?: boolean } = {}): string {
    this.g.input(name, [...shape]);
    this.shapes.set(name, [...shape]);
    if (opts.grad === false) this.noGrad.add(name);
    return name;
  }

  output(v: string, name: string): void {
    this.g.output(v, name, this.shape(v));
  }

  constant(prefix: string, data: Float32Array, shape: Shape): string {
    const name = this.g.weight(prefix, data, [...shape]);
    this.shapes.set(name, [...shape]);
    this.noGrad.add(name);
    return name;
  }

  scalar(value: number): string {
    const name = this.g.scalar(value);
    this.shapes.set(name, []);
    this.noGrad.add(name);
    return name;
  }

  /** Registers an op's output; ops whose inputs are all constant give a constant and are not recorded. */
  private record(op: TapeOp, shape: number[]): string {
    this.shapes.set(op.output, shape);
    if (op.inputs.every((i) => this.noGrad.has(i))) this.noGrad.add(op.output);
    else this.ops.push(op);
    return op.output;
  }

  private binary(kind: 'Add' | 'Sub' | 'Mul' | 'Div', a: string, b: string): string {
    const output = this.g.op(kind, [a, b]);
    return this.record({ kind, inputs: [a, b], output }, broadcastShape(this.shape(a), this.shape(b)));
  }
  add(a: string, b: string): string {
    return this.binary('Add', a, b);
  }
  sub(a: string, b: string): string {
    return this.binary('Sub', a, b);
  }
  mul(a: string, b: string): string {
    return this.binary('Mul', a, b);
  }
  div(a: string, b: string): string {
    return this.binary('Div', a, b);
  }
  scale(a: string, factor: number): string {
    return factor === 1 ? a : this.mul(a, this.scalar(factor));
  }

  private unary(kind: 'Neg' | 'Sqrt' | 'Reciprocal' | 'Sigmoid' | 'Softplus', x: string): string {
    return this.record({ kind, inputs: [x], output: this.g.op(kind, [x]) }, this.shape(x));
  }
  neg(x: string): string {
    return this.unary('Neg', x);
  }
  sqrt(x: string): string {
    return this.unary('Sqrt', x);
  }
  reciprocal(x: string): string {
    return this.unary('Reciprocal', x);
  }
  sigmoid(x: string): string {
    return this.unary('Sigmoid', x);
  }
  softplus(x: string): string {
    return this.unary('Softplus', x);
  }

  /**
   * leakyRelu(x, α), clamped to ±clamp when given: one recorded op, so its gradient is a single Mul by one
   * precomputed slope mask (1, α or 0) instead of a Mul per mask, and R1's second pass repeats one Mul, not three.
   */
  leakyRelu(x: string, alpha: number, clamp: number | null = null): string {
    const pre = this.g.op('LeakyRelu', [x], { alpha: floatAttr(alpha) });
    const output = clamp === null ? pre : this.g.op('Clip', [pre, this.g.scalar(-clamp), this.g.scalar(clamp)]);
    if (clamp !== null) this.shapes.set(pre, this.shape(x));
    return this.record({ kind: 'LeakyRelu', inputs: [x], output, alpha, clamp, pre }, this.shape(x));
  }

  /**
   * The derivative of a recorded leakyRelu op as a constant mask: α where its input is ≤ 0, 1 above, 0 where the
   * clamp cuts (|pre| > clamp; the bound itself passes, as tfjs' clipByValue gradient). Built once per op, so a
   * second backward pass reuses it. LeakyRelu keeps the sign, so testing `pre` tests x.
   */
  slopeMask(op: Extract<TapeOp, { kind: 'LeakyRelu' }>): string {
    const cached = this.slopeMasks.get(op.output);
    if (cached) return cached;
    let mask = this.g.op('Where', [this.g.op('Greater', [op.pre, this.g.scalar(0)]), this.g.scalar(1), this.g.scalar(op.alpha)]);
    if (op.clamp !== null) mask = this.g.op('Where', [this.g.op('LessOrEqual', [this.g.op('Abs', [op.pre]), this.g.scalar(op.clamp)]), mask, this.g.scalar(0)]);
    this.shapes.set(mask, this.shape(op.output));
    this.noGrad.add(mask);
    this.slopeMasks.set(op.output, mask);
    return mask;
  }

  clip(x: string, lo: number, hi: number): string {
    const output = this.g.op('Clip', [x, this.g.scalar(lo), this.g.scalar(hi)]);
    return this.record({ kind: 'Clip', inputs: [x], output, lo, hi }, this.shape(x));
  }

  /** The derivative of Clip as a constant mask: 1 where lo ≤ x ≤ hi, else 0 (no gradient flows into it). */
  clipMask(x: string, lo: number, hi: number): string {
    const inside = this.g.op('And', [this.g.op('GreaterOrEqual', [x, this.g.scalar(lo)]), this.g.op('LessOrEqual', [x, this.g.scalar(hi)])]);
    const out = this.g.op('Where', [inside, this.g.scalar(1), this.g.scalar(0)]);
    this.shapes.set(out, this.shape(x));
    this.noGrad.add(out);
    return out;
  }

  matmul(a: string, b: string): string {
    const sa = this.shape(a);
    const sb = this.shape(b);
    if (sa.length < 2 || sb.length < 2 || sa[sa.length - 1] !== sb[sb.length - 2]) throw new Error(`MatMul of [${sa}] and [${sb}]`);
    const batch = broadcastShape(sa.slice(0, -2), sb.slice(0, -2));
    const output = this.g.op('MatMul', [a, b]);
    return this.record({ kind: 'MatMul', inputs: [a, b], output }, [...batch, sa[sa.length - 2], sb[sb.length - 1]]);
  }

  private reduce(kind: 'ReduceSum' | 'ReduceMean', x: string, axes: number[], keepdims: boolean): string {
    const s = this.shape(x);
    const norm = axes.map((a) => (a < 0 ? a + s.length : a)).sort((p, q) => p - q);
    // Opset 17: ReduceSum takes its axes as an input, ReduceMean still as an attribute.
    const output = kind === 'ReduceSum' ? this.g.op(kind, [x, this.g.ints(norm)], { keepdims: keepdims ? 1 : 0 }) : this.g.op(kind, [x], { axes: norm, keepdims: keepdims ? 1 : 0 });
    const shape = keepdims ? s.map((d, i) => (norm.includes(i) ? 1 : d)) : s.filter((_, i) => !norm.includes(i));
    return this.record({ kind, inputs: [x], output, axes: norm, keepdims }, shape);
  }
  sum(x: string, axes: number[], keepdims = true): string {
    return this.reduce('ReduceSum', x, axes, keepdims);
  }
  mean(x: string, axes: number[], keepdims = true): string {
    return this.reduce('ReduceMean', x, axes, keepdims);
  }

  reshape(x: string, shape: Shape): string {
    if (size(shape) !== size(this.shape(x))) throw new Error(`Reshape of [${this.shape(x)}] to [${shape}]`);
    if (shape.join() === this.shape(x).join()) return x;
    return this.record({ kind: 'Reshape', inputs: [x], output: this.g.op('Reshape', [x, this.g.ints([...shape])]) }, [...shape]);
  }

  expand(x: string, shape: Shape): string {
    const out = broadcastShape(this.shape(x), shape);
    if (out.join() === this.shape(x).join()) return x;
    return this.record({ kind: 'Expand', inputs: [x], output: this.g.op('Expand', [x, this.g.ints(out)]) }, out);
  }

  transpose(x: string, perm: number[]): string {
    const s = this.shape(x);
    return this.record({ kind: 'Transpose', inputs: [x], output: this.g.op('Transpose', [x], { perm }), perm }, perm.map((p) => s[p]));
  }

  /** Static slice over every axis: [starts, ends) per axis. */
  slice(x: string, starts: number[], ends: number[]): string {
    const s = this.shape(x);
    if (starts.every((v) => v === 0) && ends.every((v, i) => v === s[i])) return x;
    const axes = s.map((_, i) => i);
    const output = this.g.op('Slice', [x, this.g.ints(starts), this.g.ints(ends), this.g.ints(axes)]);
    return this.record({ kind: 'Slice', inputs: [x], output, starts, ends }, ends.map((e, i) => e - starts[i]));
  }

  /** Zero padding, ONNX order: all begins, then all ends. */
  pad(x: string, pads: number[]): string {
    const s = this.shape(x);
    if (pads.every((p) => p === 0)) return x;
    const output = this.g.op('Pad', [x, this.g.ints(pads)]);
    return this.record({ kind: 'Pad', inputs: [x], output, pads }, s.map((d, i) => d + pads[i] + pads[i + s.length]));
  }

  conv(x: string, w: string, attrs: Partial<ConvAttrs> = {}): string {
    const a = { ...defaultConv, ...attrs };
    const [n, c, h, wd] = this.shape(x);
    const [o, ci, kh, kw] = this.shape(w);
    if (ci * a.group !== c) throw new Error(`Conv: input [${this.shape(x)}] and weight [${this.shape(w)}] with group ${a.group}`);
    const out = (len: number, k: number, i: 0 | 1): number => Math.floor((len + a.pads[i] + a.pads[i + 2] - a.dilations[i] * (k - 1) - 1) / a.strides[i]) + 1;
    const output = this.g.op('Conv', [x, w], { strides: a.strides, pads: a.pads, dilations: a.dilations, group: a.group });
    return this.record({ kind: 'Conv', inputs: [x, w], output, attrs: a }, [n, o, out(h, kh, 0), out(wd, kw, 1)]);
  }

  /** ConvTranspose with an explicit output size (output_padding derived from it). Weight [inC, outC/group, k, k]. */
  convTranspose(x: string, w: string, attrs: Partial<ConvAttrs>, outSize?: [number, number]): string {
    const a = { ...defaultConv, ...attrs };
    const [n, c, h, wd] = this.shape(x);
    const [ci, co, kh, kw] = this.shape(w);
    if (ci !== c) throw new Error(`ConvTranspose: input [${this.shape(x)}] and weight [${this.shape(w)}]`);
    const natural = (len: number, k: number, i: 0 | 1): number => a.strides[i] * (len - 1) + a.dilations[i] * (k - 1) + 1 - a.pads[i] - a.pads[i + 2];
    const size0: [number, number] = [natural(h, kh, 0), natural(wd, kw, 1)];
    const target = outSize ?? size0;
    const outputPadding = [target[0] - size0[0], target[1] - size0[1]];
    if (outputPadding.some((p, i) => p < 0 || p >= Math.max(a.strides[i], a.dilations[i]))) throw new Error(`ConvTranspose: output ${target} unreachable from [${this.shape(x)}]`);
    const onnxAttrs = { strides: a.strides, pads: a.pads, dilations: a.dilations, group: a.group, ...(outputPadding.some((p) => p > 0) ? { output_padding: outputPadding } : {}) };
    const output = this.g.op('ConvTranspose', [x, w], onnxAttrs);
    return this.record({ kind: 'ConvTranspose', inputs: [x, w], output, attrs: a }, [n, co * a.group, target[0], target[1]]);
  }

  toBytes(): Uint8Array {
    return this.g.toBytes();
  }
}
