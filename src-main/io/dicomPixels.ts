// Decodes one frame of a DICOM file into stored values (grey) or RGB bytes (colour), for every transfer syntax
// in ../shared/data/dicom: native LE/BE/deflate, RLE, JPEG baseline/extended/lossless, JPEG-LS, JPEG 2000.
import dicomParser from 'dicom-parser';
import type { DataSet, Element } from 'dicom-parser';
import { decodeHtj2k, decodeJpeg2000, decodeJpeg8, decodeJpegExtended, decodeJpegLossless, decodeJpegLs, decodeRle } from './codecs.js';
import type { CodecOutput } from './codecs.js';
import { TS, describeParseError, headerFromDataSet, sniffDicom, withoutMeta } from './dicom.js';
import type { DicomFlavour, DicomHeader } from './dicom.js';
import { readBytes } from './readFile.js';
import { absoluteMaxBytes, boundedDicomInflater, checkDecodedSize } from './bounded.js';
import { checkCompressedFrameSize } from './frameHeader.js';

export type StoredArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array;

export interface DecodedFrame {
  rows: number;
  columns: number;
  /** 1: stored values (before rescale); 3: RGB uint8 interleaved (palette, YBR, planar already converted). */
  samplesPerPixel: 1 | 3;
  data: StoredArray;
}

export interface ParsedDicom {
  header: DicomHeader;
  dataSet: DataSet;
}

export async function loadDicom(path: string): Promise<ParsedDicom> {
  const bytes = await readBytes(path);
  const flavour = sniffDicom(bytes);
  if (!flavour) throw new Error('not a DICOM file');
  return parseWhole(bytes, flavour);
}

function parseWhole(bytes: Uint8Array, flavour: DicomFlavour): ParsedDicom {
  const raw = { inflater: boundedDicomInflater, ...(flavour.kind === 'raw' ? { TransferSyntaxUID: flavour.transferSyntax } : {}) };
  try {
    // Native Pixel Data has a defined length: stopping at its header gives offset and length without dicom-parser
    // walking the value (which costs ~100 ms on a 256² frame). Encapsulated data needs the full parse for fragments.
    const head = dicomParser.parseDicom(bytes, { ...raw, untilTag: 'x7fe00010' });
    const el = head.elements.x7fe00010;
    if (el && el.length !== 0xffffffff && el.length > 0 && !el.hadUndefinedLength) return { header: headerFromDataSet(head, flavour), dataSet: head };
    const dataSet = dicomParser.parseDicom(bytes, raw);
    return { header: headerFromDataSet(dataSet, flavour), dataSet };
  } catch (error) {
    const fallback = withoutMeta(bytes, flavour, error);
    if (fallback) return parseWhole(fallback.bytes, fallback.flavour);
    throw new Error(describeParseError(error));
  }
}

/** The compressed bytes of one frame of encapsulated Pixel Data. */
function encapsulatedFrame(ds: DataSet, el: Element, frame: number, frames: number, jpeg: boolean): Uint8Array {
  const fragments = el.fragments ?? [];
  if (fragments.length === 0) throw new Error('encapsulated Pixel Data without fragments');
  if (frames === 1) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, fragments.length) as Uint8Array;
  if (el.basicOffsetTable && el.basicOffsetTable.length === frames) return dicomParser.readEncapsulatedImageFrame(ds, el, frame) as Uint8Array;
  if (fragments.length === frames) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, frame, 1) as Uint8Array;
  // No usable offset table: a frame starts at each fragment that opens with a JPEG SOI (FFD8) or J2K SOC (FF4F) marker.
  const starts: number[] = [];
  fragments.forEach((f, i) => {
    const at = f.position;
    const a = ds.byteArray[at], b = ds.byteArray[at + 1];
    if (a === 0xff && (b === 0xd8 || b === 0x4f)) starts.push(i);
  });
  if (starts.length === frames) {
    const end = frame + 1 < frames ? starts[frame + 1] : fragments.length;
    return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, starts[frame], end - starts[frame]) as Uint8Array;
  }
  if (jpeg) return dicomParser.readEncapsulatedImageFrame(ds, el, frame, dicomParser.createJPEGBasicOffsetTable(ds, el)) as Uint8Array;
  throw new Error(`cannot split ${fragments.length} fragments into ${frames} frames without a basic offset table`);
}

