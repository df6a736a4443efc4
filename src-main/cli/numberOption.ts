// The one parser of the CLI's number options: the allowed range comes from the API contract's zod field (or is stated),
// and a bad value fails naming the option, the range and the value ("--steps must be an integer from 1 to 100000, got 0").
import { InvalidArgumentError } from 'commander';
import { z } from 'zod';

/** What a number option accepts; bounds are inclusive unless marked exclusive. */
export interface NumberRange {
  integer: boolean;
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  /** Only these values (e.g. model resolutions). */
  oneOf?: readonly number[];
}

/** A bound at or beyond the safe-integer limit is no bound a person needs to read. */
const real = (bound: unknown): number | undefined => (typeof bound === 'number' && Math.abs(bound) < Number.MAX_SAFE_INTEGER ? bound : undefined);

/** The range of a contract field (`z.number().int().min(1).max(100_000).default(1000)`), through optional/nullable/default. */
export function rangeOf(field: z.ZodType): NumberRange {
  let inner: z.ZodType = field;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable || inner instanceof z.ZodDefault) inner = inner.unwrap() as z.ZodType;
  if (!(inner instanceof z.ZodNumber)) throw new Error(`rangeOf: not a number field (${inner.constructor.name})`);
  const json = z.toJSONSchema(inner) as { type?: string; minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number };
  const range: NumberRange = { integer: json.type === 'integer' };
  const min = real(json.exclusiveMinimum) ?? real(json.minimum);
  const max = real(json.exclusiveMaximum) ?? real(json.maximum);
  if (min !== undefined) Object.assign(range, { min, minExclusive: real(json.exclusiveMinimum) !== undefined });
  if (max !== undefined) Object.assign(range, { max, maxExclusive: real(json.exclusiveMaximum) !== undefined });
  // An integer > 0 reads better as ≥ 1 (and < 10 as ≤ 9).
  if (range.integer && range.minExclusive) Object.assign(range, { min: range.min! + 1, minExclusive: false });
  if (range.integer && range.maxExclusive) Object.assign(range, { max: range.max! - 1, maxExclusive: false });
  return range;
}

/** "an integer from 1 to 100000", "a number > 0", "an integer ≥ 0", "one of 32, 64, 128, 256". */
export function rangeText(range: NumberRange): string {
  if (range.oneOf) return `one of ${range.oneOf.join(', ')}`;
  const kind = range.integer ? 'an integer' : 'a number';
  const { min, max } = range;
  if (min !== undefined && max !== undefined && !range.minExclusive && !range.maxExclusive) return `${kind} from ${min} to ${max}`;
  const parts = [
    ...(min !== undefined ? [`${range.minExclusive ? '>' : '≥'} ${min}`] : []),
    ...(max !== undefined ? [`${range.maxExclusive ? '<' : '≤'} ${max}`] : []),
  ];
  return parts.length > 0 ? `${kind} ${parts.join(' and ')}` : kind;
}

function accepts(range: NumberRange, n: number): boolean {
  if (!Number.isFinite(n) || (range.integer && !Number.isInteger(n))) return false;
  if (range.oneOf) return range.oneOf.includes(n);
  if (range.min !== undefined && (range.minExclusive ? n <= range.min : n < range.min)) return false;
  if (range.max !== undefined && (range.maxExclusive ? n >= range.max : n > range.max)) return false;
  return true;
}

/** Parses one value of option `name` (also for values inside a list option); throws a usage error naming all three. */
export function parseNumberIn(name: string, range: NumberRange, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !accepts(range, n)) throw new InvalidArgumentError(`${name} must be ${rangeText(range)}, got ${value.trim() === '' ? 'nothing' : value}`);
  return n;
}

/** A commander argument parser for option `name`: the range of a contract field, or one stated. */
export function numberOption(name: string, rule: z.ZodType | NumberRange): (value: string) => number {
  let range: NumberRange | undefined;
  return (value) => parseNumberIn(name, (range ??= rule instanceof z.ZodType ? rangeOf(rule) : rule), value);
}

/** A parser for "a,b": two fractions of an axis from 0 to 1 (`--slice-range 0.4,0.85`). */
export function fractionPairOption(name: string): (value: string) => [number, number] {
  return (value) => {
    const parts = value.split(',').map((v) => v.trim());
    const ns = parts.map(Number);
    if (parts.length !== 2 || parts.some((p) => p === '') || ns.some((n) => !(n >= 0 && n <= 1))) {
      throw new InvalidArgumentError(`${name} must be two numbers from 0 to 1 as a,b (e.g. 0.4,0.85), got ${value}`);
    }
    return [ns[0], ns[1]];
  };
}
