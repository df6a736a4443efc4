// Filter terms of cohorts: `key=value` (with `*` wildcards, as the catalog's `--where`) and numeric comparisons
// `key<n`, `key>n`, `key<=n`, `key>=n` on a label or column, several ANDed.

export type TermOperator = '=' | '<' | '>' | '<=' | '>=';

export interface Term {
  key: string;
  op: TermOperator;
  value: string;
}

/** One term; throws an Error naming it when it is not `key<op>value` or a comparison's value is not a number. */
export function parseTerm(text: string): Term {
  const m = /^\s*([^<>=\s]+)\s*(<=|>=|=|<|>)\s*(.*?)\s*$/.exec(text);
  if (!m || m[3] === '') throw new Error(`"${text}" is not a filter term (use key=value, key<n, key>n, key<=n or key>=n)`);
  const term: Term = { key: m[1], op: m[2] as TermOperator, value: m[3] };
  if (term.op !== '=' && !Number.isFinite(Number(term.value))) throw new Error(`"${text}": ${term.op} compares numbers, "${term.value}" is not one`);
  return term;
}

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
}

/** True when `values` (labels and columns by key) satisfies every term; a missing or non-numeric value fails a comparison. */
export function matchesTerms(values: Readonly<Record<string, string | undefined>>, terms: readonly Term[]): boolean {
  return terms.every((t) => {
    const v = values[t.key];
    if (v === undefined) return false;
    if (t.op === '=') return wildcard(t.value).test(v);
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) return false;
    const x = Number(t.value);
    return t.op === '<' ? n < x : t.op === '>' ? n > x : t.op === '<=' ? n <= x : n >= x;
  });
}

/** The `key=value` terms: what a catalog listing's `where` can take directly (comparisons are applied after). */
export function equalityWhere(terms: readonly Term[]): Record<string, string> {
  return Object.fromEntries(terms.filter((t) => t.op === '=').map((t) => [t.key, t.value]));
}
