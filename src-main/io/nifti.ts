// NIfTI-1/2 reader (.nii, .nii.gz, .hdr/.img pairs, gzipped or not, either endianness) built on nifti-reader-js:
// header parsing is the library's; we add sform-first affine choice, scaling to Float32 and errors naming the file.
import { createReadStream, existsSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import * as nifti from 'nifti-reader-js';
import { ApiError } from '../../src-shared/api/errors.js';
import { luminance } from '../../src-shared/imaging/convert.js';
import { readBytes, readFailure, statRegularFile } from './readFile.js';
import { checkDecodedSize, gunzipBounded } from './bounded.js';
import { decoderReason } from './decodeErrors.js';

export interface NiftiHeaderInfo {
  path: string;
  /** The file holding the voxels (the .img of a pair, else the path itself). */
  imagePath: string;
  format: 'nifti1' | 'nifti2';
  littleEndian: boolean;
  /** Size of each dimension, dims[0] = x (fastest) ... up to 7 dims. */
  dims: number[];
  voxelSize: number[];
  datatype: string;
  datatypeCode: number;
  bitsPerVoxel: number;
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  /** Voxel (i,j,k,1) → RAS+ mm, row-major 4×4. */
  affine: number[];
  affineSource: 'sform' | 'qform' | 'pixdim';
  description: string;
  /** Geometry the header states but that cannot be used (NaN, ∞, 0 voxel size) and what was used instead. */
  warnings: string[];
}

export interface NiftiVolume extends NiftiHeaderInfo {
  /** Every voxel of every volume (x fastest, then y, z, t...), scl_slope/scl_inter applied. */
  data: Float32Array;
}

const datatypeNames: Record<number, string> = {
  1: 'binary', 2: 'uint8', 4: 'int16', 8: 'int32', 16: 'float32', 32: 'complex64', 64: 'float64', 128: 'rgb24',
  256: 'int8', 512: 'uint16', 768: 'uint32', 1024: 'int64', 1280: 'uint64', 1536: 'float128', 1792: 'complex128', 2048: 'complex256',
};

const isGzip = (bytes: Uint8Array): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** The first `n` bytes of a file, gunzipped when it is gzip; avoids inflating a whole volume to read 540 bytes. */
async function readPrefix(path: string, n: number): Promise<Uint8Array> {
  await statRegularFile(path, Number.POSITIVE_INFINITY);
  const chunks: Buffer[] = [];
  let total = 0;
  const raw = createReadStream(path, { highWaterMark: 64 * 1024 });
  const head = await new Promise<Buffer>((resolve, reject) => {
    raw.once('data', (c) => { raw.pause(); resolve(c as Buffer); });
    raw.once('error', reject);
    raw.once('end', () => resolve(Buffer.alloc(0)));
  });
  if (!isGzip(head)) {
    raw.destroy();
    return head.subarray(0, n);
  }
  const gunzip = createGunzip();
  return new Promise<Uint8Array>((resolve, reject) => {
    const finish = (): void => { raw.destroy(); gunzip.destroy(); resolve(Buffer.concat(chunks).subarray(0, n)); };
    gunzip.on('data', (c: Buffer) => { chunks.push(c); total += c.length; if (total >= n) finish(); });
    gunzip.on('end', finish);
    gunzip.on('error', (e) => { raw.destroy(); reject(new Error(`gzip: ${e.message}`)); });
    gunzip.write(head);
    raw.pipe(gunzip);
    raw.resume();
  });
}

/** The whole file, gunzipped with a ceiling of `declared` bytes (what the header says the file holds). */
async function readWhole(path: string, declared: number): Promise<Uint8Array> {
  const bytes = await readBytes(path);
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipBounded(bytes, declared);
  } catch (error) {
    throw new Error(`gzip: ${(error as Error).message}`);
  }
}

/** Bytes a header declares for its file: the voxels after vox_offset (or, for a .hdr, the header itself). */
function declaredBytes(info: NiftiHeaderInfo, forImage: boolean): number {
  const voxels = info.dims.reduce((a, b) => a * b, 1) * Math.max(1, info.bitsPerVoxel / 8);
  return forImage ? info.voxOffset + voxels : 1024 * 1024;
}

/** For `x.hdr[.gz]`, the sibling `x.img[.gz]` that exists. */
export function pairedImagePath(hdrPath: string): string | null {
  const base = hdrPath.replace(/\.hdr(\.gz)?$/i, '');
  for (const ext of ['.img', '.img.gz', '.IMG', '.IMG.GZ']) if (existsSync(base + ext)) return base + ext;
  return null;
}

/**
 * Clears the extension flag (the 4 bytes after the 348- or 540-byte header) in our copy: we use no extension, and
 * nifti-reader-js would otherwise read them past the header prefix (a NIfTI-2 with an extension failed to import
 * with "Offset is outside the bounds of the DataView").
 */
