// A small RFC 4180 CSV parser (quotes, doubled quotes, CRLF) for label files: `path,label[,more columns]`.

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.map((r) => r.map((f) => f.trim()));
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
  const all = parseCsv(text.replace(/^\uFEFF/, ''));
  if (all.length === 0) return { keys: [], rows: [] };
  const hasHeader = /^(path|file|filename|filepath|id|ref|image|uid)$/i.test(all[0][0] ?? '');
  const width = Math.max(...all.map((r) => r.length));
  const keys = hasHeader
    ? all[0].slice(1).map((k, i) => k || `label${i + 2}`)
    : Array.from({ length: width - 1 }, (_, i) => (i === 0 ? 'class' : `label${i + 2}`));
  const rows = all.slice(hasHeader ? 1 : 0).map((r, i) => {
    const labels: Record<string, string> = {};
    keys.forEach((k, c) => {
      const v = r[c + 1];
      if (v !== undefined && v !== '') labels[k] = v;
    });
    return { line: i + (hasHeader ? 2 : 1), ref: r[0] ?? '', labels };
  });
  return { keys, rows: rows.filter((r) => r.ref !== '') };
}
