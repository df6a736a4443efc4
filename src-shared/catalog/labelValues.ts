// Label values a catalog accepts: a label whose values so far are all numbers (age=63) is a numeric column, and a
// value that is not a number there (age=abc) would silently drop that file from every `age>60` filter and regression.

/** True for the text of a finite number ("63", "-1.5", "2e3"); blank is not a number. */
export function isNumericLabelValue(value: string): boolean {
  return value.trim() !== '' && Number.isFinite(Number(value));
}

/**
 * Why `value` cannot be set on label `key`, given values the label already holds elsewhere in the catalog; null when
 * it can. Only a label whose existing values are all numbers constrains new ones: text labels take anything.
 */
export function labelValueProblem(key: string, value: string, existing: readonly string[]): string | null {
  if (existing.length === 0 || isNumericLabelValue(value) || !existing.every(isNumericLabelValue)) return null;
  const examples = existing.slice(0, 3).join(', ');
  return `label "${key}" holds numbers (e.g. ${examples}), and "${value}" is not a number: give a number, or "${key}=" to remove the label`;
}

/** A label CSV's rows as parseLabelCsv gives them: file line and label values by key. */
export interface LabelCsvRows {
  keys: readonly string[];
  rows: ReadonlyArray<{ line: number; labels: Readonly<Record<string, string>> }>;
}

/**
 * The first value of a label CSV that is not a number in a numeric column, as `line N: reason`; null when there is
 * none. A column is numeric when the label's values already in the catalog are all numbers (as for `latentrad
 * label`), or, for a label new to the catalog, when most of the column's values are numbers (one typo among ages).
 */
export function labelCsvProblem(table: LabelCsvRows, existingOf: (key: string) => readonly string[]): string | null {
  for (const key of table.keys) {
    const values = table.rows.flatMap((r) => (key in r.labels ? [{ line: r.line, value: r.labels[key] }] : []));
    const existing = existingOf(key);
    const numbers = values.filter((v) => isNumericLabelValue(v.value));
    const numeric = existing.length > 0 ? existing.every(isNumericLabelValue) : numbers.length * 2 > values.length;
    const bad = numeric ? values.find((v) => !isNumericLabelValue(v.value)) : undefined;
    if (!bad) continue;
    const examples = (existing.length > 0 ? existing : numbers.map((v) => v.value)).slice(0, 3).join(', ');
    return `line ${bad.line}: label "${key}" holds numbers (e.g. ${examples}), and "${bad.value}" is not a number; correct the value or leave the cell empty`;
  }
  return null;
}
