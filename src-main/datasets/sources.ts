// Build inputs and label tables: expands folders into NIfTI volumes and 2D images, reads a labels CSV; the shapes a
// catalogued DICOM series is handed to the build in.
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { DatasetInfo } from '../../src-shared/api/datasets.js';
import { ApiError } from '../../src-shared/api/errors.js';
import { parseCsvRows } from '../../src-shared/catalog/csv.js';
import type { CsvRow } from '../../src-shared/catalog/csv.js';
import type { Volume } from './volume.js';
import { readFailure, readText } from '../io/readFile.js';

export type InputKind = 'volume' | 'image';

/** A 2D image in physical units: row-major, with pixel sizes (mm, or 1 for plain images). */
export interface Plane {
  data: Float32Array;
  width: number;
  height: number;
  pixelWidth: number;
  pixelHeight: number;
}

/**
 * What a DICOM series contributes: one volume, sliced like a NIfTI volume, or else its frames as 2D planes (`source`
 * and `slice` name each frame; frames that failed to decode are listed in `skipped`).
 */
export type SeriesContent =
  | { kind: 'volume'; volume: Volume }
  | { kind: 'planes'; planes: Array<{ plane: Plane; source: string; slice: number | null }>; skipped: Array<{ path: string; reason: string }> };

/**
 * A file (NIfTI volume or 2D image), or a catalogued DICOM series: its `path` is the catalog id and `read` decodes
 * it through the pixel service, so the build itself needs no catalog.
 */
export type BuildInput = { path: string; kind: 'volume' } | { path: string; kind: 'image' } | { path: string; kind: 'series'; read: () => Promise<SeriesContent> };

export function inputKindOf(path: string): InputKind | null {
  const lower = path.toLowerCase();
  if (lower.endsWith('.nii') || lower.endsWith('.nii.gz')) return 'volume';
  if (lower.endsWith('.png') || lower.endsWith('.jpg') || lower.endsWith('.jpeg')) return 'image';
  return null;
}

/** Files and folders (recursively, sorted for a reproducible order) → usable input files. */
export function expandInputs(paths: string[]): BuildInput[] {
  const out: BuildInput[] = [];
  const visit = (path: string, explicit: boolean): void => {
    let stat;
    try {
      stat = statSync(path);
    } catch (error) {
      // not_found only when nothing is there; a permission or disc error says so (io/readFile.ts's mapping).
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ApiError('not_found', `${path}: no such file or folder`);
      throw readFailure(path, error);
    }
    if (stat.isDirectory()) {
      let entries: string[];
      try {
        entries = readdirSync(path);
      } catch (error) {
        throw readFailure(path, error);
      }
      for (const entry of entries.sort()) if (!entry.startsWith('.')) visit(join(path, entry), false);
      return;
    }
    const kind = inputKindOf(path);
    if (kind) out.push({ path, kind });
    else if (explicit) throw new ApiError('bad_input', `${path}: not a NIfTI volume (.nii, .nii.gz) or image (.png, .jpg)`);
  };
  for (const path of paths) visit(path, true);
  return out;
}

export interface LabelTable {
  columns: DatasetInfo['labels'];
  /** Full path or file name → label vector. */
  byName: Map<string, number[]>;
}

/** Label lookup: the full path first (catalog), then the file name (CSV). */
export function labelOf(table: LabelTable, path: string): number[] | undefined {
  return table.byName.get(path) ?? table.byName.get(basename(path));
}

/**
 * Label columns from string records: a column whose values all parse as numbers is numeric; otherwise
 * categorical, coded by the index of the value among the sorted categories. Rows missing a key get no label.
 */
export function labelTableFromRecords(rows: { key: string; values: Record<string, string> }[], keys: string[]): LabelTable {
  const columns: DatasetInfo['labels'] = [];
  const codes: ((value: string) => number)[] = [];
  for (const key of keys) {
    const values = rows.map((r) => r.values[key]).filter((v): v is string => v !== undefined);
    if (values.length > 0 && values.every((v) => v.trim() !== '' && Number.isFinite(Number(v)))) {
      columns.push({ name: key, kind: 'numeric' });
      codes.push((v) => Number(v));
    } else {
      const categories = [...new Set(values)].sort();
      columns.push({ name: key, kind: 'categorical', categories });
      codes.push((v) => categories.indexOf(v));
    }
  }
  const byName = new Map<string, number[]>();
  for (const row of rows) {
    if (keys.every((k) => row.values[k] !== undefined)) byName.set(row.key, keys.map((k, i) => codes[i](row.values[k])));
  }
  return { columns, byName };
}

/**
 * Reads a labels CSV: the `path` column (or the first) names files (matched by file name), every other column is
 * a label. A column whose values all parse as numbers is numeric; otherwise categorical, coded by sorted category.
 */
export async function readLabelTable(file: string): Promise<LabelTable> {
  const text = await readText(file);
  let lines: CsvRow[];
  try {
    lines = parseCsvRows(text);
  } catch (error) {
    throw new ApiError('bad_input', `${file}: not a valid CSV (${(error as Error).message})`);
  }
  if (lines.length < 2) throw new ApiError('bad_input', `${file}: a labels CSV needs a header row and at least one data row`);
  const header = lines[0].cells;
  const keyColumn = Math.max(0, header.findIndex((h) => h.toLowerCase() === 'path' || h.toLowerCase() === 'file'));
  const rows = lines.slice(1).map(({ line, cells }) => {
    if (cells.length !== header.length) throw new ApiError('bad_input', `${file}: line ${line} has ${cells.length} cells, the header has ${header.length}`);
    return cells;
  });
  const labelColumns = header.map((_, i) => i).filter((i) => i !== keyColumn);
  const records = rows.map((row) => ({ key: basename(row[keyColumn]), values: Object.fromEntries(labelColumns.map((c) => [header[c], row[c]])) }));
  return labelTableFromRecords(records, labelColumns.map((c) => header[c]));
}
