// Compressed-frame decoders: the Cornerstone wasm codecs (libjpeg-turbo, CharLS, OpenJPEG), jpeg-lossless-decoder-js,
// the 12-bit JPEG decoder shipped inside @cornerstonejs/dicom-image-loader, and a small RLE decoder.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

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

interface PdfJpeg { parse(data: Uint8Array): void; colorTransform: boolean | undefined; getData(w: number, h: number): Uint8Array | Uint8ClampedArray; getData16(w: number, h: number): Uint16Array; numComponents?: number; components?: unknown[] }
let pdfJpeg: Promise<new () => PdfJpeg> | undefined;

/**
 * JPEG extended 12-bit (and processes 6-8/10-12): libjpeg-turbo-8bit cannot, so we use the pdf.js-derived decoder
 * that @cornerstonejs/dicom-image-loader ships for exactly this case. It is not in the package's exports map,
 * so it is imported by file URL next to the package entry point.
 */
export async function decodeJpegExtended(data: Uint8Array, bitsAllocated: number, width: number, height: number): Promise<CodecOutput> {
  pdfJpeg ??= import(new URL('./codecs/jpeg.js', import.meta.resolve('@cornerstonejs/dicom-image-loader')).href).then((m: { default: new () => PdfJpeg }) => m.default);
  const Jpeg = await pdfJpeg;
  const jpeg = new Jpeg();
  jpeg.parse(data);
  const components = Array.isArray(jpeg.components) ? jpeg.components.length : 1;
  jpeg.colorTransform = components === 3 ? undefined : false;
  if (bitsAllocated > 8 && components === 1) {
    const d = new Uint16Array(jpeg.getData16(width, height));
    // That decoder's level shift scales JPEG's 8-bit rounding constant (2056 = 128·16 + 8) by the bit-depth ratio, so
    // 12-bit output comes out 15–16 units high (checked against DCMTK's dcmdjpeg on the Cornerstone CT). Undo the
    // constant part; what remains is at most one unit.
    const conversion = (jpeg as unknown as { components?: Array<{ bitConversion?: number }> }).components?.[0]?.bitConversion ?? 255 / 4095;
    const maxValue = Math.round(255 / conversion);
    const offset = Math.floor((2056 / conversion - ((maxValue + 1) / 2) * 16 - 8) / 16);
    if (offset > 0) for (let i = 0; i < d.length; i++) d[i] = d[i] > offset ? d[i] - offset : 0;
    return { bytes: new Uint8Array(d.buffer, d.byteOffset, d.byteLength), width, height, bitsPerSample: 16, components: 1, signed: false };
  }
  const d = jpeg.getData(width, height);
  return { bytes: new Uint8Array(d.buffer, d.byteOffset, d.byteLength), width, height, bitsPerSample: 8, components, signed: false };
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
