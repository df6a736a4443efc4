// safetensors encode/decode: an 8-byte little-endian header length, a JSON header mapping each tensor name to
// {dtype, shape, data_offsets}, then the raw little-endian bytes. Hand-written because the format is exactly that
// and the npm package named "safetensors" is an empty 0.0.1 placeholder; nothing here can execute stored code,
// which is the point of using this format instead of pickles.

export interface StoredTensor {
  shape: number[];
  data: Float32Array;
}

export interface Safetensors {
  tensors: Map<string, StoredTensor>;
  /** The optional `__metadata__` string map. */
  metadata: Record<string, string>;
}

const dtypeBytes: Record<string, number> = { F32: 4, F64: 8 };
/** Refuse absurd headers before parsing them: real ones are a few kB. */
const maxHeaderBytes = 100 * 1024 * 1024;

export class SafetensorsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SafetensorsError';
  }
}

export function encodeSafetensors(tensors: ReadonlyMap<string, StoredTensor>, metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of tensors) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) throw new SafetensorsError(`tensor ${name}: shape [${t.shape}] holds ${count} values but the data has ${t.data.length}`);
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  // Pad with spaces so the data starts 8-byte aligned (what the reference implementation does).
  json += ' '.repeat((8 - ((8 + json.length) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const t of tensors.values()) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  return out;
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

function isHeaderEntry(v: unknown): v is HeaderEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e.dtype === 'string' &&
    Array.isArray(e.shape) &&
    e.shape.every((n) => Number.isInteger(n) && (n as number) >= 0) &&
    Array.isArray(e.data_offsets) &&
    e.data_offsets.length === 2 &&
    e.data_offsets.every((n) => Number.isInteger(n) && (n as number) >= 0)
  );
}

/** Decodes F32 (and F64, converted) tensors; anything malformed is a SafetensorsError naming the problem. */
export function decodeSafetensors(bytes: Uint8Array): Safetensors {
  if (bytes.length < 8) throw new SafetensorsError('file is shorter than the 8-byte header length');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > maxHeaderBytes || 8 + headerLength > bytes.length) {
    throw new SafetensorsError(`header length ${headerLength} does not fit in a ${bytes.length}-byte file`);
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (error) {
    // V8's message quotes the text around the error; only the position is passed on.
    const at = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new SafetensorsError(`header is not valid JSON${at ? ` (syntax error at character ${at})` : ' (syntax error)'}`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new SafetensorsError('header is not a JSON object');
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const tensors = new Map<string, StoredTensor>();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = Object.fromEntries(Object.entries((entry ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
      continue;
    }
    if (!isHeaderEntry(entry)) throw new SafetensorsError(`tensor ${name}: malformed header entry`);
    const size = dtypeBytes[entry.dtype];
    if (!size) throw new SafetensorsError(`tensor ${name}: dtype ${entry.dtype} is not supported (F32 or F64)`);
    const [begin, end] = entry.data_offsets;
    const count = entry.shape.reduce((a, b) => a * b, 1);
    if (end < begin || end > dataLength) throw new SafetensorsError(`tensor ${name}: data_offsets [${begin}, ${end}] lie outside the ${dataLength}-byte data`);
    if (end - begin !== count * size) throw new SafetensorsError(`tensor ${name}: shape [${entry.shape}] needs ${count * size} bytes, offsets give ${end - begin}`);
    // Copy: the source buffer may be unaligned for a Float32Array view and must not be kept alive.
    const raw = bytes.slice(dataStart + begin, dataStart + end);
    const rawView = new DataView(raw.buffer);
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = size === 4 ? rawView.getFloat32(i * 4, true) : rawView.getFloat64(i * 8, true);
    tensors.set(name, { shape: entry.shape, data });
  }
  return { tensors, metadata };
}
