// Writes minimal, valid single-frame DICOM files (explicit VR little endian, int16 MONOCHROME2), so tests and
// the viewer benchmark can make series of any size (e.g. 176 × 256² MR, 512² CT) from real volume data.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Vr = 'UI' | 'DA' | 'CS' | 'LO' | 'PN' | 'IS' | 'DS' | 'US' | 'OW' | 'UL' | 'OB' | 'SH';

function element(group: number, el: number, vr: Vr, value: Buffer): Buffer {
  const long = vr === 'OW' || vr === 'OB';
  const header = Buffer.alloc(long ? 12 : 8);
  header.writeUInt16LE(group, 0);
  header.writeUInt16LE(el, 2);
  header.write(vr, 4, 'latin1');
  if (long) header.writeUInt32LE(value.length, 8);
  else header.writeUInt16LE(value.length, 6);
  return Buffer.concat([header, value]);
}

/** Strings are padded to even length (NUL for UIs, space otherwise), as the standard requires. */
function text(vr: Vr, s: string): Buffer {
  const padded = s.length % 2 === 1 ? s + (vr === 'UI' ? '\0' : ' ') : s;
  return Buffer.from(padded, 'latin1');
}

function us(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(v);
  return b;
}

const ds = (values: number[]): string => values.map((v) => Number(v.toFixed(6)).toString()).join('\\');

export interface SliceSpec {
  rows: number;
  columns: number;
  /** rows × columns stored values (int16), row-major. */
  pixels: Int16Array;
  instanceNumber: number;
  position: [number, number, number];
  orientation: [number, number, number, number, number, number];
  /** [row spacing, column spacing] mm. */
  pixelSpacing: [number, number];
  sliceThickness: number;
}

export interface SeriesSpec {
  modality: 'MR' | 'CT';
  patientName: string;
  patientId: string;
  studyUid: string;
  seriesUid: string;
  frameOfReferenceUid: string;
  seriesNumber: number;
  description: string;
  window: { center: number; width: number };
  rescale: { slope: number; intercept: number };
  /** Synthetic Data (0008,001C) = YES: images made by a generator (any tool's). */
  syntheticData?: boolean;
}

const sopClass = { MR: '1.2.840.10008.5.1.4.1.1.4', CT: '1.2.840.10008.5.1.4.1.1.2' };