function withoutExtensions(buffer: ArrayBuffer): ArrayBuffer {
  if (buffer.byteLength < 4) return buffer;
  const view = new DataView(buffer);
  const size = [348, 540].find((n) => view.getInt32(0, true) === n || view.getInt32(0, false) === n);
  if (size !== undefined && buffer.byteLength >= size + 4) new Uint8Array(buffer, size, 4).fill(0);
  return buffer;
}

function parseHeader(path: string, bytes: Uint8Array): NiftiHeaderInfo {
  const buffer = withoutExtensions(toArrayBuffer(bytes));
  const isPair = /\.hdr(\.gz)?$/i.test(path);
  if (!nifti.isNIFTI(buffer, isPair)) {
    if (bytes.length >= 4 && (new DataView(buffer).getInt32(0, true) === 348 || new DataView(buffer).getInt32(0, false) === 348) && isPair) {
      throw new Error('Analyze 7.5 header without the NIfTI magic (ni1); plain Analyze is not supported');
    }
    throw new Error('not a NIfTI-1/2 file (no n+1/ni1/n+2 magic)');
  }
  const header = nifti.readHeader(buffer, isPair);
  const format = header instanceof nifti.NIFTI2 ? 'nifti2' : 'nifti1';
  const ndim = header.dims[0];
  if (!(ndim >= 1 && ndim <= 7)) throw new Error(`dim[0] is ${ndim}, expected 1 to 7 (corrupt header)`);
  const dims = header.dims.slice(1, 1 + ndim).map((d) => Math.max(1, d));
  if (dims.some((d) => !Number.isFinite(d) || d > 1 << 20)) throw new Error(`implausible dimensions [${dims.join(', ')}]`);
  const warnings: string[] = [];
  const voxelSize = header.pixDims.slice(1, 1 + ndim).map((v, i) => {
    if (Number.isFinite(v) && v !== 0) return Math.abs(v);
    // NaN/∞ would poison every listing that carries the geometry; a spatial 0 divides (a time step of 0 is common
    // and harmless). Defaulted either way; the user is told when it matters.
    if (!Number.isFinite(v) || i < 3) warnings.push(`pixdim[${i + 1}] is ${v}: voxel size taken as 1`);
    return 1;
  });
  const datatype = datatypeNames[header.datatypeCode];
  if (!datatype) throw new Error(`unknown NIfTI datatype code ${header.datatypeCode}`);
  let imagePath = path;
  if (isPair) {
    const img = pairedImagePath(path);
    if (!img) throw new Error('header of a .hdr/.img pair whose .img file is missing');
    imagePath = img;
  }
  const { affine, affineSource, unusable } = chooseAffine(header, bytes, format);
  if (unusable.length) warnings.push(`${unusable.join(' and ')} not finite: orientation from ${affineSource === 'qform' ? 'the qform' : 'the voxel sizes alone (no rotation or origin)'}`);
  return {
    path, imagePath, format, littleEndian: header.littleEndian, dims, voxelSize, datatype, datatypeCode: header.datatypeCode,
    bitsPerVoxel: header.numBitsPerVoxel, voxOffset: isPair ? Math.max(0, header.vox_offset) : header.vox_offset,
    sclSlope: header.scl_slope, sclInter: header.scl_inter, affine, affineSource, description: (header.description ?? '').replace(/\0+$/, '').trim(), warnings,
  };
}

// nibabel and ITK prefer the sform when sform_code > 0; nifti-reader-js prefers a higher qform code, so the sform
// rows are read from the header bytes directly (NIfTI-1: float32 at 280; NIfTI-2: float64 at 400).
function chooseAffine(header: nifti.NIFTI1 | nifti.NIFTI2, bytes: Uint8Array, format: 'nifti1' | 'nifti2'): { affine: number[]; affineSource: NiftiHeaderInfo['affineSource']; unusable: string[] } {
  /** Transforms the header says to use (code > 0) whose numbers are not finite. */
  const unusable: string[] = [];
  if (header.sform_code > 0) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out: number[] = [];
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 4; c++) {
        out.push(format === 'nifti1' ? view.getFloat32(280 + (r * 4 + c) * 4, header.littleEndian) : view.getFloat64(400 + (r * 4 + c) * 8, header.littleEndian));
      }
    }
    out.push(0, 0, 0, 1);
    if (out.every(Number.isFinite) && out.slice(0, 11).some((v) => v !== 0)) return { affine: out, affineSource: 'sform', unusable };
    if (!out.every(Number.isFinite)) unusable.push('the sform');
  }
  if (header.qform_code > 0) {
    // The library computes the qform affine whenever sform_code < qform_code; recompute otherwise.
    const m = header.sform_code < header.qform_code ? header.affine : qformAffine(header);
    const affine = m.flatMap((row) => row.slice(0, 4)).slice(0, 12).concat([0, 0, 0, 1]);
    // NaN/∞ in quaternions, offsets or pixdim would poison every listing that carries the geometry: use pixdim.
    if (affine.every(Number.isFinite)) return { affine, affineSource: 'qform', unusable };
    unusable.push('the qform');
  }
  const p = header.pixDims.map((v) => (Number.isFinite(v) && v !== 0 ? Math.abs(v) : 1));
  return { affine: [p[1] ?? 1, 0, 0, 0, 0, p[2] ?? 1, 0, 0, 0, 0, p[3] ?? 1, 0, 0, 0, 0, 1], affineSource: 'pixdim', unusable };
}

