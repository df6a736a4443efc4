// Reads the Modality LUT Sequence (0028,3000) and VOI LUT Sequence (0028,3010) of a DICOM data set into Luts.
import type { DataSet } from 'dicom-parser';
import type { Lut } from '../../src-shared/imaging/lut.js';

/**
 * One LUT item. LUT Descriptor (0028,3002) is entries (0 means 65536), first mapped value (signed when the
 * pixels are), bits per entry; LUT Data (0028,3006) is read as 16-bit words whatever its VR (US or OW), as
 * pydicom does. Throws with the reason when the item is inconsistent.
 */
function readLutItem(item: DataSet, signedPixels: boolean, kind: string): Lut {
  const descriptor = item.elements.x00283002;
  const data = item.elements.x00283006;
  if (!descriptor || descriptor.length < 6) throw new Error(`${kind}: LUT Descriptor (0028,3002) is missing or shorter than 3 values`);
  if (!data) throw new Error(`${kind}: LUT Data (0028,3006) is missing`);
  const entries = item.uint16('x00283002', 0) || 65536;
  const rawFirst = item.uint16('x00283002', 1) ?? 0;
  // Explicit VR says SS or US; implicit VR leaves it to the pixels' sign.
  const signed = descriptor.vr === 'SS' || (descriptor.vr !== 'US' && signedPixels);
  const firstMapped = signed && rawFirst > 0x7fff ? rawFirst - 0x10000 : rawFirst;
  const bits = item.uint16('x00283002', 2) ?? 16;
  if (bits < 1 || bits > 16) throw new Error(`${kind}: LUT Descriptor states ${bits} bits per entry (1–16 allowed)`);
  const words = Math.floor(data.length / 2);
  if (words < entries) throw new Error(`${kind}: LUT Data holds ${words} entries, the LUT Descriptor states ${entries}`);
  const table = new Uint16Array(entries);
  for (let i = 0; i < entries; i++) table[i] = item.uint16('x00283006', i) ?? 0;
  const explanation = item.string('x00283004') ?? item.string('x00283003') ?? null;
  return { firstMapped, bits, data: table, explanation: explanation?.trim() || null };
}

function firstItem(ds: DataSet, tag: string): DataSet | null {
  return ds.elements[tag]?.items?.[0]?.dataSet ?? null;
}

/** The Modality LUT, which replaces Rescale Slope/Intercept when present (PS3.3 C.11.1). */
export function readModalityLut(ds: DataSet, signedPixels: boolean): Lut | null {
  const item = firstItem(ds, 'x00283000');
  return item ? readLutItem(item, signedPixels, 'Modality LUT Sequence') : null;
}

/**
 * The first VOI LUT (PS3.3 C.11.2). Its first mapped value is in modality units, signed when a Modality LUT
 * is absent and the pixels are signed (the rescaled values can then be negative).
 */
export function readVoiLut(ds: DataSet, signedInput: boolean): Lut | null {
  const item = firstItem(ds, 'x00283010');
  return item ? readLutItem(item, signedInput, 'VOI LUT Sequence') : null;
}
