// Building blocks for the API contract: a method is a named pair of zod schemas, an event is one schema.
import type { z } from 'zod';

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** One line for `--help`, docs and error messages. */
  readonly summary: string;
  readonly input: I;
  readonly output: O;
}

export function defineMethod<I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>): MethodSpec<I, O> {
  return spec;
}

export interface EventSpec<P extends z.ZodType = z.ZodType> {
  readonly summary: string;
  readonly payload: P;
}

export function defineEvent<P extends z.ZodType>(spec: EventSpec<P>): EventSpec<P> {
  return spec;
}
