// PNG/JPEG research images: a cheap header read for the catalog (IHDR / SOF marker) and full decoding to grey or RGB
// for the pixel service (PNG through ./png.ts, JPEG through the libjpeg-turbo codec the DICOM decoder uses too).
// Synthetic PNGs are recognised by their tEXt.
import { open } from 'node:fs/promises';
import { decodeJpeg8 } from './codecs.js';
import { decodePng, isSyntheticPng } from './png.js';
import { readBytes } from './readFile.js';
import { decoderReason } from './decodeErrors.js';

export interface RasterHeader {
  format: 'png' | 'jpeg';
  rows: number;
  columns: number;
  channels: number;
  bitDepth: number;
  /** A PNG whose tEXt says `Synthetic: true` (how LatentRad marks generated images). */
  synthetic: boolean;
}

export interface RasterPixels {
  rows: number;
  columns: number;
  channels: 1 | 3;
  data: Uint8Array | Uint16Array;
  bitDepth: 8 | 16;
  synthetic: boolean;
}

const pngMagic = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function rasterFormat(bytes: Uint8Array): 'png' | 'jpeg' | null {
  if (pngMagic.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return null;
}

/** Parses dimensions from the first KiBs; throws with a reason when the file claims a format but is broken. */
export function parseRasterHeader(bytes: Uint8Array): RasterHeader | null {
  const format = rasterFormat(bytes);
  if (!format) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (format === 'png') {
    if (bytes.length < 33) throw new Error('PNG shorter than its header');
    const colorType = bytes[25];
    const channels = colorType === 0 ? 1 : colorType === 4 ? 1 : 3;
    return { format, columns: view.getUint32(16), rows: view.getUint32(20), bitDepth: bytes[24], channels, synthetic: pngSaysSynthetic(bytes) };
  }
  // Walk JPEG markers to the first SOFn (C0–CF except C4 DHT, C8 JPG, CC DAC).
  let o = 2;
  while (o + 9 < bytes.length) {
    if (bytes[o] !== 0xff) throw new Error(`JPEG marker expected at byte ${o}`);
    const marker = bytes[o + 1];
    if (marker === 0xff) { o++; continue; }
    const length = view.getUint16(o + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { format, bitDepth: bytes[o + 4], rows: view.getUint16(o + 5), columns: view.getUint16(o + 7), channels: bytes[o + 9] === 1 ? 1 : 3, synthetic: false };
    }
    o += 2 + length;
  }
  throw new Error('JPEG without a frame header (SOF) in its first 64 KiB');
}

/** Walks the PNG chunks before the image data for a `Synthetic` tEXt entry (png.ts writes it right after IHDR). */
function pngSaysSynthetic(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 8;
  while (o + 12 <= bytes.length) {
    const length = view.getUint32(o);
    const type = String.fromCharCode(bytes[o + 4], bytes[o + 5], bytes[o + 6], bytes[o + 7]);
    if (type === 'IDAT' || type === 'IEND' || o + 12 + length > bytes.length) return false;
    if (type === 'tEXt') {
      const text = Buffer.from(bytes.buffer, bytes.byteOffset + o + 8, length).toString('latin1');
      if (text === 'Synthetic\0true') return true;
    }
    o += 12 + length;
  }
  return false;
}

export async function readRasterHeader(path: string): Promise<RasterHeader | null> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return parseRasterHeader(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

export async function readRaster(path: string): Promise<RasterPixels> {
  const bytes = await readBytes(path);
  const format = rasterFormat(bytes);
  if (format === 'png') {
    const png = decodePng(bytes, path);
    return { rows: png.height, columns: png.width, channels: png.channels, data: png.data, bitDepth: png.bitDepth, synthetic: isSyntheticPng(png) };
  }
  if (format === 'jpeg') return decodeJpeg(bytes, path);
  throw new Error(`${path}: neither PNG nor JPEG`);
}

/** A JPEG file's bytes → grey (1 channel) or RGB (3), 8 bits; an error names the file and the reason. */
export async function decodeJpeg(bytes: Uint8Array, path: string): Promise<RasterPixels> {
  let decoded;
  try {
    decoded = await decodeJpeg8(bytes);
  } catch (error) {
    throw new Error(`${path}: not a decodable JPEG (${decoderReason(error, 'corrupt JPEG data: the decoder stopped on a damaged segment')})`);
  }
  const { width, height, components, bytes: data } = decoded;
  if ((components !== 1 && components !== 3) || data.length < width * height * components) {
    throw new Error(`${path}: not a decodable JPEG (${components} components, ${data.length} bytes for ${width}×${height})`);
  }
  // An RGB JPEG whose channels are all equal is grey (X-rays are often saved that way).
  const n = width * height;
  let grey = components === 1;
  if (!grey) {
    grey = true;
    for (let i = 0; i < n && grey; i++) grey = data[i * 3] === data[i * 3 + 1] && data[i * 3] === data[i * 3 + 2];
  }
  let out: Uint8Array = data.subarray(0, n * components);
  if (grey && components === 3) {
    out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = data[i * 3];
  }
  return { rows: height, columns: width, channels: grey ? 1 : 3, data: out, bitDepth: 8, synthetic: false };
}
