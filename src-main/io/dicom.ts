// DICOM detection by content and header parsing with dicom-parser (stopping before Pixel Data) for the catalog;
// Part-10 files with preamble, and headerless raw data sets (ACR-NEMA style, implicit or explicit VR).
import { closeSync, readSync } from 'node:fs';
import dicomParser from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { openRegularFileSync, readBytesSync, readFailure } from './readFile.js';
import { boundedDicomInflater } from './bounded.js';
import { decoderReason } from './decodeErrors.js';

export const TS = {
  implicitLE: '1.2.840.10008.1.2',
  explicitLE: '1.2.840.10008.1.2.1',
  deflate: '1.2.840.10008.1.2.1.99',
  explicitBE: '1.2.840.10008.1.2.2',
} as const;

/** Transfer syntaxes whose pixels went through lossy compression. */
const lossySyntaxes = new Set(['1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51', '1.2.840.10008.1.2.4.81', '1.2.840.10008.1.2.4.91', '1.2.840.10008.1.2.4.203']);

/** SOP classes with no image to show: SR, RT plan/struct/record, waveforms, KOS, PR, encapsulated docs, raw data. */
const nonImagePrefixes = ['1.2.840.10008.5.1.4.1.1.88.', '1.2.840.10008.5.1.4.1.1.481.5', '1.2.840.10008.5.1.4.1.1.481.3', '1.2.840.10008.5.1.4.1.1.481.4', '1.2.840.10008.5.1.4.1.1.9.', '1.2.840.10008.5.1.4.1.1.11.', '1.2.840.10008.5.1.4.1.1.104.', '1.2.840.10008.5.1.4.1.1.66'];
export const dicomdirSopClass = '1.2.840.10008.1.3.10';

export type DicomFlavour = { kind: 'part10' } | { kind: 'raw'; transferSyntax: string };

const isVr = (a: number, b: number): boolean => a >= 0x41 && a <= 0x5a && b >= 0x41 && b <= 0x5a;

/**
 * Is this DICOM? Part-10 has "DICM" at 128. A raw data set must start with a plausible element sequence:
 * group 0x0002/0x0008 tags in ascending order with lengths that fit the file, which arbitrary files almost never do.
 */
export function sniffDicom(bytes: Uint8Array, fileSize = bytes.length): DicomFlavour | null {
  if (bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d) return { kind: 'part10' };
  if (bytes.length < 32) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const little of [true, false]) {
    const group = view.getUint16(0, little);
    if (group !== 0x0008 && group !== 0x0002) continue;
    const explicit = isVr(bytes[4], bytes[5]);
    if (!little && !explicit) continue; // implicit big endian does not exist
    if (walkElements(view, little, explicit, fileSize)) {
      return { kind: 'raw', transferSyntax: !little ? TS.explicitBE : explicit ? TS.explicitLE : TS.implicitLE };
    }
  }
  return null;
}

function walkElements(view: DataView, little: boolean, explicit: boolean, fileSize: number): boolean {
  let offset = 0;
  let previous = -1;
  let seen = 0;
  while (seen < 4 && offset + 8 <= view.byteLength) {
    const group = view.getUint16(offset, little);
    const element = view.getUint16(offset + 2, little);
    const tag = group * 0x10000 + element;
    if (tag <= previous || group > 0x7fe0) return false;
    let length: number;
    let header = 8;
    if (explicit) {
      if (!isVr(view.getUint8(offset + 4), view.getUint8(offset + 5))) return false;
      const vr = String.fromCharCode(view.getUint8(offset + 4), view.getUint8(offset + 5));
      if (['OB', 'OW', 'OF', 'SQ', 'UT', 'UN', 'OD', 'OL', 'UC', 'UR', 'OV', 'SV', 'UV'].includes(vr)) {
        if (offset + 12 > view.byteLength) return seen >= 2;
        length = view.getUint32(offset + 8, little);
        header = 12;
      } else {
        length = view.getUint16(offset + 6, little);
      }
    } else {
      length = view.getUint32(offset + 4, little);
    }
    if (length === 0xffffffff) return seen >= 1;
    if (offset + header + length > fileSize) return false;
    previous = tag;
    offset += header + length;
    seen++;
  }
  return seen >= 2;
}

