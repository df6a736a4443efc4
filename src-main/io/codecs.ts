// Compressed-frame decoders: the Cornerstone wasm codecs (libjpeg-turbo, CharLS, OpenJPEG, OpenJPH),
// jpeg-lossless-decoder-js, dcmjs-codecs (DCMTK's 12-bit IJG libjpeg in wasm) and a small RLE decoder.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { jpegFrameHeader } from './frameHeader.js';

const require = createRequire(import.meta.url);

export interface CodecOutput {
  /** Raw decoded samples as the codec produced them (interleaved when colour). */
  bytes: Uint8Array;
  width: number;
  height: number;
  bitsPerSample: number;
  components: number;
  signed: boolean;
}

interface WasmFrameInfo { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean }
interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): WasmFrameInfo;
  getDecodedBuffer(): Uint8Array;
  delete?(): void;
}
type WasmModule = Record<string, new () => WasmDecoder>;
type Factory = (overrides: { wasmBinary: Uint8Array; print?: (s: string) => void; printErr?: (s: string) => void }) => Promise<WasmModule>;

const modules = new Map<string, Promise<WasmModule>>();

// Each codec package ships an Emscripten factory plus a .wasm; handing it the bytes avoids its fetch() path,
// which Node 20 would take (fetch exists) and fail on a file path.
function wasmModule(pkg: string, js = 'decodewasmjs', wasm = 'decodewasm'): Promise<WasmModule> {
  let promise = modules.get(pkg);
  if (!promise) {
    const factory = require(`${pkg}/${js}`) as Factory;
    const wasmBinary = readFileSync(require.resolve(`${pkg}/${wasm}`));
    promise = factory({ wasmBinary, print: () => undefined, printErr: () => undefined });
    modules.set(pkg, promise);
  }
  return promise;
}

async function runWasm(pkg: string, className: string, data: Uint8Array, exports?: [string, string]): Promise<CodecOutput> {
  const mod = await wasmModule(pkg, ...(exports ?? []));
  const decoder = new mod[className]();
  try {
    decoder.getEncodedBuffer(data.length).set(data);
    decoder.decode();
    const info = decoder.getFrameInfo();
    // The decoded buffer is a view into wasm memory: copy it out before the decoder is freed.
    const bytes = new Uint8Array(decoder.getDecodedBuffer());
    return { bytes, width: info.width, height: info.height, bitsPerSample: info.bitsPerSample, components: info.componentCount, signed: info.isSigned };
  } finally {
    decoder.delete?.();
  }
}

export const decodeJpegLs = (data: Uint8Array): Promise<CodecOutput> => runWasm('@cornerstonejs/codec-charls', 'JpegLSDecoder', data);
export const decodeJpeg2000 = (data: Uint8Array): Promise<CodecOutput> => runWasm('@cornerstonejs/codec-openjpeg', 'J2KDecoder', data);
/** High-throughput JPEG 2000 (HTJ2K, transfer syntaxes .4.201–.203); OpenJPH names its exports differently. */
export const decodeHtj2k = (data: Uint8Array): Promise<CodecOutput> => runWasm('@cornerstonejs/codec-openjph', 'HTJ2KDecoder', data, ['wasmjs', 'wasm']);
export const decodeJpeg8 = (data: Uint8Array): Promise<CodecOutput> => runWasm('@cornerstonejs/codec-libjpeg-turbo-8bit', 'JPEGDecoder', data);

interface LosslessModule { Decoder: new () => { decode(buffer: ArrayBuffer, offset: number, length: number, numBytes?: number): ArrayBuffer | Uint8Array | Uint16Array } }
let lossless: Promise<LosslessModule> | undefined;

/** JPEG lossless, processes 14 and 14 SV1 (Huffman, any predictor). */
export async function decodeJpegLossless(data: Uint8Array, bitsAllocated: number, width: number, height: number): Promise<CodecOutput> {
  // Through a variable: the package's typings do not resolve under NodeNext; LosslessModule states what we use.
  const specifier = 'jpeg-lossless-decoder-js';
  lossless ??= import(specifier) as Promise<LosslessModule>;
  const mod = await lossless;
  const bytesPer = bitsAllocated <= 8 ? 1 : 2;
  const stream = zeroFillBeforeEoi(data);
  const out = new mod.Decoder().decode(stream.buffer as ArrayBuffer, stream.byteOffset, stream.length, bytesPer);
  const bytes = out instanceof ArrayBuffer ? new Uint8Array(out) : new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  const components = Math.max(1, Math.round(bytes.length / (width * height * bytesPer)));
  return { bytes: new Uint8Array(bytes), width, height, bitsPerSample: bytesPer * 8, components, signed: false };
}

/**
 * jpeg-lossless-decoder-js stops at the EOI marker even when the last Huffman code still needs bits, losing the last
 * pixel. libjpeg feeds zero bits at a marker (jpeg_fill_bit_buffer); we do the same by putting zero bytes before EOI.
 */
function zeroFillBeforeEoi(data: Uint8Array): Uint8Array {
  let eoi = -1;
  for (let i = data.length - 2; i >= Math.max(0, data.length - 16); i--) {
    if (data[i] === 0xff && data[i + 1] === 0xd9) { eoi = i; break; }
  }
  if (eoi < 0) return data;
  const out = new Uint8Array(eoi + 6);
  out.set(data.subarray(0, eoi));
  out.set([0, 0, 0, 0, 0xff, 0xd9], eoi);
  return out;
}

