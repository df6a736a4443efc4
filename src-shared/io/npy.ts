// NumPy .npy (format 1.0–3.0) encode/decode for typed arrays: the exchange format with Python tools.
// Hand-written because the format is a 10-line header plus raw bytes, and no maintained npm package covers
// encode + decode for every dtype we need without pulling in Node-only dependencies.

export type NpyDtype = 'float32' | 'float64' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'bool';

export type NpyData = Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  /** Always C order (row-major); Fortran-ordered files are transposed on read. */
  data: NpyData;
}

const descrOf: Record<NpyDtype, string> = {
  float32: '<f4', float64: '<f8', int8: '|i1', uint8: '|u1', int16: '<i2', uint16: '<u2', int32: '<i4', uint32: '<u4', bool: '|b1',
};

const dtypeOfCode: Record<string, NpyDtype> = {
  f4: 'float32', f8: 'float64', i1: 'int8', u1: 'uint8', i2: 'int16', u2: 'uint16', i4: 'int32', u4: 'uint32', b1: 'bool',
};

const bytesOf: Record<NpyDtype, number> = { float32: 4, float64: 8, int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, bool: 1 };

export class NpyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NpyFormatError';
  }
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

export function encodeNpy(data: NpyData, shape: readonly number[], dtype: NpyDtype = dtypeOfData(data)): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new NpyFormatError(`shape [${shape.join(', ')}] holds ${count} values but the data has ${data.length}`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descrOf[dtype]}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Header (after the 10-byte preamble) is padded with spaces and ends in \n so the data starts 64-byte aligned.
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  out[8] = header.length & 0xff;
  out[9] = header.length >> 8;
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  // Typed arrays are platform-endian; every platform we ship on is little endian, as the descr says.
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}

export function decodeNpy(bytes: Uint8Array): NpyArray {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((m, i) => bytes[i] !== m)) throw new NpyFormatError('not a .npy file (no \\x93NUMPY magic)');
  const major = bytes[6];
  const headerLength = major === 1 ? bytes[8] | (bytes[9] << 8) : new DataView(bytes.buffer, bytes.byteOffset + 8, 4).getUint32(0, true);
  const headerStart = major === 1 ? 10 : 12;
  if (headerStart + headerLength > bytes.length) throw new NpyFormatError('truncated .npy header');
  const header = new TextDecoder('latin1').decode(bytes.subarray(headerStart, headerStart + headerLength));
  const descr = /'descr':\s*'([<>|=])([a-z]\d+)'/.exec(header);
  const fortran = /'fortran_order':\s*(True|False)/.exec(header);
  const shapeMatch = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shapeMatch) throw new NpyFormatError(`unreadable .npy header: ${header.trim()}`);
  const dtype = dtypeOfCode[descr[2]];
  if (!dtype) throw new NpyFormatError(`unsupported .npy dtype ${descr[1]}${descr[2]} (supported: float32/64, (u)int8/16/32, bool)`);
  const bigEndian = descr[1] === '>' && bytesOf[dtype] > 1;
  const shape = shapeMatch[1].split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  if (shape.some((n) => !Number.isInteger(n) || n < 0)) throw new NpyFormatError(`bad .npy shape (${shapeMatch[1]})`);
  const count = shape.reduce((a, b) => a * b, 1);
  const start = headerStart + headerLength;
  const byteLength = count * bytesOf[dtype];
  if (start + byteLength > bytes.length) throw new NpyFormatError(`truncated .npy data: expected ${byteLength} bytes, found ${bytes.length - start}`);
  // A copy (new Uint8Array of a view): aligned, and detached from the caller's buffer; Buffer#slice would not copy.
  const raw = new Uint8Array(bytes.subarray(start, start + byteLength));
  if (bigEndian) swapBytes(raw, bytesOf[dtype]);
  let data = viewAs(dtype, raw.buffer);
  if (fortran[1] === 'True' && shape.length > 1) data = fortranToC(data, shape);
  return { dtype, shape, data };
}

function viewAs(dtype: NpyDtype, buffer: ArrayBuffer): NpyData {
  switch (dtype) {
    case 'float32': return new Float32Array(buffer);
    case 'float64': return new Float64Array(buffer);
    case 'int8': return new Int8Array(buffer);
    case 'uint8': case 'bool': return new Uint8Array(buffer);
    case 'int16': return new Int16Array(buffer);
    case 'uint16': return new Uint16Array(buffer);
    case 'int32': return new Int32Array(buffer);
    case 'uint32': return new Uint32Array(buffer);
  }
}

function swapBytes(raw: Uint8Array, width: number): void {
  for (let i = 0; i < raw.length; i += width) raw.subarray(i, i + width).reverse();
}

function fortranToC(data: NpyData, shape: number[]): NpyData {
  const out = new (data.constructor as new (n: number) => NpyData)(data.length);
  const n = shape.length;
  const cStrides = new Array<number>(n);
  const fStrides = new Array<number>(n);
  cStrides[n - 1] = 1;
  for (let i = n - 2; i >= 0; i--) cStrides[i] = cStrides[i + 1] * shape[i + 1];
  fStrides[0] = 1;
  for (let i = 1; i < n; i++) fStrides[i] = fStrides[i - 1] * shape[i - 1];
  for (let c = 0; c < data.length; c++) {
    let rest = c;
    let f = 0;
    for (let d = 0; d < n; d++) {
      const idx = Math.floor(rest / cStrides[d]);
      rest -= idx * cStrides[d];
      f += idx * fStrides[d];
    }
    out[c] = data[f];
  }
  return out;
}

/** Float32 copy of any numeric npy array (the form the math in src-shared works on). */
export function toFloat32(array: NpyArray): Float32Array {
  return array.data instanceof Float32Array ? array.data : Float32Array.from(array.data);
}