/** Decodes frame `frame` (0-based) of a parsed file. Throws with the reason (unsupported syntax, corrupt stream...). */
export async function decodeFrame(parsed: ParsedDicom, frame: number): Promise<DecodedFrame> {
  const { header: h, dataSet: ds } = parsed;
  const el = ds.elements.x7fe00010 ?? ds.elements.x7fe00008;
  if (!el || !h.rows || !h.columns) throw new Error('no Pixel Data (not an image)');
  if (frame < 0 || frame >= h.frames) throw new Error(`frame ${frame} out of range (the instance has ${h.frames})`);
  const rows = h.rows;
  const columns = h.columns;
  const samples = h.samplesPerPixel ?? 1;
  const bits = h.bitsAllocated ?? 16;
  const signed = h.pixelRepresentation === 1;
  const ts = h.transferSyntaxUid;
  const pixels = rows * columns;
  // Absurd dimensions are refused before anything is allocated or any codec runs.
  const bytesPer = Math.max(1, Math.ceil(bits / 8));
  checkDecodedSize(`a frame`, [columns, rows, samples], bytesPer);
  if (pixels * samples * bytesPer * h.frames > absoluteMaxBytes) {
    throw new Error(`${h.frames} frames of ${columns} × ${rows} × ${samples} (${bytesPer} byte(s) each) are over the ${Math.round(absoluteMaxBytes / 2 ** 30)} GiB limit for one file`);
  }

  let values: StoredArray;
  let planar = h.planarConfiguration === 1;
  let photometric = (h.photometric ?? (samples === 3 ? 'RGB' : 'MONOCHROME2')).toUpperCase();

  if (el.encapsulatedPixelData) {
    const compressed = encapsulatedFrame(ds, el, frame, h.frames, /^1\.2\.840\.10008\.1\.2\.4\.(5\d|[67]\d)$/.test(ts));
    checkCompressedFrameSize(ts, compressed, columns, rows);
    const out = await decodeCompressed(ts, compressed, bits, columns, rows, samples);
    if (out.width !== columns || out.height !== rows) throw new Error(`decoded ${out.width}×${out.height}, header says ${columns}×${rows}`);
    values = typedFrom(out.bytes, out.bitsPerSample > 16 ? 32 : out.bitsPerSample > 8 ? 16 : 8, signed);
    // Codecs (and our RLE decoder) return interleaved colour. JPEG and JPEG 2000 decoders undo their own colour
    // transform (YCbCr, ICT/RCT); RLE and JPEG-LS hand back the stored YBR values, which toRgb converts.
    planar = false;
    if (samples === 3 && photometric.startsWith('YBR') && !/^1\.2\.840\.10008\.1\.2\.(5|4\.8[01])$/.test(ts)) photometric = 'RGB';
  } else {
    // Native YBR_FULL_422 stores two values per pixel (Y Y Cb Cr per pair), not three.
    const perPixel = samples === 3 && photometric === 'YBR_FULL_422' ? 2 : samples;
    values = nativeFrame(ds, el, frame, pixels * perPixel, bits, signed, ts === TS.explicitBE, el.tag === 'x7fe00008');
  }

  if (samples === 1) {
    if (photometric === 'PALETTE COLOR') return { rows, columns, samplesPerPixel: 3, data: applyPalette(ds, values) };
    return { rows, columns, samplesPerPixel: 1, data: fixBits(values, h.bitsStored ?? bits, bits, signed) };
  }
  return { rows, columns, samplesPerPixel: 3, data: toRgb(values, pixels, planar, photometric, bits) };
}

