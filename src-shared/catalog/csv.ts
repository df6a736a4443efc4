// Label CSV files (`path,label[,more columns]`): RFC 4180 parsing by csv-parse, then the label-table convention.
import { parse } from 'csv-parse/sync';

export interface CsvRow {
  /** 1-based line of the record in the file (for a record with quoted line breaks, where csv-parse ends it). */
  line: number;
  cells: string[];
}

/** Records of trimmed cells; quotes, doubled quotes, CRLF and a UTF-8 BOM handled; blank lines skipped. */
export function parseCsvRows(text: string): CsvRow[] {
  const lines: number[] = [];
  const records = parse(text, {
    bom: true,
    trim: true,
    relax_column_count: true,
    skip_empty_lines: true,
    on_record: (record: string[], context) => {
      lines.push(context.lines);
      return record;
    },
  });
  return records.map((cells, i) => ({ line: lines[i], cells }));
}

export function parseCsv(text: string): string[][] {
  return parseCsvRows(text).map((r) => r.cells);
}

export interface LabelTable {
  /** Header names of the label columns (a header-less two-column file gets 'class'). */
  keys: string[];
  /** One entry per data row: the reference (path, id or UID) and its labels, with the 1-based line. */
  rows: Array<{ line: number; ref: string; labels: Record<string, string> }>;
}

/**
 * Reads `path,label[,more]`. A first row whose first cell is `path`/`file`/`id`/`filename` is a header and names
 * the label keys; without one, column 2 is `class` and further columns `label2`, `label3`...
 */
export function parseLabelCsv(text: string): LabelTable {
  const all = parseCsvRows(text);
  if (all.length === 0) return { keys: [], rows: [] };
  const hasHeader = /^(path|file|filename|filepath|id|ref|image|uid)$/i.test(all[0].cells[0] ?? '');
  const width = Math.max(...all.map((r) => r.cells.length));
  const keys = hasHeader
    ? all[0].cells.slice(1).map((k, i) => k || `label${i + 2}`)
    : Array.from({ length: width - 1 }, (_, i) => (i === 0 ? 'class' : `label${i + 2}`));
  const rows = all.slice(hasHeader ? 1 : 0).map(({ line, cells }) => {
    const labels: Record<string, string> = {};
    keys.forEach((k, c) => {
      const v = cells[c + 1];
      if (v !== undefined && v !== '') labels[k] = v;
    });
    return { line, ref: cells[0] ?? '', labels };
  });
  return { keys, rows: rows.filter((r) => r.ref !== '') };
}
