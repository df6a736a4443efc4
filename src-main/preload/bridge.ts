// Builds `window.latentrad` from ipcRenderer: the typed API (contract methods and events) and dropped-file paths, nothing else.
import type { IpcRendererEvent } from 'electron';
import { ipcChannel, isEventName, isMethodName } from '../../src-shared/api/contract.js';
import type { ApiResult } from '../../src-shared/api/errors.js';
import { openPathsChannel } from '../../src-shared/api/bridge.js';
import type { PreloadBridge } from '../../src-shared/api/bridge.js';

type Listener = (event: IpcRendererEvent, payload: unknown) => void;

/** The ipcRenderer methods the bridge uses; Electron's ipcRenderer satisfies it, tests pass a recorder. */
export interface BridgeIpc {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(channel: string, listener: Listener): unknown;
  removeListener(channel: string, listener: Listener): unknown;
}

/** Only contract channels and the menu's open-paths channel are reachable; ipcRenderer itself never is. */
export function createBridge(ipc: BridgeIpc, pathForFile: (file: File) => string): PreloadBridge {
  return {
    invoke(method: string, input: unknown): Promise<ApiResult<unknown>> {
      if (!isMethodName(method)) return Promise.resolve({ ok: false, error: { code: 'unknown_method', message: `unknown API method "${method}"` } });
      return ipc.invoke(ipcChannel(method), input) as Promise<ApiResult<unknown>>;
    },
    on(event: string, listener: (payload: unknown) => void): () => void {
      if (!isEventName(event)) throw new Error(`unknown API event "${event}"`);
      const wrapped: Listener = (_e, payload) => listener(payload);
      ipc.on(ipcChannel(event), wrapped);
      return () => ipc.removeListener(ipcChannel(event), wrapped);
    },
    onOpenPaths(listener: (paths: string[]) => void): () => void {
      const wrapped: Listener = (_e, paths) => {
        if (Array.isArray(paths)) listener(paths.filter((p): p is string => typeof p === 'string'));
      };
      ipc.on(openPathsChannel, wrapped);
      return () => ipc.removeListener(openPathsChannel, wrapped);
    },
    pathForFile,
  };
}
