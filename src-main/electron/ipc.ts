// Connects the API contract to ipcMain: one handler per method, sender-frame check first, then the dispatcher.
import type { BrowserWindow } from 'electron';
import { ipcChannel, methodNames } from '../../src-shared/api/contract.js';
import type { ApiResult } from '../../src-shared/api/errors.js';
import type { AppContext } from '../base/context.js';
import type { Dispatch } from '../api/dispatcher.js';
import { isTrustedSender } from './guards.js';

/** What a handler learns about the calling frame (Electron's IpcMainInvokeEvent has more). */
export interface IpcSenderEvent {
  senderFrame: { url: string; parent: unknown } | null;
}

/** The ipcMain method used; Electron's ipcMain satisfies it, tests pass a recorder. */
export interface IpcRegistrar {
  handle(channel: string, listener: (event: IpcSenderEvent, input: unknown) => Promise<ApiResult<unknown>>): void;
}

export function registerIpcHandlers(ipc: IpcRegistrar, dispatch: Dispatch): void {
  for (const method of methodNames) {
    ipc.handle(ipcChannel(method), async (event, input) => {
      const frame = event.senderFrame;
      if (!isTrustedSender(frame?.url, frame !== null && frame.parent === null)) {
        return { ok: false, error: { code: 'unauthorized', message: 'IPC from a frame outside the app was refused' } };
      }
      return dispatch(method, input);
    });
  }
}

/** Forwards every API event to the window's renderer. */
export function forwardEvents(ctx: AppContext, window: BrowserWindow): () => void {
  return ctx.subscribe((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(ipcChannel(event), payload);
  });
}
