// Turning decoded pixels into the contract's PixelFrame: modality units (rescale applied) in the narrowest exact
// dtype, window from the file or from the histogram, orientation letters, the little-endian bytes.
import type { PixelDtype, PixelFrame, SliceGeometry } from '../../src-shared/api/pixels.js';
import { orientationLabels } from '../../src-shared/viewer/orientation.js';
import { autoWindow, minMax } from '../../src-shared/viewer/windowing.js';
import { lutInputWindow } from '../../src-shared/imaging/lut.js';
import type { Lut } from '../../src-shared/imaging/lut.js';
import type { StoredArray } from '../io/dicomPixels.js';

export type ModalityArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array;

export function dtypeOf(a: ModalityArray): PixelDtype {
  if (a instanceof Uint8Array) return 'uint8';
  if (a instanceof Int8Array) return 'int8';
  if (a instanceof Uint16Array) return 'uint16';
  if (a instanceof Int16Array) return 'int16';
  if (a instanceof Uint32Array) return 'uint32';
  if (a instanceof Int32Array) return 'int32';
  return 'float32';
}

/** Stored values × slope + intercept, kept integer when the result is exactly integer and fits. */
export function toModality(stored: StoredArray, slope: number, intercept: number): ModalityArray {
  if (slope === 1 && intercept === 0) return stored;
  if (Number.isInteger(slope) && Number.isInteger(intercept) && !(stored instanceof Float32Array)) {
    const { min, max } = minMax(stored);
    const lo = Math.min(min * slope + intercept, max * slope + intercept);
    const hi = Math.max(min * slope + intercept, max * slope + intercept);
    const out = lo >= -32768 && hi <= 32767 ? new Int16Array(stored.length) : lo >= -2147483648 && hi <= 2147483647 ? new Int32Array(stored.length) : new Float32Array(stored.length);
    for (let i = 0; i < stored.length; i++) out[i] = stored[i] * slope + intercept;
    return out;
  }
  const out = new Float32Array(stored.length);
  for (let i = 0; i < stored.length; i++) out[i] = stored[i] * slope + intercept;
  return out;
}

/**
 * The bytes of `a`, in a buffer of their own: IPC clones a view's whole buffer, and a decoder's output can be a view
 * into the file it came from (hundreds of MB for a multi-frame file).
 */
export function ownBytes(a: ModalityArray): Uint8Array<ArrayBuffer> {
  const { buffer } = a;
  if (a.byteOffset === 0 && a.byteLength === buffer.byteLength && buffer instanceof ArrayBuffer) return new Uint8Array(buffer);
  const out = new Uint8Array(a.byteLength);
  out.set(new Uint8Array(buffer, a.byteOffset, a.byteLength));
  return out;
}

export interface FrameParts {
  source: PixelFrame['source'];
  provenance: PixelFrame['provenance'];
  modality: string | null;
  geometry: Omit<SliceGeometry, 'orientationLabels'>;
  samplesPerPixel: 1 | 3;
  photometricInterpretation: string;
  rescale: PixelFrame['rescale'];
  /** Windows stated by the file, first = default. */
  fileWindows: Array<[number, number]>;
  /** The file's VOI LUT; without a stated window the default window spans its input range. */
  voiLut?: Lut | null;
  data: ModalityArray;
  transferSyntaxUid: string | null;
  lossy: boolean;
  numberOfFrames: number;
}

export function buildFrame(p: FrameParts): PixelFrame {
  const range = minMax(p.data);
  const presets = p.fileWindows.map(([center, width]) => ({ center, width, source: 'file' as const }));
  let window: PixelFrame['window'];
  if (p.samplesPerPixel === 3) window = { center: 127.5, width: 256, source: 'auto' };
  else if (presets[0]) window = presets[0];
  else if (p.voiLut) window = { ...lutInputWindow(p.voiLut), source: 'file' };
  else {
    const auto = autoWindow(p.data, range);
    window = { center: auto.center, width: Math.max(auto.width, 1e-6), source: 'auto' };
  }
  const iop = p.geometry.imageOrientationPatient;
  return {
    source: p.source,
    provenance: p.provenance,
    modality: p.modality,
    geometry: { ...p.geometry, orientationLabels: iop ? orientationLabels(iop) : null },
    samplesPerPixel: p.samplesPerPixel,
    photometricInterpretation: p.photometricInterpretation,
    invert: p.photometricInterpretation === 'MONOCHROME1',
    rescale: p.rescale,
    window,
    ...(p.voiLut && p.samplesPerPixel === 1 ? { voiLut: { firstMapped: p.voiLut.firstMapped, bits: p.voiLut.bits, data: Array.from(p.voiLut.data), explanation: p.voiLut.explanation } } : {}),
    windowPresets: presets,
    min: range.min,
    max: range.max,
    dtype: dtypeOf(p.data),
    data: ownBytes(p.data),
    transferSyntaxUid: p.transferSyntaxUid,
    lossy: p.lossy,
    numberOfFrames: p.numberOfFrames,
  };
}
