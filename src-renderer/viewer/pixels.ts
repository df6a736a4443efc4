// Turns the pixel service's answers (little-endian bytes in modality units) into typed arrays Cornerstone can
// texture: Uint8 / Int16 / Uint16 / Float32 as they come (no copy when aligned); other types widen to Float32.
import { frameValues } from '../../src-shared/api/pixels.js';
import type { PixelFrame } from '../../src-shared/api/pixels.js';
import { applyLut, lutOutputWindow } from '../../src-shared/imaging/lut.js';

export type DisplayArray = Uint8Array | Int16Array | Uint16Array | Float32Array;

export function framePixels(frame: PixelFrame): DisplayArray {
  const values = frameValues(frame);
  const expected = frame.geometry.rows * frame.geometry.columns * frame.samplesPerPixel;
  const out: DisplayArray = values instanceof Uint8Array || values instanceof Int16Array || values instanceof Uint16Array || values instanceof Float32Array ? values : Float32Array.from(values);
  if (out.length !== expected) {
    throw new Error(`${frame.source.id}: ${out.length} values received, ${frame.geometry.rows}×${frame.geometry.columns}×${frame.samplesPerPixel} expected`);
  }
  return out;
}

/** Bit depth and signedness of the array `framePixels` makes from a dtype (int8/int32/uint32 widen to Float32). */
export function bitsOfDtype(dtype: PixelFrame['dtype']): { bitsAllocated: number; pixelRepresentation: number } {
  if (dtype === 'uint8') return { bitsAllocated: 8, pixelRepresentation: 0 };
  if (dtype === 'int16') return { bitsAllocated: 16, pixelRepresentation: 1 };
  if (dtype === 'uint16') return { bitsAllocated: 16, pixelRepresentation: 0 };
  return { bitsAllocated: 32, pixelRepresentation: 1 };
}

/** What a pane textures and how it windows it by default. */
export interface DisplayPixels {
  pixels: DisplayArray;
  window: PixelFrame['window'];
  windowPresets: PixelFrame['windowPresets'];
  min: number;
  max: number;
  /** The VOI LUT's explanation when the pixels are its output (shown beside W/L), else null. */
  voiLut: string | null;
}

/**
 * The pixels a pane shows. A grey frame with a VOI LUT Sequence is shown through the table itself, exactly as
 * pydicom's apply_voi_lut gives it: Cornerstone's GPU path can only window linearly (or by a sigmoid), so the
 * pane textures the table's output and windows it linearly over the output range (0 → black, 2^bits − 1 → white).
 * Its file windows are dropped: they are alternatives to the table over modality units, not over its output.
 */
export function displayPixels(frame: PixelFrame): DisplayPixels {
  const lut = frame.samplesPerPixel === 1 ? frame.voiLut : undefined;
  if (!lut) return { pixels: framePixels(frame), window: frame.window, windowPresets: frame.windowPresets, min: frame.min, max: frame.max, voiLut: null };
  const window = lutOutputWindow(lut);
  return {
    pixels: applyLut(framePixels(frame), lut),
    window: { ...window, source: 'file' },
    windowPresets: [],
    min: 0,
    max: window.center * 2,
    voiLut: lut.explanation ?? 'VOI LUT',
  };
}
