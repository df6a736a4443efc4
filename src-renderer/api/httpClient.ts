// The headless host's transport: POST /api/<method> for calls (POST /pixels/<frame|slice|image|result> for pixels, which
// answer binary), a WebSocket on /events for events.
import type { EventName, EventPayload, LatentRadClient, MethodInput, MethodName, MethodOutput } from '../../src-shared/api/contract.js';
import { ApiError, apiResultSchema } from '../../src-shared/api/errors.js';
import { binaryPixelPath, decodeBinaryAnswer, isBinaryPixelMethod, pixelMessageType } from '../../src-shared/api/pixels.js';

type Listener = (payload: unknown) => void;

export function createHttpClient(base: string = document.baseURI): LatentRadClient {
  const listeners = new Map<string, Set<Listener>>();
  let socket: WebSocket | null = null;
  let retryDelay = 500;

  function connect(): void {
    const url = new URL('events', base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.search = '';
    socket = new WebSocket(url);
    socket.onmessage = (message) => {
      try {
        const { event, payload } = JSON.parse(String(message.data)) as { event: string; payload: unknown };
        for (const listener of listeners.get(event) ?? []) listener(payload);
      } catch {
        // A malformed event is dropped; calls are unaffected.
      }
    };
    socket.onopen = () => (retryDelay = 500);
    // The host may restart (npm start again); reconnect with back-off while anyone listens.
    socket.onclose = () => {
      socket = null;
      if ([...listeners.values()].some((s) => s.size > 0)) setTimeout(connect, (retryDelay = Math.min(retryDelay * 2, 10_000)));
    };
  }

  return {
    transport: 'http',
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      const binary = isBinaryPixelMethod(method) ? method : null;
      const response = await fetch(new URL(binary ? binaryPixelPath(binary) : `api/${method}`, base), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify(input ?? {}),
      });
      if (binary && response.ok && response.headers.get('Content-Type') === pixelMessageType) {
        try {
          return decodeBinaryAnswer(binary, new Uint8Array(await response.arrayBuffer())) as MethodOutput<M>;
        } catch (error) {
          throw new ApiError('internal', `${method}: the host's binary answer is malformed: ${(error as Error).message}`);
        }
      }
      const parsed = apiResultSchema.safeParse(await response.json().catch(() => null));
      if (!parsed.success) throw new ApiError('internal', `${method}: the host answered HTTP ${response.status} without an API result`);
      if (!parsed.data.ok) throw ApiError.fromData(parsed.data.error);
      return parsed.data.value as MethodOutput<M>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      const wrapped: Listener = (payload) => listener(payload as EventPayload<E>);
      set.add(wrapped);
      if (!socket) connect();
      return () => set.delete(wrapped);
    },
  };
}
