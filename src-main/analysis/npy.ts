// NumPy .npy reading and writing (format 1.0–3.0, C or Fortran order, the numeric and bool dtypes), so the CLI
// exchanges arrays with Python users without conversion steps.

export type NpyData = Float64Array | Float32Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

export interface NpyArray {
  /** The dtype as written in the header, e.g. '<f4'. */
  descr: string;
  shape: number[];
  /** C-order values (Fortran-order files are transposed on read); 64-bit integers become Float64Array. */
  data: NpyData;
}

export class NpyFormatError extends Error {}

const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

interface DtypeInfo {
  size: number;
  read: (view: DataView, offset: number, little: boolean) => number;
  make: (n: number) => NpyData;
  /** View over a private copy of little-endian bytes, when the in-memory type is the file's type. */
  fromBytes?: (buffer: ArrayBuffer) => NpyData;
}

const dtypes: Record<string, DtypeInfo> = {
  f8: { size: 8, read: (v, o, l) => v.getFloat64(o, l), make: (n) => new Float64Array(n), fromBytes: (b) => new Float64Array(b) },
  f4: { size: 4, read: (v, o, l) => v.getFloat32(o, l), make: (n) => new Float32Array(n), fromBytes: (b) => new Float32Array(b) },
  i1: { size: 1, read: (v, o) => v.getInt8(o), make: (n) => new Int8Array(n), fromBytes: (b) => new Int8Array(b) },
  u1: { size: 1, read: (v, o) => v.getUint8(o), make: (n) => new Uint8Array(n), fromBytes: (b) => new Uint8Array(b) },
  b1: { size: 1, read: (v, o) => (v.getUint8(o) ? 1 : 0), make: (n) => new Uint8Array(n) },
  i2: { size: 2, read: (v, o, l) => v.getInt16(o, l), make: (n) => new Int16Array(n), fromBytes: (b) => new Int16Array(b) },
  u2: { size: 2, read: (v, o, l) => v.getUint16(o, l), make: (n) => new Uint16Array(n), fromBytes: (b) => new Uint16Array(b) },
  i4: { size: 4, read: (v, o, l) => v.getInt32(o, l), make: (n) => new Int32Array(n), fromBytes: (b) => new Int32Array(b) },
  u4: { size: 4, read: (v, o, l) => v.getUint32(o, l), make: (n) => new Uint32Array(n), fromBytes: (b) => new Uint32Array(b) },
  i8: { size: 8, read: (v, o, l) => Number(v.getBigInt64(o, l)), make: (n) => new Float64Array(n) },
  u8: { size: 8, read: (v, o, l) => Number(v.getBigUint64(o, l)), make: (n) => new Float64Array(n) },
};

export interface NpyHeader {
  descr: string;
  shape: number[];
  fortranOrder: boolean;
  /** Byte offset of the first value. */
  dataStart: number;
  /** Bytes per value. */
  itemSize: number;
  littleEndian: boolean;
}

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
  return { descr, shape, fortranOrder: fortran === 'True', dataStart: headerStart + headerLength, itemSize: info.size, littleEndian: order !== '>' };
}

/** A typed-array view of little-endian values of `descr` over `buffer` (a private, aligned copy), if one exists. */
export function viewOfBytes(descr: string, buffer: ArrayBuffer): NpyData | null {
  return dtypes[descr.slice(1)]?.fromBytes?.(buffer) ?? null;
}

export function parseNpy(bytes: Uint8Array): NpyArray {
  const { descr, shape, fortranOrder, dataStart, littleEndian } = parseNpyHeader(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const code = descr.slice(1);
  const info = dtypes[code];
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.length - dataStart < count * info.size) {
    throw new NpyFormatError(`truncated data: shape (${shape.join(', ')}) needs ${count * info.size} bytes, file has ${bytes.length - dataStart}`);
  }
  const little = littleEndian;
  let data: NpyData;
  if (little && info.fromBytes) {
    // Native little-endian layout: one copy instead of a DataView call per value (matters for 1 GB stacks).
    // A fresh, aligned buffer (a Node Buffer may be a view into a shared pool at any offset).
    const copy = new Uint8Array(count * info.size);
    copy.set(bytes.subarray(dataStart, dataStart + count * info.size));
    data = info.fromBytes(copy.buffer);
  } else {
    data = info.make(count);
    for (let i = 0; i < count; i++) data[i] = info.read(view, dataStart + i * info.size, little);
  }
  return { descr, shape, data: fortranOrder ? fortranToC(data, shape) : data };
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

const writeDescr = new Map<string, string>([
  ['Float64Array', '<f8'],
  ['Float32Array', '<f4'],
  ['Uint8Array', '|u1'],
  ['Int8Array', '|i1'],
  ['Int16Array', '<i2'],
  ['Uint16Array', '<u2'],
  ['Int32Array', '<i4'],
  ['Uint32Array', '<u4'],
]);

/** Serialises a C-order array as .npy version 1.0 (little-endian; this matches every platform Node runs on). */
export function encodeNpy(data: NpyData, shape: number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new RangeError(`shape (${shape.join(', ')}) holds ${count} values, data ${data.length}`);
  const descr = writeDescr.get(data.constructor.name);
  if (!descr) throw new RangeError(`cannot write ${data.constructor.name} as .npy`);
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
