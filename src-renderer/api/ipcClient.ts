// The Electron transport: the preload's `window.latentrad` bridge.
import type { EventName, EventPayload, LatentRadClient, MethodInput, MethodName, MethodOutput } from '../../src-shared/api/contract.js';
import type { PreloadBridge } from '../../src-shared/api/bridge.js';
import { ApiError } from '../../src-shared/api/errors.js';

export function createIpcClient(bridge: PreloadBridge): LatentRadClient {
  return {
    transport: 'ipc',
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      const result = await bridge.invoke(method, input ?? {});
      if (!result.ok) throw ApiError.fromData(result.error);
      return result.value as MethodOutput<M>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return bridge.on(event, (payload) => listener(payload as EventPayload<E>));
    },
  };
}
