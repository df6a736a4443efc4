// Validates a call against the contract, runs its handler and returns a result envelope; shared by all transports.
import { apiMethods, isMethodName } from '../../src-shared/api/contract.js';
import { ApiError, validationIssues } from '../../src-shared/api/errors.js';
import type { ApiResult } from '../../src-shared/api/errors.js';
import { plainIssueMessage } from '../../src-shared/api/issueMessages.js';
import type { AppContext } from '../base/context.js';
import type { Handlers } from '../base/handler.js';

export type Dispatch = (method: string, input: unknown) => Promise<ApiResult<unknown>>;

export function createDispatcher(handlers: Handlers, ctx: AppContext): Dispatch {
  return async (method, input) => {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'unknown_method', message: `unknown API method "${method}"` } };
    }
    const spec = apiMethods[method];
    // Issues become sentences naming the field: forms show them as they are.
    const parsed = spec.input.safeParse(input ?? {}, { error: plainIssueMessage });
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: 'validation',
          message: `invalid input for ${method}: ${parsed.error.issues.map((i) => i.message).join(' ')}`,
          issues: validationIssues(parsed.error),
        },
      };
    }
    try {
      const handler = handlers[method] as (params: unknown, ctx: AppContext) => Promise<unknown> | unknown;
      const value = await handler(parsed.data, ctx);
      // Outputs are checked too: a handler that drifts from the contract is a bug we want to hear about.
      const checked = spec.output.safeParse(value);
      if (!checked.success) {
        return {
          ok: false,
          error: { code: 'internal', message: `${method} returned data that does not match the contract`, issues: validationIssues(checked.error) },
        };
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      return { ok: false, error: toApiError(error).toData() };
    }
  };
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof Error) return new ApiError('internal', error.message);
  return new ApiError('internal', String(error));
}