export interface DicomHeader {
  transferSyntaxUid: string;
  sopClassUid: string | null;
  sopInstanceUid: string | null;
  studyInstanceUid: string | null;
  seriesInstanceUid: string | null;
  patientId: string;
  patientName: string;
  birthDate: string | null;
  sex: string | null;
  studyDate: string | null;
  studyTime: string | null;
  studyDescription: string | null;
  accessionNumber: string | null;
  seriesNumber: number | null;
  seriesDescription: string | null;
  bodyPart: string | null;
  frameOfReferenceUid: string | null;
  modality: string | null;
  instanceNumber: number | null;
  frames: number;
  rows: number | null;
  columns: number | null;
  pixelSpacing: [number, number] | null;
  imagePositionPatient: [number, number, number] | null;
  imageOrientationPatient: [number, number, number, number, number, number] | null;
  /** Enhanced multi-frame: one position per frame (from the per-frame functional groups). */
  framePositions: Array<[number, number, number]> | null;
  sliceLocation: number | null;
  sliceThickness: number | null;
  rescaleSlope: number;
  rescaleIntercept: number;
  rescaleType: string | null;
  windows: Array<[number, number]>;
  photometric: string | null;
  bitsAllocated: number | null;
  bitsStored: number | null;
  highBit: number | null;
  pixelRepresentation: number | null;
  samplesPerPixel: number | null;
  planarConfiguration: number | null;
  hasPixelData: boolean;
  /** Where a defined-length Pixel Data value ends (offset in the parsed bytes); null when encapsulated/absent. */
  pixelDataEnd: number | null;
  displayable: boolean;
  lossy: boolean;
  /** Synthetic Data (0008,001C) = YES: the standard's own mark for generated images (see syntheticData). */
  synthetic: boolean;
  isDicomdir: boolean;
  /** Geometry attributes present but unusable (NaN, ∞, words, non-positive spacing), each taken as not stated. */
  geometryWarnings: string[];
}

const str = (ds: DataSet, tag: string): string | null => {
  const v = ds.string(tag);
  return v === undefined || v === '' ? null : v.replace(/\0/g, '').trim() || null;
};
const num = (ds: DataSet | undefined, tag: string, index = 0): number | null => {
  if (!ds?.elements[tag]) return null;
  // dicom-parser throws instead of returning undefined when the index is past the last value.
  const values = (ds.string(tag) ?? '').split('\\');
  if (index >= values.length) return null;
  const v = Number.parseFloat(values[index]);
  return Number.isFinite(v) ? v : null;
};
const us = (ds: DataSet, tag: string): number | null => (ds.elements[tag] && ds.elements[tag].length >= 2 ? ds.uint16(tag) ?? null : null);
function nums(ds: DataSet | undefined, tag: string, n: number): number[] | null {
  if (!ds?.elements[tag]) return null;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = num(ds, tag, i);
    if (v === null) return null;
    out.push(v);
  }
  return out;
}
/** First item of a sequence inside (optionally) a functional-group item. */
const item = (ds: DataSet | undefined, tag: string): DataSet | undefined => ds?.elements[tag]?.items?.[0]?.dataSet;

/** Parses everything the catalog needs, without reading Pixel Data. Throws with a readable reason. */
export function parseDicomHeader(bytes: Uint8Array, flavour: DicomFlavour): DicomHeader {
  try {
    const ds = dicomParser.parseDicom(bytes, {
      untilTag: 'x7fe00010',
      inflater: boundedDicomInflater,
      ...(flavour.kind === 'raw' ? { TransferSyntaxUID: flavour.transferSyntax } : {}),
    });
    return headerFromDataSet(ds, flavour);
  } catch (error) {
    const fallback = withoutMeta(bytes, flavour, error);
    if (fallback) return parseDicomHeader(fallback.bytes, fallback.flavour);
    throw new Error(describeParseError(error));
  }
}

/**
 * A Part-10 file whose meta header lacks (0002,0010): skip the meta group and sniff the data set's encoding
 * from its first element, as DCMTK and pydicom do.
 */
export function withoutMeta(bytes: Uint8Array, flavour: DicomFlavour, error: unknown): { bytes: Uint8Array; flavour: DicomFlavour } | null {
  if (flavour.kind !== 'part10' || !/missing required meta header attribute 0002,0010/.test(String((error as Error)?.message ?? error))) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 132;
  while (offset + 8 <= bytes.length && view.getUint16(offset, true) === 0x0002) {
    const vr = String.fromCharCode(bytes[offset + 4], bytes[offset + 5]);
    const long = ['OB', 'OW', 'SQ', 'UN', 'UT'].includes(vr);
    offset += long ? 12 + view.getUint32(offset + 8, true) : 8 + view.getUint16(offset + 6, true);
  }
  const rest = bytes.subarray(offset);
  if (rest.length < 8) return null;
  const transferSyntax = isVr(rest[4], rest[5]) ? TS.explicitLE : TS.implicitLE;
  return { bytes: rest, flavour: { kind: 'raw', transferSyntax } };
}

