// Picks the transport (Electron preload or headless host) once; components only see `useClient()`.
import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import type { LatentRadClient } from '../../src-shared/api/contract.js';
import type { PreloadBridge } from '../../src-shared/api/bridge.js';
import { createHttpClient } from './httpClient.js';
import { createIpcClient } from './ipcClient.js';

declare global {
  interface Window {
    latentrad?: PreloadBridge;
  }
}

/** The Electron bridge, when running inside the desktop app. */
export function preloadBridge(): PreloadBridge | undefined {
  return window.latentrad;
}

export function createClient(): LatentRadClient {
  const bridge = preloadBridge();
  return bridge ? createIpcClient(bridge) : createHttpClient();
}

const ClientContext = createContext<LatentRadClient | null>(null);

export function ClientProvider({ client, children }: { client: LatentRadClient; children: ReactNode }): ReactNode {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): LatentRadClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient() outside <ClientProvider>');
  return client;
}
