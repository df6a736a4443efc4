// Connects the API contract to ipcMain: one handler per method, sender-frame check first, then the dispatcher.
import { ipcMain } from 'electron';
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { ipcChannel, methodNames } from '../../src-shared/api/contract.js';
import type { ApiResult } from '../../src-shared/api/errors.js';
import type { AppContext } from '../base/context.js';
import type { Dispatch } from '../api/dispatcher.js';
import { isTrustedSender } from './guards.js';

export function registerIpcHandlers(dispatch: Dispatch): void {
  for (const method of methodNames) {
    ipcMain.handle(ipcChannel(method), async (event: IpcMainInvokeEvent, input: unknown): Promise<ApiResult<unknown>> => {
      const frame = event.senderFrame;
      if (!isTrustedSender(frame?.url, frame?.parent === null)) {
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
