// A small builder for ONNX graphs (float32 tensors, opset 17) written from TypeScript, so networks whose weights
// we hold (StyleGAN2 generator, its gradients, anything training wants to run on onnxruntime) become ONNX models
// without Python or an exporter. Node names are generated; callers only handle value names.
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export const opsetVersion = 17;

/** An ONNX attribute value: numbers are ints unless wrapped with `floatAttr`, arrays of numbers are ints. */
export type AttrValue = number | number[] | string | { float: number } | { floats: number[] };

export const floatAttr = (value: number): { float: number } => ({ float: value });

/** A dimension of a graph input/output: a fixed size or a symbolic name (e.g. the batch). */
export type Dim = number | string;

export class GraphBuilder {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly constantCache = new Map<string, string>();
  private counter = 0;

  constructor(private readonly name: string) {}

  /** A fresh value name with a readable prefix. */
  fresh(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  input(name: string, dims: Dim[]): string {
    this.inputs.push(valueInfo(name, dims));
    return name;
  }

  /** Declares `value` as a graph output under `name` (an Identity when the names differ). */
  output(value: string, name: string, dims: Dim[]): void {
    if (value !== name) this.nodes.push({ opType: 'Identity', input: [value], output: [name], name: this.fresh('Identity') });
    this.outputs.push(valueInfo(name, dims));
  }

  /** A float32 constant stored as an initializer. */
  weight(prefix: string, data: Float32Array, dims: number[]): string {
    const size = dims.reduce((a, b) => a * b, 1);
    if (size !== data.length) throw new Error(`ONNX initializer ${prefix}: ${data.length} values for shape [${dims}]`);
    const name = this.fresh(prefix);
    this.initializers.push({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
    return name;
  }

  /** A float32 scalar constant (shared between uses). */
  scalar(value: number): string {
    const key = `f${value}`;
    let name = this.constantCache.get(key);
    if (!name) {
      name = this.weight('scalar', new Float32Array([value]), []);
      this.constantCache.set(key, name);
    }
    return name;
  }

  /** An int64 1-D constant (shapes, axes, pads, starts, indices). */
  ints(values: number[]): string {
    const key = `i${values.join(',')}`;
    let name = this.constantCache.get(key);
    if (!name) {
      name = this.fresh('ints');
      const data = new BigInt64Array(values.map((v) => BigInt(v)));
      this.initializers.push({ name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, rawData: new Uint8Array(data.buffer) });
      this.constantCache.set(key, name);
    }
    return name;
  }

  /** Adds one node and returns its single output's name. */
  op(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}): string {
    return this.opMulti(opType, inputs, 1, attrs)[0];
  }

  opMulti(opType: string, inputs: string[], outputCount: number, attrs: Record<string, AttrValue> = {}): string[] {
    const output = Array.from({ length: outputCount }, () => this.fresh(opType));
    this.nodes.push({ opType, input: inputs, output, name: this.fresh(`${opType}_node`), attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)) });
    return output;
  }

  // Shorthands for the element-wise ops every network uses.
  add(a: string, b: string): string {
    return this.op('Add', [a, b]);
  }
  sub(a: string, b: string): string {
    return this.op('Sub', [a, b]);
  }
  mul(a: string, b: string): string {
    return this.op('Mul', [a, b]);
  }
  scale(a: string, factor: number): string {
    return factor === 1 ? a : this.mul(a, this.scalar(factor));
  }
  reshape(a: string, shape: number[]): string {
    return this.op('Reshape', [a, this.ints(shape)]);
  }
  /** Sums over `axes`, keeping them as size-1 dimensions unless keepdims is false. */
  sum(a: string, axes: number[], keepdims = true): string {
    return this.op('ReduceSum', [a, this.ints(axes)], { keepdims: keepdims ? 1 : 0 });
  }

  /** The serialised ModelProto, ready for `InferenceSession.create(bytes)`. */
  toBytes(): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'latentrad',
      opsetImport: [{ domain: '', version: opsetVersion }],
      graph: { name: this.name, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function valueInfo(name: string, dims: Dim[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function attribute(name: string, value: AttrValue): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === 'number') return { name, type: T.INT, i: value };
  if (typeof value === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: T.INTS, ints: value };
  if ('float' in value) return { name, type: T.FLOAT, f: value.float };
  return { name, type: T.FLOATS, floats: value.floats };
}
