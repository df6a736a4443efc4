// DICOM lookup tables (Modality LUT and VOI LUT, PS3.3 C.11.1 and C.11.2): one table type and one way to apply it.

/** A LUT as its Descriptor (0028,3002) and Data (0028,3006) state it. */
export interface Lut {
  /** The input value mapped to data[0]; inputs below map to data[0], above the last entry to the last entry. */
  firstMapped: number;
  /** Bits per entry (LUT Descriptor's third value): output values lie in 0 .. 2^bits − 1. */
  bits: number;
  data: ArrayLike<number>;
  /** LUT Explanation (0028,3003), or Modality LUT Type (0028,3004) for a Modality LUT. */
  explanation: string | null;
}

/** Output of a table lookup: each input replaced by its entry, in the narrowest unsigned array that holds the entries. */
export function applyLut(values: ArrayLike<number>, lut: Lut): Uint8Array | Uint16Array {
  const out = lut.bits <= 8 ? new Uint8Array(values.length) : new Uint16Array(values.length);
  const last = lut.data.length - 1;
  const mask = lut.bits >= 16 ? 0xffff : (1 << lut.bits) - 1;
  for (let i = 0; i < values.length; i++) {
    const index = values[i] - lut.firstMapped;
    out[i] = lut.data[index <= 0 ? 0 : index >= last ? last : Math.floor(index)] & mask;
  }
  return out;
}

/**
 * The linear window over the inputs a VOI LUT maps, for displays that can only window linearly
 * (first mapped value to last, which is the whole range in which the table varies).
 */
export function lutInputWindow(lut: Lut): { center: number; width: number } {
  const width = Math.max(lut.data.length - 1, 1);
  return { center: lut.firstMapped + width / 2, width };
}

/**
 * The linear window over a LUT's outputs (0 .. 2^bits − 1) that displays output x as x / (2^bits − 1) of full
 * brightness, under DICOM's LINEAR_EXACT window function.
 */
export function lutOutputWindow(lut: Lut): { center: number; width: number } {
  const top = lut.bits >= 16 ? 0xffff : (1 << lut.bits) - 1;
  return { center: top / 2, width: top };
}

/** A VOI LUT's output scaled to 0..outMax for an image file (`invert` for MONOCHROME1), as a display would show it. */
export function voiLutToDisplay(values: ArrayLike<number>, lut: Lut, outMax: number, invert = false): Uint8Array | Uint16Array {
  const looked = applyLut(values, lut);
  const top = lut.bits >= 16 ? 0xffff : (1 << lut.bits) - 1;
  const out = outMax > 255 ? new Uint16Array(values.length) : new Uint8Array(values.length);
  for (let i = 0; i < looked.length; i++) {
    const t = looked[i] / top;
    out[i] = Math.round((invert ? 1 - t : t) * outMax);
  }
  return out;
}
