// The shape of `window.latentrad`, which the Electron preload exposes to the sandboxed renderer.
import type { ApiResult } from './errors.js';

/** The channel on which the main process's File menu sends the paths the user chose. */
export const openPathsChannel = 'latentrad:menu.openPaths';

export interface PreloadBridge {
  invoke(method: string, input: unknown): Promise<ApiResult<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  /** File > Open Folder… / Open File… from the application menu. */
  onOpenPaths(listener: (paths: string[]) => void): () => void;
  /** The OS path of a file dropped on the window (Electron only). */
  pathForFile(file: File): string;
}
