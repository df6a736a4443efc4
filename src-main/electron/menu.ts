// The application menu: File > Open Folder… / Open File… send the chosen paths to the renderer to import.
import { Menu, dialog } from 'electron';
import type { BrowserWindow, MenuItemConstructorOptions } from 'electron';
import { openPathsChannel } from '../../src-shared/api/bridge.js';

export function buildMenu(window: BrowserWindow): Menu {
  const open = async (kind: 'folder' | 'file'): Promise<void> => {
    const result = await dialog.showOpenDialog(window, {
      properties: kind === 'folder' ? ['openDirectory', 'multiSelections'] : ['openFile', 'multiSelections'],
    });
    if (!result.canceled && result.filePaths.length > 0) window.webContents.send(openPathsChannel, result.filePaths);
  };
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Folder…', accelerator: 'CmdOrCtrl+O', click: () => void open('folder') },
        { label: 'Open File…', accelerator: 'CmdOrCtrl+Shift+O', click: () => void open('file') },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