export function dicomSlice(series: SeriesSpec, slice: SliceSpec): Buffer {
  const sopUid = `${series.seriesUid}.${slice.instanceNumber}`;
  const meta = [
    element(0x0002, 0x0001, 'OB', Buffer.from([0, 1])),
    element(0x0002, 0x0002, 'UI', text('UI', sopClass[series.modality])),
    element(0x0002, 0x0003, 'UI', text('UI', sopUid)),
    element(0x0002, 0x0010, 'UI', text('UI', '1.2.840.10008.1.2.1')),
    element(0x0002, 0x0012, 'UI', text('UI', '1.2.826.0.1.3680043.9.7777.1')),
  ];
  const metaBody = Buffer.concat(meta);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(metaBody.length);
  const pixelBytes = Buffer.from(slice.pixels.buffer, slice.pixels.byteOffset, slice.pixels.byteLength);
  const body = [
    element(0x0008, 0x0016, 'UI', text('UI', sopClass[series.modality])),
    element(0x0008, 0x0018, 'UI', text('UI', sopUid)),
    ...(series.syntheticData ? [element(0x0008, 0x001c, 'CS', text('CS', 'YES'))] : []),
    element(0x0008, 0x0020, 'DA', text('DA', '20240101')),
    element(0x0008, 0x0060, 'CS', text('CS', series.modality)),
    element(0x0008, 0x103e, 'LO', text('LO', series.description)),
    element(0x0010, 0x0010, 'PN', text('PN', series.patientName)),
    element(0x0010, 0x0020, 'LO', text('LO', series.patientId)),
    element(0x0018, 0x0050, 'DS', text('DS', ds([slice.sliceThickness]))),
    element(0x0020, 0x000d, 'UI', text('UI', series.studyUid)),
    element(0x0020, 0x000e, 'UI', text('UI', series.seriesUid)),
    element(0x0020, 0x0011, 'IS', text('IS', String(series.seriesNumber))),
    element(0x0020, 0x0013, 'IS', text('IS', String(slice.instanceNumber))),
    element(0x0020, 0x0032, 'DS', text('DS', ds(slice.position))),
    element(0x0020, 0x0037, 'DS', text('DS', ds(slice.orientation))),
    element(0x0020, 0x0052, 'UI', text('UI', series.frameOfReferenceUid)),
    element(0x0028, 0x0002, 'US', us(1)),
    element(0x0028, 0x0004, 'CS', text('CS', 'MONOCHROME2')),
    element(0x0028, 0x0010, 'US', us(slice.rows)),
    element(0x0028, 0x0011, 'US', us(slice.columns)),
    element(0x0028, 0x0030, 'DS', text('DS', ds(slice.pixelSpacing))),
    element(0x0028, 0x0100, 'US', us(16)),
    element(0x0028, 0x0101, 'US', us(16)),
    element(0x0028, 0x0102, 'US', us(15)),
    element(0x0028, 0x0103, 'US', us(1)),
    element(0x0028, 0x1050, 'DS', text('DS', ds([series.window.center]))),
    element(0x0028, 0x1051, 'DS', text('DS', ds([series.window.width]))),
    element(0x0028, 0x1052, 'DS', text('DS', ds([series.rescale.intercept]))),
    element(0x0028, 0x1053, 'DS', text('DS', ds([series.rescale.slope]))),
    element(0x7fe0, 0x0010, 'OW', pixelBytes),
  ];
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM', 'latin1'), element(0x0002, 0x0000, 'UL', groupLength), metaBody, ...body]);
}

/**
 * Writes an axial series from a volume sampled by `sample(x, y, z)` (stored int16 values) on a
 * columns × rows × slices grid with the given spacing; returns the file paths.
 */
export function writeAxialSeries(
  folder: string,
  series: SeriesSpec,
  grid: { columns: number; rows: number; slices: number; spacing: [number, number, number] },
  sample: (x: number, y: number, z: number) => number,
): string[] {
  const paths: string[] = [];
  const [sx, sy, sz] = grid.spacing;
  for (let k = 0; k < grid.slices; k++) {
    const pixels = new Int16Array(grid.rows * grid.columns);
    for (let r = 0; r < grid.rows; r++) for (let c = 0; c < grid.columns; c++) pixels[r * grid.columns + c] = Math.max(-32768, Math.min(32767, Math.round(sample(c, r, k))));
    const file = join(folder, `IM${String(k + 1).padStart(4, '0')}.dcm`);
    writeFileSync(
      file,
      dicomSlice(series, {
        rows: grid.rows,
        columns: grid.columns,
        pixels,
        instanceNumber: k + 1,
        position: [(-grid.columns / 2) * sx, (-grid.rows / 2) * sy, k * sz],
        orientation: [1, 0, 0, 0, 1, 0],
        pixelSpacing: [sy, sx],
        sliceThickness: sz,
      }),
    );
    paths.push(file);
  }
  return paths;
}

/**
 * Writes one image per instance (instance k + 1 holds frames[k], stored int16) at the positions `position(k)` gives
 * (default: all at the same place, as a slice imaged at K time points); returns the file paths.
 */
export function writeFrameSeries(
  folder: string,
  series: SeriesSpec,
  size: { rows: number; columns: number },
  frames: Int16Array[],
  position: (k: number) => [number, number, number] = () => [0, 0, 0],
): string[] {
  return frames.map((pixels, k) => {
    const file = join(folder, `FR${String(k + 1).padStart(4, '0')}.dcm`);
    writeFileSync(file, dicomSlice(series, { ...size, pixels, instanceNumber: k + 1, position: position(k), orientation: [1, 0, 0, 0, 1, 0], pixelSpacing: [1, 1], sliceThickness: 1 }));
    return file;
  });
}
