// Turns the pixel service's answers (little-endian bytes in modality units) into typed arrays Cornerstone can
// texture: Uint8 / Int16 / Uint16 / Float32 as they come (no copy when aligned); other types widen to Float32.
import { frameValues } from '../../src-shared/api/pixels.js';
import type { PixelFrame } from '../../src-shared/api/pixels.js';

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
