// Writes a CR image whose values come from a Modality LUT Sequence and whose display comes from a VOI LUT Sequence
// (explicit VR little endian), the case a rescale-only reader gets wrong; pydicom reads the same file for reference.
import { writeFileSync } from 'node:fs';

function tagBytes(group: number, element: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt16LE(group, 0);
  b.writeUInt16LE(element, 2);
  return b;
}

function element(group: number, el: number, vr: string, value: Buffer): Buffer {
  const long = ['OB', 'OW', 'SQ', 'UN'].includes(vr);
  const head = Buffer.alloc(long ? 8 : 4);
  head.write(vr, 0, 'latin1');
  if (long) head.writeUInt32LE(value.length, 4);
  else head.writeUInt16LE(value.length, 2);
  return Buffer.concat([tagBytes(group, el), head, value]);
}

const text = (s: string, pad = ' '): Buffer => Buffer.from(s.length % 2 ? s + pad : s, 'latin1');
const uid = (s: string): Buffer => text(s, '\0');

function words(values: ArrayLike<number>): Buffer {
  const b = Buffer.alloc(values.length * 2);
  for (let i = 0; i < values.length; i++) b.writeUInt16LE(values[i], i * 2);
  return b;
}

/** One sequence with one item of defined length. */
function sequence(group: number, el: number, item: Buffer[]): Buffer {
  const body = Buffer.concat(item);
  const itemHead = Buffer.concat([tagBytes(0xfffe, 0xe000), Buffer.alloc(4)]);
  itemHead.writeUInt32LE(body.length, 4);
  return element(group, el, 'SQ', Buffer.concat([itemHead, body]));
}

export interface LutSpec {
  entries: number;
  firstMapped: number;
  bits: number;
  data: ArrayLike<number>;
  /** LUT Data as OW or US (the standard allows both; readers must handle either). */
  vr: 'OW' | 'US';
}

export interface CrLutSpec {
  rows: number;
  columns: number;
  /** Stored values, unsigned, Bits Stored 12. */
  pixels: Uint16Array;
  modalityLut: LutSpec & { type: string };
  voiLut: LutSpec & { explanation: string };
}

function lutItem(lut: LutSpec): Buffer[] {
  return [
    element(0x0028, 0x3002, 'US', words([lut.entries % 65536, lut.firstMapped, lut.bits])),
    element(0x0028, 0x3006, lut.vr, words(lut.data)),
  ];
}

export function crWithLuts(spec: CrLutSpec): Buffer {
  const sopClass = '1.2.840.10008.5.1.4.1.1.1';
  const sopUid = '1.2.826.0.1.3680043.9.7777.30.1';
  const metaBody = Buffer.concat([
    element(0x0002, 0x0001, 'OB', Buffer.from([0, 1])),
    element(0x0002, 0x0002, 'UI', uid(sopClass)),
    element(0x0002, 0x0003, 'UI', uid(sopUid)),
    element(0x0002, 0x0010, 'UI', uid('1.2.840.10008.1.2.1')),
    element(0x0002, 0x0012, 'UI', uid('1.2.826.0.1.3680043.9.7777.1')),
  ]);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(metaBody.length);
  const [modalityItem, voiItem] = [lutItem(spec.modalityLut), lutItem(spec.voiLut)];
  // Elements in ascending tag order, as the standard requires.
  modalityItem.splice(1, 0, element(0x0028, 0x3004, 'LO', text(spec.modalityLut.type)));
  voiItem.splice(1, 0, element(0x0028, 0x3003, 'LO', text(spec.voiLut.explanation)));
  const body = [
    element(0x0008, 0x0016, 'UI', uid(sopClass)),
    element(0x0008, 0x0018, 'UI', uid(sopUid)),
    element(0x0008, 0x0020, 'DA', text('20240101')),
    element(0x0008, 0x0060, 'CS', text('CR')),
    element(0x0010, 0x0010, 'PN', text('LUT^Test')),
    element(0x0010, 0x0020, 'LO', text('LUT-1')),
    element(0x0020, 0x000d, 'UI', uid('1.2.826.0.1.3680043.9.7777.30')),
    element(0x0020, 0x000e, 'UI', uid('1.2.826.0.1.3680043.9.7777.30.0')),
    element(0x0020, 0x0013, 'IS', text('1')),
    element(0x0028, 0x0002, 'US', words([1])),
    element(0x0028, 0x0004, 'CS', text('MONOCHROME2')),
    element(0x0028, 0x0010, 'US', words([spec.rows])),
    element(0x0028, 0x0011, 'US', words([spec.columns])),
    element(0x0028, 0x0100, 'US', words([16])),
    element(0x0028, 0x0101, 'US', words([12])),
    element(0x0028, 0x0102, 'US', words([11])),
    element(0x0028, 0x0103, 'US', words([0])),
    sequence(0x0028, 0x3000, modalityItem),
    sequence(0x0028, 0x3010, voiItem),
    element(0x7fe0, 0x0010, 'OW', words(spec.pixels)),
  ];
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM', 'latin1'), element(0x0002, 0x0000, 'UL', groupLength), metaBody, ...body]);
}

/**
 * The fixture test/fixtures/dicom/luts/cr-modality-voi-lut.dcm: 16×16 stored values over 0..4095 (some below the
 * Modality LUT's first mapped value, some past its last entry); a logarithmic Modality LUT (OW) and a sigmoid
 * 12-bit VOI LUT (US) over its output.
 */
export function lutFixtureSpec(): CrLutSpec {
  const rows = 16;
  const columns = 16;
  const pixels = new Uint16Array(rows * columns);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.round((i * 4095) / (pixels.length - 1));
  const modalityEntries = 3000;
  const modality = Array.from({ length: modalityEntries }, (_, i) => Math.round(1000 * Math.log10(1 + i)));
  const voiEntries = 4096;
  const voi = Array.from({ length: voiEntries }, (_, i) => Math.round(4095 / (1 + Math.exp(-(i - 2800) / 250))));
  return {
    rows,
    columns,
    pixels,
    modalityLut: { entries: modalityEntries, firstMapped: 100, bits: 16, data: modality, vr: 'OW', type: 'OD' },
    voiLut: { entries: voiEntries, firstMapped: 0, bits: 12, data: voi, vr: 'US', explanation: 'SIGMOID TEST' },
  };
}

export function writeLutFixture(path: string): void {
  writeFileSync(path, crWithLuts(lutFixtureSpec()));
}
