// Electron bootstrap: one locked-down window on app://, the API over IPC, native dialogs, single instance.
import { BrowserWindow, Menu, app, dialog, session, shell } from 'electron';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createAppContext } from '../base/context.js';
import type { NativeDialogs } from '../base/context.js';
import { appRoot, rendererDir, resolveDataDir } from '../base/paths.js';
import { appEntryUrl, isAllowedExternal, isAllowedNavigation, isAllowedPermission } from './guards.js';
import { forwardEvents, registerIpcHandlers } from './ipc.js';
import { buildMenu } from './menu.js';
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
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAllowedNavigation(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternal(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });

  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(isAllowedPermission(permission)));
    session.defaultSession.setPermissionCheckHandler((_wc, permission) => isAllowedPermission(permission));
    serveRenderer(rendererDir());

    const window = new BrowserWindow({
      width: 1440,
      height: 900,
      minWidth: 960,
      minHeight: 600,
      title: 'LatentRad',
      backgroundColor: '#111418',
      show: false,
      webPreferences: {
        preload: join(appRoot(), 'dist', 'main', 'preload.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        spellcheck: false,
      },
    });
    mainWindow = window;
    const dialogs: NativeDialogs = {
      async open(kind, multiple) {
        const properties: Array<'openDirectory' | 'openFile' | 'multiSelections'> = [kind === 'folder' ? 'openDirectory' : 'openFile'];
        if (multiple) properties.push('multiSelections');
        const result = await dialog.showOpenDialog(window, { properties });
        return result.canceled ? [] : result.filePaths;
      },
    };
    const ctx = createAppContext({ dataDir, host: { kind: 'electron', dialogs } });
    registerIpcHandlers(createAppDispatcher(ctx));
    forwardEvents(ctx, window);
    Menu.setApplicationMenu(buildMenu(window));
    window.once('ready-to-show', () => window.show());
    void window.loadURL(appEntryUrl);
    app.on('before-quit', () => void ctx.close());
  });
}
