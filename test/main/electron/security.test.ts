// Electron's security checklist holds on the window options, webContents guards, session handlers, IPC and preload the app really uses.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import type { IpcRendererEvent } from 'electron';
import { parse } from 'yaml';
import { auditElectronSecurity, electronChecklist } from '../../../src-main/electron/checklist.js';
import type { SecurityEvidence } from '../../../src-main/electron/checklist.js';
import { appEntryUrl, appSchemePrivileges } from '../../../src-main/electron/guards.js';
import { registerIpcHandlers } from '../../../src-main/electron/ipc.js';
import type { IpcSenderEvent } from '../../../src-main/electron/ipc.js';
import { guardSession, guardWebContents, mainWindowOptions } from '../../../src-main/electron/security.js';
import type { GuardableContents, GuardableSession, PreventableEvent } from '../../../src-main/electron/security.js';
import { createBridge } from '../../../src-main/preload/bridge.js';
import { cspDirectives } from '../../../src-main/security/csp.js';
import type { ApiResult } from '../../../src-shared/api/errors.js';
import { repoRoot } from '../../support/data.js';

type Listener = (...args: never[]) => unknown;

/** Records what guardWebContents attaches, so the test can fire the events as Electron would. */
function recordContents(): { contents: GuardableContents; listeners: Map<string, Listener>; openHandler: () => ((details: { url: string }) => { action: string }) | null } {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  const contents = {
    on(event: string, listener: Listener) {
      listeners.set(event, listener);
      return contents;
    },
    setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }) {
      openHandler = handler;
    },
  } as GuardableContents;
  return { contents, listeners, openHandler: () => openHandler };
}

