// What every handler gets: the data directory, the host it runs in, an event sink and lazily opened services.
import type { EventName, EventPayload } from '../../src-shared/api/contract.js';
import type { Info } from '../../src-shared/api/system.js';

export interface NativeDialogs {
  open(kind: 'folder' | 'file', multiple: boolean): Promise<string[]>;
  /** The path the user picked to save a file suggested as `name`, or null when cancelled. */
  save(name: string): Promise<string | null>;
}

export interface HostServices {
  readonly kind: Info['host']['kind'];
  /** Present only where a native UI exists (Electron). */
  readonly dialogs?: NativeDialogs;
}

export type EventListener = (event: EventName, payload: EventPayload<EventName>) => void;

export interface AppContext {
  readonly dataDir: string;
  readonly host: HostServices;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Adds an event listener (a transport); returns the remover. */
  subscribe(listener: EventListener): () => void;
  /**
   * One instance per key for the context's lifetime (the catalog database, the ML worker pool...).
   * Capabilities wrap this in a typed accessor, e.g. `catalogOf(ctx)`.
   */
  service<T>(key: string, create: () => T, dispose?: (value: T) => void | Promise<void>): T;
  close(): Promise<void>;
}

export function createAppContext(options: { dataDir: string; host: HostServices }): AppContext {
  const listeners = new Set<EventListener>();
  const services = new Map<string, { value: unknown; dispose?: (value: unknown) => void | Promise<void> }>();
  let closed = false;

  return {
    dataDir: options.dataDir,
    host: options.host,
    emit(event, payload) {
      for (const listener of listeners) {
        try {
          listener(event, payload);
        } catch {
          // A failing transport (a closed socket, a destroyed window) must not stop the others.
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    service<T>(key: string, create: () => T, dispose?: (value: T) => void | Promise<void>): T {
      if (closed) throw new Error(`service "${key}" requested after the app context was closed`);
      const existing = services.get(key);
      if (existing) return existing.value as T;
      const value = create();
      services.set(key, { value, dispose: dispose as ((value: unknown) => void | Promise<void>) | undefined });
      return value;
    },
    async close() {
      if (closed) return;
      closed = true;
      // Dispose in reverse creation order: later services may depend on earlier ones.
      for (const [, entry] of [...services].reverse()) await entry.dispose?.(entry.value);
      services.clear();
      listeners.clear();
    },
  };
}
