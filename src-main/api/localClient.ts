// The in-process transport: the CLI and tests call the API exactly as the renderer does, without a socket.
import type { EventName, EventPayload, LatentRadClient, MethodInput, MethodName, MethodOutput } from '../../src-shared/api/contract.js';
import { ApiError } from '../../src-shared/api/errors.js';
import type { AppContext } from '../base/context.js';
import type { Dispatch } from './dispatcher.js';

export function createLocalClient(dispatch: Dispatch, ctx: AppContext): LatentRadClient {
  return {
    transport: 'local',
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      const result = await dispatch(method, input);
      if (!result.ok) throw ApiError.fromData(result.error);
      return result.value as MethodOutput<M>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return ctx.subscribe((name, payload) => {
        if ((name as string) === event) listener(payload as unknown as EventPayload<E>);
      });
    },
  };
}