type NativeCodecsModule = typeof import('dcmjs-codecs');
let native: Promise<NativeCodecsModule> | undefined;

// dcmjs-codecs reports a codec error by throwing a JS error out of the middle of the wasm call, so the decoder's
// allocations and wasm stack are never freed (one instance fails with "memory access out of bounds" on its 30th
// broken frame); after a failure the instance is dropped and the next call instantiates a fresh one.
function nativeCodecs(): Promise<NativeCodecsModule> {
  if (!native) {
    const loading = (async () => {
      const mod = require('dcmjs-codecs') as NativeCodecsModule;
      if (!mod.NativeCodecs.isInitialized()) await mod.NativeCodecs.initializeAsync({ logCodecsInfo: false, logCodecsTrace: false });
      return mod;
    })();
    loading.catch(() => { if (native === loading) native = undefined; });
    native = loading;
  }
  return native;
}

/**
 * JPEG extended 12-bit (processes 2–4, and the retired 6–8/10–12): libjpeg-turbo-8bit cannot, so this uses
 * dcmjs-codecs, a WebAssembly build of DCMTK's IJG libjpeg 8/12/16-bit decoders (the code behind DCMTK's `dcmdjpeg`),
 * which picks its 8- or 12-bit decoder from the frame's precision. The caller has already checked the SOF size
 * against the DICOM header (checkCompressedFrameSize), so the codec never allocates for a size the file does not
 * declare; the decoded length is checked again here. Colour comes back as RGB.
 */
export async function decodeJpegExtended(data: Uint8Array, width: number, height: number): Promise<CodecOutput> {
  const sof = jpegFrameHeader(data);
  if (!sof) throw new Error('JPEG extended frame has no frame header (SOF) before its scan');
  if (sof.precision > 12 || (sof.components !== 1 && sof.components !== 3)) throw new Error(`JPEG extended frame has ${sof.components} component(s) of ${sof.precision} bits; 1 or 3 of up to 12 are decoded`);
  const { Context, NativeCodecs } = await nativeCodecs();
  const bytesPer = sof.precision <= 8 ? 1 : 2;
  const samples = sof.components;
  const context = new Context({
    width, height, bitsAllocated: bytesPer * 8, bitsStored: sof.precision, samplesPerPixel: samples, pixelRepresentation: 0,
    planarConfiguration: 0, photometricInterpretation: samples === 3 ? 'YBR_FULL_422' : 'MONOCHROME2', encodedBuffer: data,
  });
  let decoded: Uint8Array | undefined;
  try {
    decoded = NativeCodecs.decodeJpeg(context, { convertColorspaceToRgb: samples === 3 }).getDecodedBuffer();
  } catch (e) {
    NativeCodecs.release();
    native = undefined;
    throw new Error(`JPEG extended frame does not decode: ${(e as Error).message.replace(/^JpegDecoder\d*::\w+::/, '')}`);
  }
  const expected = width * height * samples * bytesPer;
  if (decoded?.byteLength !== expected) throw new Error(`JPEG extended frame decoded to ${decoded?.byteLength ?? 0} bytes, expected ${expected}`);
  // Copy: the decoded buffer may be a view of the codec's memory.
  return { bytes: new Uint8Array(decoded), width, height, bitsPerSample: bytesPer * 8, components: samples, signed: false };
}

/**
 * DICOM RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, then one PackBits segment per byte plane
 * (most significant byte first, per sample). Written by hand because it is ~30 lines and no maintained npm
 * package decodes the DICOM flavour. Output is interleaved little-endian samples.
 */
export function decodeRle(data: Uint8Array, width: number, height: number, samples: number, bitsAllocated: number): CodecOutput {
  if (data.length < 64) throw new Error('RLE frame shorter than its 64-byte header');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const segments = view.getUint32(0, true);
  const bytesPer = bitsAllocated / 8;
  if (!Number.isInteger(bytesPer) || segments !== samples * bytesPer) {
    throw new Error(`RLE frame has ${segments} segments, expected ${samples * bytesPer} for ${samples} sample(s) of ${bitsAllocated} bits`);
  }
  const pixels = width * height;
  const out = new Uint8Array(pixels * samples * bytesPer);
  for (let s = 0; s < segments; s++) {
    const start = view.getUint32(4 + s * 4, true);
    const end = s + 1 < segments ? view.getUint32(8 + s * 4, true) : data.length;
    if (start < 64 || start > data.length || end > data.length || end < start) throw new Error(`RLE segment ${s} offsets out of range`);
    const sample = Math.floor(s / bytesPer);
    const byteInSample = bytesPer - 1 - (s % bytesPer); // segment 0 is the most significant byte
    const stride = samples * bytesPer;
    let o = sample * bytesPer + byteInSample;
    let written = 0;
    let i = start;
    while (i < end && written < pixels) {
      const n = (data[i++] << 24) >> 24;
      if (n >= 0) {
        for (let k = 0; k <= n && i < end && written < pixels; k++, written++, o += stride) out[o] = data[i++];
      } else if (n !== -128) {
        const value = data[i++];
        for (let k = 0; k < 1 - n && written < pixels; k++, written++, o += stride) out[o] = value;
      }
    }
    if (written < pixels) throw new Error(`RLE segment ${s} decoded ${written} of ${pixels} values (truncated)`);
  }
  return { bytes: out, width, height, bitsPerSample: bitsAllocated, components: samples, signed: false };
}
