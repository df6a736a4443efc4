// NumPy .npy (format 1.0–3.0) encode/decode for typed arrays: the exchange format with Python tools.
// Hand-written because the format is a short text header plus raw bytes, and no maintained npm package covers
// encode, decode, header-only parsing (for streaming large stacks) and every dtype without Node-only dependencies.

export type NpyDtype = 'float32' | 'float64' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'bool';

export type NpyData = Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

export interface NpyArray {
  dtype: NpyDtype;
  /** The dtype as written in the file's header, e.g. '<f4'. */
  descr: string;
  shape: number[];
  /** C order (row-major); Fortran-ordered files are transposed on read. 64-bit integers become Float64Array. */
  data: NpyData;
}

export interface NpyHeader {
  dtype: NpyDtype;
  descr: string;
  shape: number[];
  fortranOrder: boolean;
  /** Byte offset of the first value. */
  dataStart: number;
  /** Bytes per value. */
  itemSize: number;
  littleEndian: boolean;
}

export class NpyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NpyFormatError';
  }
}

const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

interface DtypeInfo {
  dtype: NpyDtype;
  size: number;
  read: (view: DataView, offset: number, little: boolean) => number;
  make: (n: number) => NpyData;
  /** View over a private copy of little-endian bytes, when the in-memory type is the file's type. */
  fromBytes?: (buffer: ArrayBuffer) => NpyData;
}

const dtypes: Record<string, DtypeInfo> = {
  f8: { dtype: 'float64', size: 8, read: (v, o, l) => v.getFloat64(o, l), make: (n) => new Float64Array(n), fromBytes: (b) => new Float64Array(b) },
  f4: { dtype: 'float32', size: 4, read: (v, o, l) => v.getFloat32(o, l), make: (n) => new Float32Array(n), fromBytes: (b) => new Float32Array(b) },
  i1: { dtype: 'int8', size: 1, read: (v, o) => v.getInt8(o), make: (n) => new Int8Array(n), fromBytes: (b) => new Int8Array(b) },
  u1: { dtype: 'uint8', size: 1, read: (v, o) => v.getUint8(o), make: (n) => new Uint8Array(n), fromBytes: (b) => new Uint8Array(b) },
  b1: { dtype: 'bool', size: 1, read: (v, o) => (v.getUint8(o) ? 1 : 0), make: (n) => new Uint8Array(n) },
  i2: { dtype: 'int16', size: 2, read: (v, o, l) => v.getInt16(o, l), make: (n) => new Int16Array(n), fromBytes: (b) => new Int16Array(b) },
  u2: { dtype: 'uint16', size: 2, read: (v, o, l) => v.getUint16(o, l), make: (n) => new Uint16Array(n), fromBytes: (b) => new Uint16Array(b) },
  i4: { dtype: 'int32', size: 4, read: (v, o, l) => v.getInt32(o, l), make: (n) => new Int32Array(n), fromBytes: (b) => new Int32Array(b) },
  u4: { dtype: 'uint32', size: 4, read: (v, o, l) => v.getUint32(o, l), make: (n) => new Uint32Array(n), fromBytes: (b) => new Uint32Array(b) },
  // NumPy's default integer type; label arrays often come as int64. Exact up to 2^53.
  i8: { dtype: 'int64', size: 8, read: (v, o, l) => Number(v.getBigInt64(o, l)), make: (n) => new Float64Array(n) },
  u8: { dtype: 'uint64', size: 8, read: (v, o, l) => Number(v.getBigUint64(o, l)), make: (n) => new Float64Array(n) },
};

const descrOf: Partial<Record<NpyDtype, string>> = {
  float32: '<f4', float64: '<f8', int8: '|i1', uint8: '|u1', int16: '<i2', uint16: '<u2', int32: '<i4', uint32: '<u4', bool: '|b1',
};

