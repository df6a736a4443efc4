// The handler type every capability implements: one function per contract method, given the app context.
// It lives in the base (not beside the dispatcher) so that capabilities never import the surface that calls them.
import type { MethodName, MethodOutput, MethodParams } from '../../src-shared/api/contract.js';
import type { AppContext } from './context.js';

export type Handler<M extends MethodName> = (params: MethodParams<M>, ctx: AppContext) => Promise<MethodOutput<M>> | MethodOutput<M>;

/** A handler for every method in the contract: adding a method without one fails the type check. */
export type Handlers = { [M in MethodName]: Handler<M> };
