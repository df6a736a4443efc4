// Copies of a DICOM file with new UIDs (for benchmarks and crash tests that need thousands of distinct instances
// from a few real headers). UIDs are replaced byte for byte by new ones of the same length, so no offset moves.
import dicomParser from 'dicom-parser';
import { sniffDicom } from './dicom.js';

export interface UidTemplate {
  bytes: Uint8Array;
  /** Byte ranges of each UID value to replace, by tag. */
  ranges: Array<{ tag: string; offset: number; length: number }>;
}

const uidTags = ['x00020003', 'x00080018', 'x0020000d', 'x0020000e'];

export function uidTemplate(bytes: Uint8Array): UidTemplate {
  const flavour = sniffDicom(bytes);
  if (!flavour) throw new Error('not DICOM');
  const ds = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010', ...(flavour.kind === 'raw' ? { TransferSyntaxUID: flavour.transferSyntax } : {}) });
  const ranges = uidTags.flatMap((tag) => {
    const el = ds.elements[tag];
    return el && el.length > 8 ? [{ tag, offset: el.dataOffset, length: el.length }] : [];
  });
  return { bytes, ranges };
}

/** A UID of exactly `length` bytes: `2.25.` + digits, padded with a trailing NUL when DICOM's even length demands. */
export function uidOfLength(length: number, seed: string): string {
  let digits = '';
  for (let i = 0; i < seed.length; i++) digits += seed.charCodeAt(i).toString().slice(-1);
  const body = `2.25.1${digits}${'0'.repeat(length)}`.slice(0, length);
  return body.endsWith('.') ? `${body.slice(0, -1)}1` : body;
}

/**
 * New bytes where SOP Instance UID (and its meta copy) become unique per `instance`, and Study/Series UIDs per `series`.
 */
export function withNewUids(t: UidTemplate, series: string, instance: string): Uint8Array {
  const out = new Uint8Array(t.bytes);
  for (const r of t.ranges) {
    const key = r.tag === 'x0020000d' ? `st${series}` : r.tag === 'x0020000e' ? `se${series}` : `in${instance}`;
    const uid = uidOfLength(r.length, `${key}-${r.length}`.padEnd(r.length, '7'));
    for (let i = 0; i < r.length; i++) out[r.offset + i] = uid.charCodeAt(i);
  }
  return out;
}

/** Replaces a decimal-string value (e.g. Image Position (Patient)) in place, space-padded to its original length. */
export function withDecimalString(bytes: Uint8Array, tag: string, values: number[], decimals = 2): Uint8Array {
  const flavour = sniffDicom(bytes);
  if (!flavour) throw new Error('not DICOM');
  const ds = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010', ...(flavour.kind === 'raw' ? { TransferSyntaxUID: flavour.transferSyntax } : {}) });
  const el = ds.elements[tag];
  if (!el) throw new Error(`no ${tag} to replace`);
  const text = values.map((v) => v.toFixed(decimals)).join('\\');
  if (text.length > el.length) throw new Error(`${text} does not fit the ${el.length} bytes of ${tag}`);
  const out = new Uint8Array(bytes);
  const padded = text.padEnd(el.length, ' ');
  for (let i = 0; i < el.length; i++) out[el.dataOffset + i] = padded.charCodeAt(i);
  return out;
}