export function describeParseError(error: unknown): string {
  const text = decoderReason(error, 'the parser failed on damaged element data');
  if (/buffer overrun|buffer overread|attempt to read past end|past end of buffer|beyond buffer|maxPosition|cannot be greater than or equal to 'byteArray' length/i.test(text)) return `truncated or corrupt DICOM (${text})`;
  return `unreadable DICOM (${text})`;
}

/** Top-level geometry attributes checked at import: tag, name, value count, and what a usable value is. */
const geometryTags: ReadonlyArray<readonly [string, string, number, (v: number[]) => boolean]> = [
  ['x00280030', 'Pixel Spacing (0028,0030)', 2, (v) => v[0] > 0 && v[1] > 0],
  ['x00200032', 'Image Position (Patient) (0020,0032)', 3, () => true],
  ['x00200037', 'Image Orientation (Patient) (0020,0037)', 6, () => true],
  ['x00180050', 'Slice Thickness (0018,0050)', 1, () => true],
];

export function headerFromDataSet(ds: DataSet, flavour: DicomFlavour): DicomHeader {
  const ts = flavour.kind === 'raw' ? flavour.transferSyntax : str(ds, 'x00020010') ?? TS.implicitLE;
  const sopClassUid = str(ds, 'x00080016') ?? str(ds, 'x00020002');
  const shared = ds.elements.x52009229?.items?.[0]?.dataSet;
  const perFrame = ds.elements.x52009230?.items;
  const firstFrame = perFrame?.[0]?.dataSet;
  const measures = item(shared, 'x00289110') ?? item(firstFrame, 'x00289110');
  const orientationItem = item(shared, 'x00209116') ?? item(firstFrame, 'x00209116');
  const transform = item(shared, 'x00289145') ?? item(firstFrame, 'x00289145');
  const voi = item(shared, 'x00289132') ?? item(firstFrame, 'x00289132');

  const spacing = nums(ds, 'x00280030', 2) ?? nums(measures, 'x00280030', 2) ?? nums(ds, 'x00181164', 2);
  const iop = nums(ds, 'x00200037', 6) ?? nums(orientationItem, 'x00200037', 6);
  let framePositions: Array<[number, number, number]> | null = null;
  if (perFrame && perFrame.length > 0) {
    const positions = perFrame.map((f) => nums(item(f.dataSet, 'x00209113'), 'x00200032', 3));
    if (positions.every((p) => p !== null)) framePositions = positions as Array<[number, number, number]>;
  }
  const ipp = nums(ds, 'x00200032', 3) ?? framePositions?.[0] ?? null;

  const windowSource = ds.elements.x00281050 ? ds : voi;
  const windows: Array<[number, number]> = [];
  for (let i = 0; i < 8; i++) {
    const c = num(windowSource, 'x00281050', i);
    const w = num(windowSource, 'x00281051', i);
    if (c === null || w === null || w <= 0) break;
    windows.push([c, w]);
  }
  const slope = num(ds, 'x00281053') ?? num(transform, 'x00281053');
  const intercept = num(ds, 'x00281052') ?? num(transform, 'x00281052');
  const hasPixelData = Boolean(ds.elements.x7fe00010 || ds.elements.x7fe00008 || ds.elements.x7fe00009);
  const isDicomdir = sopClassUid === dicomdirSopClass || Boolean(ds.elements.x00041220);
  const nonImage = sopClassUid !== null && nonImagePrefixes.some((p) => sopClassUid.startsWith(p));
  const rows = us(ds, 'x00280010');
  const columns = us(ds, 'x00280011');
  const lossyFlag = str(ds, 'x00282110') === '01';
  // Stated but unusable geometry is dropped (a NaN would poison every listing and reslice); the import says so.
  const geometryWarnings: string[] = [];
  for (const [tag, name, n, usable] of geometryTags) {
    const raw = str(ds, tag);
    const values = nums(ds, tag, n);
    if (raw !== null && (values === null || !usable(values))) geometryWarnings.push(`${name} is '${raw.slice(0, 64)}': taken as not stated`);
  }
  return {
    transferSyntaxUid: ts,
    sopClassUid,
    sopInstanceUid: str(ds, 'x00080018') ?? str(ds, 'x00020003'),
    studyInstanceUid: str(ds, 'x0020000d'),
    seriesInstanceUid: str(ds, 'x0020000e'),
    patientId: str(ds, 'x00100020') ?? '',
    patientName: (str(ds, 'x00100010') ?? '').replace(/\^+$/, ''),
    birthDate: str(ds, 'x00100030'),
    sex: str(ds, 'x00100040'),
    studyDate: str(ds, 'x00080020'),
    studyTime: str(ds, 'x00080030'),
    studyDescription: str(ds, 'x00081030'),
    accessionNumber: str(ds, 'x00080050'),
    seriesNumber: num(ds, 'x00200011'),
    seriesDescription: str(ds, 'x0008103e'),
    bodyPart: str(ds, 'x00180015'),
    frameOfReferenceUid: str(ds, 'x00200052'),
    modality: str(ds, 'x00080060'),
    instanceNumber: num(ds, 'x00200013'),
    frames: Math.max(1, Math.round(num(ds, 'x00280008') ?? 1)),
    rows,
    columns,
    pixelSpacing: spacing && spacing[0] > 0 && spacing[1] > 0 ? [spacing[0], spacing[1]] : null,
    imagePositionPatient: ipp ? [ipp[0], ipp[1], ipp[2]] : null,
    imageOrientationPatient: iop ? [iop[0], iop[1], iop[2], iop[3], iop[4], iop[5]] : null,
    framePositions,
    sliceLocation: num(ds, 'x00201041'),
    sliceThickness: num(ds, 'x00180050') ?? num(measures, 'x00180050'),
    rescaleSlope: slope === null || slope === 0 ? 1 : slope,
    rescaleIntercept: intercept ?? 0,
    rescaleType: str(ds, 'x00281054') ?? (transform ? str(transform, 'x00281054') : null),
    windows,
    photometric: str(ds, 'x00280004'),
    bitsAllocated: us(ds, 'x00280100'),
    bitsStored: us(ds, 'x00280101'),
    highBit: us(ds, 'x00280102'),
    pixelRepresentation: us(ds, 'x00280103'),
    samplesPerPixel: us(ds, 'x00280002'),
    planarConfiguration: us(ds, 'x00280006'),
    hasPixelData,
    pixelDataEnd: pixelEnd(ds),
    displayable: hasPixelData && !nonImage && !isDicomdir && rows !== null && columns !== null && rows > 0 && columns > 0,
    lossy: lossyFlag || lossySyntaxes.has(ts),
    synthetic: syntheticData(ds),
    isDicomdir,
    geometryWarnings,
  };
}

