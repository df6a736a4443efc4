// Zod issues as sentences a user understands ("Resolution must be a number.", not "expected number, received null"),
// naming the field, for every transport's `validation` errors. Passed to zod as the parse's error map, so messages a
// schema sets itself still win.
import type { z } from 'zod';

type RawIssue = z.core.$ZodRawIssue;

/** A contract path in words: `sliceRange.0` → "Slice range (item 1)"; the whole payload → "The request". */
export function fieldName(path: readonly PropertyKey[] | string): string {
  const parts = typeof path === 'string' ? (path === '' || path === '(root)' ? [] : path.split('.')) : path.map(String);
  if (parts.length === 0) return 'The request';
  const words = parts.map((part) => (/^\d+$/.test(part) ? `(item ${Number(part) + 1})` : part.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase()));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const kindWords: Record<string, string> = {
  number: 'a number', int: 'a whole number', string: 'text', boolean: 'yes or no', array: 'a list', object: 'a set of fields',
  bigint: 'a whole number', date: 'a date', nan: 'not a number',
};
const formatWords: Record<string, string> = { email: 'an e-mail address', url: 'a web address', uuid: 'an id', regex: 'in the expected format' };

function sizeSentence(issue: RawIssue & { code: 'too_small' | 'too_big' }): string {
  const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  const inclusive = issue.inclusive !== false;
  const small = issue.code === 'too_small';
  if (issue.origin === 'string') {
    if (small && bound === 1) return 'is required';
    return `must be at ${small ? 'least' : 'most'} ${bound} character${bound === 1 ? '' : 's'} long`;
  }
  if (issue.origin === 'array' || issue.origin === 'set') {
    if (small && bound === 1) return 'needs at least one entry';
    return `must have at ${small ? 'least' : 'most'} ${bound} entr${bound === 1 ? 'y' : 'ies'}`;
  }
  if (inclusive) return `must be ${bound} or ${small ? 'more' : 'less'}`;
  return `must be ${small ? 'more' : 'less'} than ${bound}`;
}

function describe(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null || (issue.input === '' && issue.expected !== 'string')) return 'is required';
      if (issue.expected === 'number' && typeof issue.input === 'number') return 'must be a finite number';
      return `must be ${kindWords[issue.expected] ?? issue.expected}`;
    case 'too_small':
    case 'too_big':
      return sizeSentence(issue);
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${String(issue.values[0])}` : `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return `must be ${formatWords[issue.format] ?? `in the ${issue.format} format`}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return `has fields this version does not know: ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'is not any of the accepted forms';
    default:
      return 'is not valid';
  }
}

/** Zod error map: one plain sentence that starts with the field's name. */
export const plainIssueMessage = (issue: RawIssue): string => `${fieldName(issue.path ?? [])} ${describe(issue)}.`;
