// Electron bootstrap: one locked-down window on app://, the API over IPC, native dialogs, single instance.
import { BrowserWindow, Menu, app, dialog, ipcMain, session, shell } from 'electron';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createAppContext } from '../base/context.js';
import type { NativeDialogs } from '../base/context.js';
import { appRoot, rendererDir, resolveDataDir } from '../base/paths.js';
import { appEntryUrl } from './guards.js';
import { forwardEvents, registerIpcHandlers } from './ipc.js';
import { buildMenu } from './menu.js';
import { guardSession, guardWebContents, mainWindowOptions } from './security.js';
import { registerAppScheme, serveRenderer } from './protocol.js';
import { createAppDispatcher } from '../api/app.js';

function dataDirFromArgs(argv: string[]): string | undefined {
  const arg = argv.find((a) => a.startsWith('--data-dir='));
  return arg?.slice('--data-dir='.length);
}

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const dataDir = resolveDataDir(dataDirFromArgs(process.argv));
  mkdirSync(dataDir, { recursive: true });
  app.setPath('userData', dataDir);
  let mainWindow: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  // Applies to every webContents, including any a compromised renderer might try to create.
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, (url) => void shell.openExternal(url)));

  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(() => {
    guardSession(session.defaultSession);
    serveRenderer(rendererDir());

    const window = new BrowserWindow(mainWindowOptions(join(appRoot(), 'dist', 'main', 'preload.cjs')));
    mainWindow = window;
    const dialogs: NativeDialogs = {
      async open(kind, multiple) {
        const properties: Array<'openDirectory' | 'openFile' | 'multiSelections'> = [kind === 'folder' ? 'openDirectory' : 'openFile'];
        if (multiple) properties.push('multiSelections');
        const result = await dialog.showOpenDialog(window, { properties });
        return result.canceled ? [] : result.filePaths;
      },
      async save(name) {
        const result = await dialog.showSaveDialog(window, { defaultPath: join(app.getPath('documents'), name) });
        return result.canceled || !result.filePath ? null : result.filePath;
      },
    };
    const ctx = createAppContext({ dataDir, host: { kind: 'electron', dialogs } });
    registerIpcHandlers(ipcMain, createAppDispatcher(ctx));
    forwardEvents(ctx, window);
    Menu.setApplicationMenu(buildMenu(window));
    window.once('ready-to-show', () => window.show());
    void window.loadURL(appEntryUrl);
    app.on('before-quit', () => void ctx.close());
  });
}
