// Turns the pixel service's answers (base64 little-endian typed arrays in modality units) into typed arrays
// Cornerstone can texture: Uint8 / Int16 / Uint16 / Float32; other integer types widen to Float32.
import type { PixelFrame } from '../../src-shared/api/catalog.js';

export type DisplayArray = Uint8Array | Int16Array | Uint16Array | Float32Array;

function decodeBase64(data: string): ArrayBuffer {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

export function framePixels(frame: PixelFrame): DisplayArray {
  const buffer = decodeBase64(frame.data);
  const expected = frame.geometry.rows * frame.geometry.columns * frame.samplesPerPixel;
  let out: DisplayArray;
  switch (frame.dtype) {
    case 'uint8':
      out = new Uint8Array(buffer);
      break;
    case 'int16':
      out = new Int16Array(buffer);
      break;
    case 'uint16':
      out = new Uint16Array(buffer);
      break;
    case 'float32':
      out = new Float32Array(buffer);
      break;
    case 'int8':
      out = Float32Array.from(new Int8Array(buffer));
      break;
    case 'int32':
      out = Float32Array.from(new Int32Array(buffer));
      break;
    case 'uint32':
      out = Float32Array.from(new Uint32Array(buffer));
      break;
  }
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