/** Parses the header from the first bytes of a file (magic, version, dict); does not need the data. */
export function parseNpyHeader(bytes: Uint8Array): NpyHeader {
  if (bytes.length < 10 || magic.some((m, i) => bytes[i] !== m)) throw new NpyFormatError('not a NumPy .npy file (bad magic bytes)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  if (major < 1 || major > 3) throw new NpyFormatError(`unsupported .npy format version ${major}.${bytes[7]}`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  if (headerStart + headerLength > bytes.length) throw new NpyFormatError('truncated .npy header');
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, headerStart + headerLength));
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw new NpyFormatError(`unreadable .npy header: ${header.trim()}`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  if (shape.some((s) => !Number.isInteger(s) || s < 0)) throw new NpyFormatError(`bad shape (${shapeText})`);
  const order = descr[0];
  const info = dtypes[descr.slice(1)];
  if (!info || !'<>|='.includes(order)) throw new NpyFormatError(`unsupported dtype '${descr}' (use float32/64, (u)int8–64 or bool)`);
  return { dtype: info.dtype, descr, shape, fortranOrder: fortran === 'True', dataStart: headerStart + headerLength, itemSize: info.size, littleEndian: order !== '>' };
}

/** A typed-array view of little-endian values of `descr` over `buffer` (a private, aligned copy), if one exists. */
export function viewOfBytes(descr: string, buffer: ArrayBuffer): NpyData | null {
  return dtypes[descr.slice(1)]?.fromBytes?.(buffer) ?? null;
}

export function decodeNpy(bytes: Uint8Array): NpyArray {
  const { dtype, descr, shape, fortranOrder, dataStart, littleEndian } = parseNpyHeader(bytes);
  const info = dtypes[descr.slice(1)];
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.length - dataStart < count * info.size) {
    throw new NpyFormatError(`truncated data: shape (${shape.join(', ')}) needs ${count * info.size} bytes, file has ${bytes.length - dataStart}`);
  }
  let data: NpyData;
  if (littleEndian && info.fromBytes) {
    // Native layout: one copy instead of a DataView call per value (matters for 1 GB stacks). The copy is fresh
    // and aligned: a Node Buffer may be a view into a shared pool at any offset.
    const copy = new Uint8Array(count * info.size);
    copy.set(bytes.subarray(dataStart, dataStart + count * info.size));
    data = info.fromBytes(copy.buffer);
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    data = info.make(count);
    for (let i = 0; i < count; i++) data[i] = info.read(view, dataStart + i * info.size, littleEndian);
  }
  return { dtype, descr, shape, data: fortranOrder ? fortranToC(data, shape) : data };
}

function fortranToC(data: NpyData, shape: number[]): NpyData {
  const out = data.slice() as NpyData;
  const n = shape.length;
  const cStrides = new Array<number>(n).fill(1);
  for (let d = n - 2; d >= 0; d--) cStrides[d] = cStrides[d + 1] * shape[d + 1];
  const index = new Array<number>(n).fill(0);
  for (let f = 0; f < data.length; f++) {
    let c = 0;
    for (let d = 0; d < n; d++) c += index[d] * cStrides[d];
    out[c] = data[f];
    // Fortran order: the first index varies fastest.
    for (let d = 0; d < n; d++) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
  return out;
}

function dtypeOfData(data: NpyData): NpyDtype {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int8Array) return 'int8';
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Int16Array) return 'int16';
  if (data instanceof Uint16Array) return 'uint16';
  if (data instanceof Int32Array) return 'int32';
  return 'uint32';
}

/** Serialises a C-order array as .npy version 1.0, little-endian (every platform Node runs on). */
export function encodeNpy(data: NpyData, shape: readonly number[], dtype: NpyDtype = dtypeOfData(data)): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new NpyFormatError(`shape (${shape.join(', ')}) holds ${count} values but the data has ${data.length}`);
  const descr = descrOf[dtype];
  if (!descr || (dtype !== 'bool' && dtype !== dtypeOfData(data))) throw new NpyFormatError(`cannot write ${data.constructor.name} as ${dtype}`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Pad so magic + length + header + newline is a multiple of 64, as NumPy does.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(total + data.byteLength);
  out.set(magic, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), total);
  return out;
}

/** Float32 copy of any numeric npy array (the form the math in src-shared works on). */
export function toFloat32(array: NpyArray): Float32Array {
  return array.data instanceof Float32Array ? array.data : Float32Array.from(array.data);
}