function qformAffine(h: nifti.NIFTI1 | nifti.NIFTI2): number[][] {
  const m = h.convertNiftiQFormToNiftiSForm(h.quatern_b, h.quatern_c, h.quatern_d, h.qoffset_x, h.qoffset_y, h.qoffset_z, h.pixDims[1], h.pixDims[2], h.pixDims[3], (h as { qfac?: number }).qfac ?? 1);
  return m;
}

/** Header only (fast: reads and inflates just the first bytes). Throws Error with the reason; callers add the path. */
export async function readNiftiHeader(path: string): Promise<NiftiHeaderInfo> {
  try {
    return parseHeader(path, await readPrefix(path, 544));
  } catch (error) {
    throw new ApiError('bad_input', `${path}: ${decoderReason(error, DAMAGED)}`);
  }
}

/** Header plus every voxel as Float32 in scaled units; the IXI dataset builder and the pixel service use this. */
export async function readNifti(path: string): Promise<NiftiVolume> {
  let whole: Uint8Array;
  let prefixInfo: NiftiHeaderInfo;
  try {
    prefixInfo = await readNiftiHeader(path);
    checkDecodedSize('a volume', prefixInfo.dims, 4); // the catch below puts the path in front
    whole = await readWhole(path, declaredBytes(prefixInfo, prefixInfo.imagePath === path));
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw code ? readFailure(path, error) : new ApiError('bad_input', `${path}: ${decoderReason(error, DAMAGED)}`);
  }
  try {
    const info = parseHeader(path, whole);
    const voxels = info.imagePath === path ? whole : await readWhole(info.imagePath, declaredBytes(info, true));
    return { ...info, data: toFloat32(info, voxels) };
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError('bad_input', `${path}: ${decoderReason(error, DAMAGED)}`);
  }
}

/** What a parser's engine-level failure (a DataView read past the end, say) means for a NIfTI file. */
const DAMAGED = 'the file is damaged or truncated: a header field points past the end of its data';

function toFloat32(info: NiftiHeaderInfo, bytes: Uint8Array): Float32Array {
  const count = info.dims.reduce((a, b) => a * b, 1);
  const bytesPer = info.bitsPerVoxel / 8;
  const start = info.voxOffset;
  if (info.datatype === 'binary' || !Number.isInteger(bytesPer)) throw new Error(`datatype ${info.datatype} (${info.bitsPerVoxel} bits) is not supported`);
  if (/complex|float128/.test(info.datatype)) throw new Error(`datatype ${info.datatype} is not supported (no real-valued image)`);
  const needed = start + count * bytesPer;
  if (bytes.length < needed) throw new Error(`truncated: ${bytes.length} bytes, the header describes ${needed}`);
  const out = new Float32Array(count);
  if (info.datatype === 'rgb24') {
    // RGB24 is stored as 3 bytes per voxel; reduced to luminance so every volume is one Float32 grid.
    out.set(luminance(bytes.subarray(start, start + count * 3), count, 3));
  } else {
    // Copy into an aligned buffer, byte-swapping if the file's endianness differs from ours (little), then view it
    // as its typed array: ~10× faster than DataView reads per voxel on 10⁷-voxel volumes.
    // new Uint8Array(view) copies (Buffer#slice would not), giving an ArrayBuffer of exactly these bytes.
    const raw = new Uint8Array(bytes.subarray(start, start + count * bytesPer));
    if (!info.littleEndian && bytesPer > 1) for (let i = 0; i < raw.length; i += bytesPer) raw.subarray(i, i + bytesPer).reverse();
    const typed = typedView(info.datatype, raw.buffer);
    for (let i = 0; i < count; i++) out[i] = Number(typed[i]);
  }
  // scl_slope = 0 means "no scaling" by the standard.
  const slope = Number.isFinite(info.sclSlope) && info.sclSlope !== 0 ? info.sclSlope : 1;
  const inter = Number.isFinite(info.sclInter) && info.sclSlope !== 0 ? info.sclInter : 0;
  if (slope !== 1 || inter !== 0) for (let i = 0; i < count; i++) out[i] = out[i] * slope + inter;
  return out;
}

function typedView(datatype: string, buffer: ArrayBuffer): ArrayLike<number | bigint> {
  switch (datatype) {
    case 'uint8': return new Uint8Array(buffer);
    case 'int8': return new Int8Array(buffer);
    case 'int16': return new Int16Array(buffer);
    case 'uint16': return new Uint16Array(buffer);
    case 'int32': return new Int32Array(buffer);
    case 'uint32': return new Uint32Array(buffer);
    case 'float32': return new Float32Array(buffer);
    case 'float64': return new Float64Array(buffer);
    case 'int64': return new BigInt64Array(buffer);
    case 'uint64': return new BigUint64Array(buffer);
    default: throw new Error(`datatype ${datatype} is not supported`);
  }
}
