// Typed errors that cross every transport (IPC, HTTP, in-process) as plain data.
import { z } from 'zod';

export const apiErrorCodes = [
  'validation', // the payload does not match the contract
  'unknown_method',
  'unauthorized',
  'not_found',
  'bad_input', // the request is well formed but names something unusable (a corrupt file, say)
  'unavailable', // the capability is not offered by this host or machine
  'cancelled',
  'internal',
] as const;

export type ApiErrorCode = (typeof apiErrorCodes)[number];

export const apiErrorSchema = z.object({
  code: z.enum(apiErrorCodes),
  message: z.string(),
  /** Per-field problems for `validation`; free-form context otherwise. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export type ApiErrorData = z.infer<typeof apiErrorSchema>;

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly issues?: ApiErrorData['issues'];

  constructor(code: ApiErrorCode, message: string, issues?: ApiErrorData['issues']) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.issues = issues;
  }

  toData(): ApiErrorData {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }

  static fromData(data: ApiErrorData): ApiError {
    return new ApiError(data.code, data.message, data.issues);
  }
}

/** The envelope every transport returns: errors are values, never thrown across a process boundary. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorData };

export const apiResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: apiErrorSchema }),
]);

/** Turns zod issues into the contract's flat `{path, message}` list. */
export function validationIssues(error: z.ZodError): NonNullable<ApiErrorData['issues']> {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}
