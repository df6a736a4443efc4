// The sandboxed preload: exposes the bridge built in bridge.ts as `window.latentrad`, and nothing else.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createBridge } from './bridge.js';

// File.path is gone from Electron; webUtils is the supported way to learn a dropped file's OS path.
contextBridge.exposeInMainWorld('latentrad', createBridge(ipcRenderer, (file) => webUtils.getPathForFile(file)));