/**
 * Synthetic Data (0008,001C) = YES is the standard's own mark for generated images, from any tool; the only one
 * trusted (ImageType DERIVED or a description saying "synthetic" also fit processed acquisitions).
 */
function syntheticData(ds: DataSet): boolean {
  return ds.string('x0008001c')?.replace(/\0/g, '').trim().toUpperCase() === 'YES';
}

function pixelEnd(ds: DataSet): number | null {
  const el = ds.elements.x7fe00010;
  if (!el || el.length === undefined || el.length === 0xffffffff || el.hadUndefinedLength) return null;
  return el.dataOffset + el.length;
}

/** How many bytes to read first: most headers fit; bigger ones (long sequences) are re-read whole. */
const prefixBytes = 64 * 1024;

export interface DicomFileHeader {
  header: DicomHeader;
  flavour: DicomFlavour;
}

/**
 * Reads and parses a file's header; null when the file is not DICOM at all. Throws with a reason when it is but breaks.
 * Only a prefix is read (the parse stops at Pixel Data). Synchronous on purpose: it runs in the import worker, where
 * the three thread-pool round trips of an async open/read/close cost far more than the read itself (3,000 files
 * from the page cache on the 2-core VM: 4.1 s async, 0.14 s sync).
 */
export function readDicomHeader(path: string, size: number): DicomFileHeader | null {
  const { fd, size: actual } = openRegularFileSync(path);
  let bytes: Uint8Array;
  try {
    const length = Math.min(prefixBytes, actual);
    const buffer = Buffer.allocUnsafe(length);
    let offset = 0;
    while (offset < length) {
      const n = readSync(fd, buffer, offset, length - offset, offset);
      if (n === 0) break;
      offset += n;
    }
    bytes = buffer.subarray(0, offset);
  } catch (error) {
    throw readFailure(path, error);
  } finally {
    closeSync(fd);
  }
  const flavour = sniffDicom(bytes, size);
  if (!flavour) return null;
  // Deflated data sets must be inflated whole, so they (like headers longer than the prefix) are read entirely.
  const deflated = bytes.length < actual && isDeflated(bytes);
  if (!deflated) {
    try {
      return { header: parseDicomHeader(bytes, flavour), flavour };
    } catch (error) {
      if (bytes.length >= actual) throw error;
    }
  }
  bytes = readBytesSync(path);
  return { header: parseDicomHeader(bytes, flavour), flavour };
}

function isDeflated(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 512)).toString('latin1');
  return text.includes(TS.deflate);
}
