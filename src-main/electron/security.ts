// The hardening main.ts applies: window options, webContents guards and session handlers, written so tests can run them.
import type { BrowserWindowConstructorOptions } from 'electron';
import { isAllowedExternal, isAllowedNavigation, isAllowedPermission } from './guards.js';

/**
 * The options of the app's one window. Every security-relevant preference is spelled out even where it is
 * Electron's default, so a future default change or a copy-paste cannot weaken it silently.
 */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'LatentRad',
    backgroundColor: '#111418',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

/** The part of an Electron event the guards use. */
export interface PreventableEvent {
  preventDefault(): void;
}

/**
 * The webContents methods the guards attach to. Electron's WebContents satisfies it; tests pass a recorder.
 * (Overloads mirror Electron's, one per event, so the real object type-checks against this interface.)
 */
export interface GuardableContents {
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: PreventableEvent & { url: string }) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * Applied to every webContents (app 'web-contents-created'), including any a compromised renderer might
 * create: navigation stays on app://latentrad, no <webview>, no new windows; allow-listed https links open
 * in the user's browser instead.
 */
export function guardWebContents(contents: GuardableContents, openExternal: (url: string) => void): void {
  const keepInApp = (event: PreventableEvent, url: string): void => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  };
  contents.on('will-navigate', keepInApp);
  contents.on('will-redirect', keepInApp);
  // will-navigate fires for the top frame only; this one covers subframes too.
  contents.on('will-frame-navigate', (event) => keepInApp(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) openExternal(url);
    return { action: 'deny' };
  });
}

/** Schemes that would reach the network; the renderer needs none (app://, data: and blob: only). */
export const remoteUrlPatterns: readonly string[] = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'];

/** The session methods the handlers go to. Electron's Session satisfies it; tests pass a recorder. */
export interface GuardableSession {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
  webRequest: {
    onBeforeRequest(filter: { urls: string[] }, listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void): void;
  };
}

/** Every permission and device request is denied (the app needs none) and no request leaves for the network. */
export function guardSession(session: GuardableSession): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(isAllowedPermission(permission)));
  session.setPermissionCheckHandler((_contents, permission) => isAllowedPermission(permission));
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest({ urls: [...remoteUrlPatterns] }, (_details, callback) => callback({ cancel: true }));
}