function preventable(url = ''): PreventableEvent & { url: string; prevented: boolean } {
  return {
    url,
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
}

async function gatherEvidence(): Promise<SecurityEvidence> {
  const web = recordContents();
  const opened: string[] = [];
  guardWebContents(web.contents, (url) => opened.push(url));
  const fire = (event: string, ...args: unknown[]): void => {
    const listener = web.listeners.get(event);
    assert.ok(listener, `no ${event} listener`);
    (listener as (...a: unknown[]) => void)(...args);
  };

  let permissionRequest: Parameters<GuardableSession['setPermissionRequestHandler']>[0] | null = null;
  let permissionCheck: Parameters<GuardableSession['setPermissionCheckHandler']>[0] | null = null;
  let deviceCheck: Parameters<GuardableSession['setDevicePermissionHandler']>[0] | null = null;
  const blocked: string[][] = [];
  guardSession({
    setPermissionRequestHandler: (h) => (permissionRequest = h),
    setPermissionCheckHandler: (h) => (permissionCheck = h),
    setDevicePermissionHandler: (h) => (deviceCheck = h),
    webRequest: {
      onBeforeRequest: (filter, listener) => {
        listener({ url: 'https://example.com/' }, ({ cancel }) => assert.equal(cancel, true));
        blocked.push(filter.urls);
      },
    },
  });

  const ipcHandlers = new Map<string, (event: IpcSenderEvent, input: unknown) => Promise<ApiResult<unknown>>>();
  let dispatched = 0;
  registerIpcHandlers({ handle: (channel, listener) => ipcHandlers.set(channel, listener) }, (method) => {
    dispatched += 1;
    return Promise.resolve({ ok: true, value: method });
  });

  const bridge = createBridge(
    {
      invoke: () => Promise.resolve({ ok: true, value: null }),
      on: () => undefined,
      removeListener: () => undefined,
    },
    () => '/dropped',
  );

  const builderConfig = parse(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')) as { electronFuses?: Record<string, unknown> };
  const electronPackage = createRequire(import.meta.url)('electron/package.json') as { version: string };

  return {
    windowOptions: mainWindowOptions('/app/dist/main/preload.cjs'),
    entryUrl: appEntryUrl,
    schemePrivileges: appSchemePrivileges,
    csp: cspDirectives,
    electronVersion: electronPackage.version,
    fuses: builderConfig.electronFuses ?? {},
    navigationBlocked(url) {
      const events = [preventable(), preventable(), preventable(url)];
      fire('will-navigate', events[0], url);
      fire('will-redirect', events[1], url);
      fire('will-frame-navigate', events[2]);
      assert.ok(events.every((e) => e.prevented === events[0]?.prevented), `navigation events disagree on ${url}`);
      return events[0]?.prevented ?? false;
    },
    windowOpen(url) {
      const before = opened.length;
      const handler = web.openHandler();
      assert.ok(handler, 'no window-open handler');
      return { action: handler({ url }).action, openedExternally: opened.length > before };
    },
    webviewBlocked() {
      const event = preventable();
      fire('will-attach-webview', event);
      return event.prevented;
    },
    permissionGranted(permission) {
      assert.ok(permissionRequest && permissionCheck, 'no permission handlers');
      let granted: boolean | null = null;
      permissionRequest(null, permission, (g) => (granted = g));
      return granted !== false || permissionCheck(null, permission);
    },
    devicePermissionGranted: () => deviceCheck === null || deviceCheck({}),
    requestCancelled: (url) => blocked.some((patterns) => patterns.some((p) => url.startsWith(p.split('*')[0] ?? p))),
    async ipcDispatched(frameUrl, isMainFrame) {
      const handler = ipcHandlers.get('latentrad:system.info');
      assert.ok(handler, 'no IPC handler for system.info');
      const before = dispatched;
      const result = await handler({ senderFrame: { url: frameUrl, parent: isMainFrame ? null : {} } }, {});
      if (dispatched === before) assert.equal(result.ok, false);
      return dispatched > before;
    },
    exposedApi: Object.fromEntries(Object.entries(bridge).map(([key, value]) => [key, typeof value])),
  };
}

test('every item of Electron’s security checklist holds on the code the app runs', async () => {
  assert.equal(electronChecklist.length, 20);
  assert.deepEqual(await auditElectronSecurity(await gatherEvidence()), []);
});

test('the checklist catches a weakened window, CSP, Electron version, fuse set or IPC check', async () => {
  const evidence = await gatherEvidence();
  const failing = async (changed: Partial<SecurityEvidence>): Promise<string[]> => (await auditElectronSecurity({ ...evidence, ...changed })).map((f) => f.item.split('.')[0] ?? '');
  const prefs = evidence.windowOptions.webPreferences;
  assert.deepEqual(await failing({ windowOptions: { webPreferences: { ...prefs, sandbox: false } } }), ['4']);
  assert.deepEqual(await failing({ windowOptions: { webPreferences: { ...prefs, contextIsolation: undefined } } }), ['3']);
  assert.deepEqual(await failing({ windowOptions: { webPreferences: { ...prefs, enableBlinkFeatures: 'CSSVariables' } } }), ['10']);
  assert.deepEqual(await failing({ csp: { ...evidence.csp, 'script-src': ["'self'", "'wasm-unsafe-eval'"] } }), ['7']);
  assert.deepEqual(await failing({ electronVersion: '38.8.6' }), ['16']);
  assert.deepEqual(await failing({ fuses: { ...evidence.fuses, runAsNode: true } }), ['19']);
  assert.deepEqual(await failing({ ipcDispatched: () => Promise.resolve(true) }), ['17']);
  assert.deepEqual(await failing({ navigationBlocked: () => false }), ['13']);
  assert.deepEqual(await failing({ exposedApi: { ...evidence.exposedApi, send: 'function' } }), ['20']);
});

test('the preload bridge reaches only contract channels', async () => {
  const invoked: string[] = [];
  const bridge = createBridge({ invoke: (channel) => (invoked.push(channel), Promise.resolve({ ok: true, value: null })), on: () => undefined, removeListener: () => undefined }, () => '');
  const refused = await bridge.invoke('latentrad:menu.openPaths', {});
  assert.equal(refused.ok, false);
  await bridge.invoke('system.info', {});
  assert.deepEqual(invoked, ['latentrad:system.info']);
  assert.throws(() => bridge.on('ipc-message', () => undefined), /unknown API event/);
  const listeners: Array<(event: IpcRendererEvent, payload: unknown) => void> = [];
  const menu = createBridge({ invoke: () => Promise.resolve(null), on: (_c, l) => listeners.push(l), removeListener: () => undefined }, () => '');
  const received: string[][] = [];
  menu.onOpenPaths((paths) => received.push(paths));
  listeners[0]?.({} as IpcRendererEvent, ['/a', 7, '/b']);
  assert.deepEqual(received, [['/a', '/b']]);
});

test('main.ts and the preload use exactly these builders (so the evidence above is what the app runs)', () => {
  const source = (file: string): string => readFileSync(join(repoRoot, 'src-main', file), 'utf8');
  const main = source('electron/main.ts');
  assert.equal(main.match(/new BrowserWindow\(/g)?.length, 1, 'one window');
  for (const call of ['new BrowserWindow(mainWindowOptions(', 'guardSession(session.defaultSession)', "app.on('web-contents-created', (_event, contents) => guardWebContents(contents,", 'registerIpcHandlers(ipcMain,']) {
    assert.ok(main.includes(call), `main.ts calls ${call}`);
  }
  assert.doesNotMatch(main, /webPreferences|setPermissionRequestHandler|ipcMain\.handle/, 'no second source of window or session settings');
  const preload = source('preload/preload.ts');
  assert.equal(preload.match(/exposeInMainWorld\(/g)?.length, 1);
  assert.ok(preload.includes("exposeInMainWorld('latentrad', createBridge(ipcRenderer,"));
});
