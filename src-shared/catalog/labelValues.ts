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
