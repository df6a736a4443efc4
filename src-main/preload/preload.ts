// The sandboxed preload: exposes exactly the typed API (contract methods and events) and dropped-file paths.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { ipcChannel, isEventName, isMethodName } from '../../src-shared/api/contract.js';
import type { ApiResult } from '../../src-shared/api/errors.js';
import type { PreloadBridge } from '../../src-shared/api/bridge.js';

const openPathsChannel = 'latentrad:menu.openPaths';

const bridge: PreloadBridge = {
  invoke(method: string, input: unknown): Promise<ApiResult<unknown>> {
    if (!isMethodName(method)) return Promise.resolve({ ok: false, error: { code: 'unknown_method', message: `unknown API method "${method}"` } });
    return ipcRenderer.invoke(ipcChannel(method), input) as Promise<ApiResult<unknown>>;
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    if (!isEventName(event)) throw new Error(`unknown API event "${event}"`);
    const wrapped = (_e: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(ipcChannel(event), wrapped);
    return () => ipcRenderer.removeListener(ipcChannel(event), wrapped);
  },
  onOpenPaths(listener: (paths: string[]) => void): () => void {
    const wrapped = (_e: IpcRendererEvent, paths: unknown): void => {
      if (Array.isArray(paths)) listener(paths.filter((p): p is string => typeof p === 'string'));
    };
    ipcRenderer.on(openPathsChannel, wrapped);
    return () => ipcRenderer.removeListener(openPathsChannel, wrapped);
  },
  // File.path is gone from Electron; webUtils is the supported way to learn a dropped file's OS path.
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
};

contextBridge.exposeInMainWorld('latentrad', bridge);