async function decodeCompressed(ts: string, data: Uint8Array, bits: number, w: number, h: number, samples: number): Promise<CodecOutput> {
  switch (ts) {
    case '1.2.840.10008.1.2.5': return decodeRle(data, w, h, samples, bits);
    case '1.2.840.10008.1.2.4.50': return bits <= 8 ? decodeJpeg8(data) : decodeJpegExtended(data, w, h);
    case '1.2.840.10008.1.2.4.51': return bits <= 8 ? decodeJpeg8(data) : decodeJpegExtended(data, w, h);
    case '1.2.840.10008.1.2.4.53':
    case '1.2.840.10008.1.2.4.55': return decodeJpegExtended(data, w, h);
    case '1.2.840.10008.1.2.4.57':
    case '1.2.840.10008.1.2.4.70': return decodeJpegLossless(data, bits, w, h);
    case '1.2.840.10008.1.2.4.80':
    case '1.2.840.10008.1.2.4.81': return decodeJpegLs(data);
    case '1.2.840.10008.1.2.4.90':
    case '1.2.840.10008.1.2.4.91': return decodeJpeg2000(data);
    case '1.2.840.10008.1.2.4.201':
    case '1.2.840.10008.1.2.4.202':
    case '1.2.840.10008.1.2.4.203': return decodeHtj2k(data);
    default: throw new Error(`transfer syntax ${ts} is not supported for pixel decoding`);
  }
}

function typedFrom(bytes: Uint8Array, bits: number, signed: boolean): StoredArray {
  const copy = new Uint8Array(bytes); // aligned, owned copy
  if (bits <= 8) return signed ? new Int8Array(copy.buffer) : copy;
  if (bits > 16) return signed ? new Int32Array(copy.buffer, 0, copy.length >> 2) : new Uint32Array(copy.buffer, 0, copy.length >> 2);
  return signed ? new Int16Array(copy.buffer, 0, copy.length >> 1) : new Uint16Array(copy.buffer, 0, copy.length >> 1);
}

function nativeFrame(ds: DataSet, el: Element, frame: number, count: number, bits: number, signed: boolean, bigEndian: boolean, float: boolean): StoredArray {
  const src = ds.byteArray;
  if (bits === 1) {
    // Bit-packed (segmentations, overlays): frames follow each other bit by bit, least significant bit first.
    const out = new Uint8Array(count);
    const first = frame * count;
    for (let i = 0; i < count; i++) {
      const bit = first + i;
      const byte = el.dataOffset + (bit >> 3);
      if (byte >= src.length) throw new Error('Pixel Data is truncated');
      out[i] = (src[byte] >> (bit & 7)) & 1;
    }
    return out;
  }
  const bytesPer = bits / 8;
  if (![1, 2, 4].includes(bytesPer)) throw new Error(`Bits Allocated ${bits} is not supported`);
  const start = el.dataOffset + frame * count * bytesPer;
  const end = start + count * bytesPer;
  if (end > src.length || (el.length !== undefined && el.length !== 0xffffffff && frame * count * bytesPer + count * bytesPer > el.length + 1)) {
    throw new Error(`Pixel Data is truncated (frame ${frame} needs bytes ${start}–${end}, the file has ${src.length})`);
  }
  const bytes = new Uint8Array(src.subarray(start, end));
  if (bigEndian && bytesPer > 1) {
    for (let i = 0; i < bytes.length; i += bytesPer) bytes.subarray(i, i + bytesPer).reverse();
  }
  if (bytesPer === 1) return signed ? new Int8Array(bytes.buffer) : bytes;
  if (bytesPer === 2) return signed ? new Int16Array(bytes.buffer) : new Uint16Array(bytes.buffer);
  if (float) return new Float32Array(bytes.buffer);
  return signed ? new Int32Array(bytes.buffer) : new Uint32Array(bytes.buffer);
}

/** Bits above Bits Stored are not pixel data (overlays lived there): mask them, and sign-extend signed values. */
function fixBits(values: StoredArray, stored: number, allocated: number, signed: boolean): StoredArray {
  if (stored >= allocated || values instanceof Float32Array || stored <= 0) return values;
  const mask = stored >= 32 ? 0xffffffff : (1 << stored) - 1;
  const shift = 32 - stored;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] & mask;
    values[i] = signed ? (v << shift) >> shift : v;
  }
  return values;
}

function toRgb(values: StoredArray, pixels: number, planar: boolean, photometric: string, bits: number): Uint8Array {
  const out = new Uint8Array(pixels * 3);
  // Colour deeper than 8 bits (16/32-bit RLE RGB) is scaled to 0..255 for display.
  const scale = bits > 8 ? 255 / (2 ** bits - 1) : 1;
  const at = (p: number, c: number): number => (planar ? values[c * pixels + p] : values[p * 3 + c]) * scale;
  if (photometric === 'YBR_FULL_422' && !planar && values.length === pixels * 2) {
    // Native 4:2:2: Y0 Y1 Cb Cr per pixel pair.
    for (let p = 0; p < pixels; p += 2) {
      const base = p * 2;
      const cb = values[base + 2], cr = values[base + 3];
      ybrToRgb(values[base], cb, cr, out, p * 3);
      if (p + 1 < pixels) ybrToRgb(values[base + 1], cb, cr, out, (p + 1) * 3);
    }
    return out;
  }
  if (values.length < pixels * 3) throw new Error(`colour frame holds ${values.length} values, expected ${pixels * 3}`);
  const ybr = photometric.startsWith('YBR_FULL');
  for (let p = 0; p < pixels; p++) {
    if (ybr) ybrToRgb(at(p, 0), at(p, 1), at(p, 2), out, p * 3);
    else for (let c = 0; c < 3; c++) out[p * 3 + c] = Math.round(at(p, c));
  }
  return out;
}

function ybrToRgb(y: number, cb: number, cr: number, out: Uint8Array, o: number): void {
  // ITU-R BT.601 full range, as PS3.3 C.7.6.3.1.2 defines YBR_FULL.
  out[o] = clamp(y + 1.402 * (cr - 128));
  out[o + 1] = clamp(y - 0.344136 * (cb - 128) - 0.714136 * (cr - 128));
  out[o + 2] = clamp(y + 1.772 * (cb - 128));
}
const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

function applyPalette(ds: DataSet, values: StoredArray): Uint8Array {
  const luts = ['1', '2', '3'].map((c) => {
    const desc = ds.elements[`x0028110${c}`];
    const data = ds.elements[`x0028120${c}`];
    if (!desc || !data) throw new Error('PALETTE COLOR without lookup tables (segmented palettes are not supported)');
    const entries = ds.uint16(`x0028110${c}`, 0) || 65536;
    const first = desc.length >= 6 ? (ds.uint16(`x0028110${c}`, 1) ?? 0) : 0;
    const lutBits = ds.uint16(`x0028110${c}`, 2) ?? 16;
    const table = new Uint8Array(entries);
    const sixteen = data.length >= entries * 2;
    for (let i = 0; i < entries; i++) {
      const v = sixteen ? ds.uint16(`x0028120${c}`, i) ?? 0 : ds.byteArray[data.dataOffset + i];
      table[i] = sixteen && lutBits > 8 ? v >> 8 : v & 0xff;
    }
    return { table, first, entries };
  });
  const out = new Uint8Array(values.length * 3);
  for (let p = 0; p < values.length; p++) {
    for (let c = 0; c < 3; c++) {
      const { table, first, entries } = luts[c];
      const idx = Math.min(entries - 1, Math.max(0, values[p] - first));
      out[p * 3 + c] = table[idx];
    }
  }
  return out;
}
