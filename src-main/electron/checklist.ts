// Electron's security checklist (electronjs.org/docs/latest/tutorial/security), one check per item, run on evidence gathered from the real code.
import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * Electron supports its latest three stable majors. On 2026-12-03 the registry's `latest` was 45.5.0,
 * so 43–45 are supported; raise this when a new major ships.
 */
export const oldestSupportedElectronMajor = 43;

/** What the checks look at. Probes run the app's own handlers (navigation, permissions, IPC) on a URL or name. */
export interface SecurityEvidence {
  windowOptions: BrowserWindowConstructorOptions;
  entryUrl: string;
  schemePrivileges: Readonly<Record<string, boolean>>;
  csp: Readonly<Record<string, readonly string[]>>;
  /** The installed electron package's version. */
  electronVersion: string;
  /** electron-builder's `electronFuses` as packaged. */
  fuses: Readonly<Record<string, unknown>>;
  /** True when the navigation to `url` was prevented (will-navigate, will-redirect and will-frame-navigate). */
  navigationBlocked(url: string): boolean;
  /** The window-open handler's answer and whether it handed the URL to the OS browser. */
  windowOpen(url: string): { action: string; openedExternally: boolean };
  webviewBlocked(): boolean;
  permissionGranted(permission: string): boolean;
  devicePermissionGranted(): boolean;
  /** True when a request to `url` from the window would be cancelled. */
  requestCancelled(url: string): boolean;
  /** True when an IPC call from this frame reached the dispatcher. */
  ipcDispatched(frameUrl: string, isMainFrame: boolean): Promise<boolean>;
  /** The keys of the object the preload exposes, and whether each is a plain function. */
  exposedApi: Readonly<Record<string, string>>;
}

export interface ChecklistItem {
  /** The item's number and title in Electron's checklist. */
  item: string;
  /** Null when the item holds, else what fails. */
  check(evidence: SecurityEvidence): Promise<string | null> | string | null;
}

const remoteUrls = ['https://evil.example/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'javascript:alert(1)'];
const dangerousPermissions = ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fileSystem', 'hid', 'usb', 'serial'];

function preference<K extends keyof NonNullable<BrowserWindowConstructorOptions['webPreferences']>>(evidence: SecurityEvidence, key: K): NonNullable<BrowserWindowConstructorOptions['webPreferences']>[K] | undefined {
  return evidence.windowOptions.webPreferences?.[key];
}

/** A preference must be set explicitly to the safe value (a default is not relied on). */
function explicit(evidence: SecurityEvidence, key: 'contextIsolation' | 'sandbox' | 'nodeIntegration' | 'nodeIntegrationInWorker' | 'nodeIntegrationInSubFrames' | 'webSecurity' | 'allowRunningInsecureContent' | 'experimentalFeatures' | 'webviewTag', safe: boolean): string | null {
  const value = preference(evidence, key);
  return value === safe ? null : `webPreferences.${key} is ${String(value)}, must be ${String(safe)}`;
}

function firstFailure(...results: Array<string | null>): string | null {
  return results.find((r) => r !== null) ?? null;
}

export const electronChecklist: readonly ChecklistItem[] = [
  {
    item: '1. Only load secure content',
    check: (e) => {
      const url = new URL(e.entryUrl);
      if (url.protocol !== 'app:' || e.schemePrivileges.secure !== true) return `the window loads ${e.entryUrl}, not a secure app:// origin`;
      return e.requestCancelled('http://example.com/x.js') && e.requestCancelled('https://example.com/x.js') ? null : 'requests to http(s) are not cancelled';
    },
  },
  {
    item: '2. Do not enable Node.js integration for remote content',
    check: (e) => firstFailure(explicit(e, 'nodeIntegration', false), explicit(e, 'nodeIntegrationInWorker', false), explicit(e, 'nodeIntegrationInSubFrames', false)),
  },
  { item: '3. Enable context isolation', check: (e) => explicit(e, 'contextIsolation', true) },
  { item: '4. Enable process sandboxing', check: (e) => explicit(e, 'sandbox', true) },
  {
    item: '5. Handle session permission requests from remote content',
    check: (e) => {
      const granted = dangerousPermissions.filter((p) => e.permissionGranted(p));
      if (granted.length > 0) return `permissions granted: ${granted.join(', ')}`;
      return e.devicePermissionGranted() ? 'device permission granted' : null;
    },
  },
  { item: '6. Do not disable webSecurity', check: (e) => explicit(e, 'webSecurity', true) },
  {
    item: '7. Define a Content Security Policy',
    check: (e) => {
      const scripts = e.csp['script-src'] ?? e.csp['default-src'];
      if (!scripts) return 'no script-src or default-src';
      const unsafe = scripts.filter((s) => s.includes('unsafe') || s === '*' || s.endsWith(':'));
      if (unsafe.length > 0) return `script-src allows ${unsafe.join(' ')}`;
      if (e.csp['default-src']?.join(' ') !== "'none'") return "default-src is not 'none'";
      return e.csp['object-src']?.join(' ') === "'none'" ? null : "object-src is not 'none'";
    },
  },
  { item: '8. Do not enable allowRunningInsecureContent', check: (e) => explicit(e, 'allowRunningInsecureContent', false) },
  { item: '9. Do not enable experimental features', check: (e) => explicit(e, 'experimentalFeatures', false) },
  {
    item: '10. Do not use enableBlinkFeatures',
    check: (e) => (preference(e, 'enableBlinkFeatures') === undefined ? null : 'webPreferences.enableBlinkFeatures is set'),
  },
  // Items 11 and 12 are about <webview>: the tag is disabled and any attach is prevented, so no webview exists.
  { item: '11. <webview>: Do not use allowpopups', check: (e) => explicit(e, 'webviewTag', false) },
  { item: '12. <webview>: Verify options and params', check: (e) => (e.webviewBlocked() ? null : 'will-attach-webview is not prevented') },
  {
    item: '13. Disable or limit navigation',
    check: (e) => {
      const allowed = remoteUrls.filter((url) => !e.navigationBlocked(url));
      if (allowed.length > 0) return `navigation allowed to ${allowed.join(', ')}`;
      return e.navigationBlocked(e.entryUrl) ? 'navigation inside the app is blocked' : null;
    },
  },
  {
    item: '14. Disable or limit the creation of new windows',
    check: (e) => {
      const opened = [...remoteUrls, e.entryUrl].filter((url) => e.windowOpen(url).action !== 'deny');
      return opened.length === 0 ? null : `window.open allowed for ${opened.join(', ')}`;
    },
  },
  {
    item: '15. Do not use shell.openExternal with untrusted content',
    check: (e) => {
      const leaked = [...remoteUrls, 'smb://host/share', 'ms-msdt:/id'].filter((url) => e.windowOpen(url).openedExternally);
      return leaked.length === 0 ? null : `handed to the OS: ${leaked.join(', ')}`;
    },
  },
  {
    item: '16. Use a current version of Electron',
    check: (e) => {
      const major = Number(e.electronVersion.split('.')[0]);
      return major >= oldestSupportedElectronMajor ? null : `Electron ${e.electronVersion} is older than the oldest supported major (${oldestSupportedElectronMajor})`;
    },
  },
  {
    item: '17. Validate the sender of all IPC messages',
    check: async (e) => {
      if (!(await e.ipcDispatched(e.entryUrl, true))) return 'IPC from the app itself is refused';
      for (const [url, isMainFrame] of [['https://evil.example/', true], [e.entryUrl, false], ['file:///tmp/x.html', true]] as const) {
        if (await e.ipcDispatched(url, isMainFrame)) return `IPC from ${url} (${isMainFrame ? 'top frame' : 'subframe'}) reached the dispatcher`;
      }
      return null;
    },
  },
  {
    item: '18. Avoid usage of the file:// protocol and prefer usage of custom protocols',
    check: (e) => (e.entryUrl.startsWith('file:') ? 'the window loads file://' : e.fuses.grantFileProtocolExtraPrivileges === false ? null : 'fuse grantFileProtocolExtraPrivileges is not off'),
  },
  {
    item: '19. Check which fuses you can change',
    check: (e) => {
      const wanted: Record<string, boolean> = {
        runAsNode: false,
        enableNodeOptionsEnvironmentVariable: false,
        enableNodeCliInspectArguments: false,
        enableEmbeddedAsarIntegrityValidation: true,
        onlyLoadAppFromAsar: true,
        enableCookieEncryption: true,
      };
      const wrong = Object.entries(wanted).filter(([fuse, value]) => e.fuses[fuse] !== value);
      return wrong.length === 0 ? null : `fuses not set: ${wrong.map(([fuse, value]) => `${fuse}=${String(value)}`).join(', ')}`;
    },
  },
  {
    item: '20. Do not expose Electron APIs to untrusted web content',
    check: (e) => {
      const allowed = ['invoke', 'on', 'onOpenPaths', 'pathForFile'];
      const extra = Object.keys(e.exposedApi).filter((key) => !allowed.includes(key));
      if (extra.length > 0) return `the preload exposes ${extra.join(', ')}`;
      const notFunctions = Object.entries(e.exposedApi).filter(([, type]) => type !== 'function');
      return notFunctions.length === 0 ? null : `the preload exposes objects: ${notFunctions.map(([key]) => key).join(', ')}`;
    },
  },
];

/** Runs every item; the result lists the failures (empty when the checklist holds). */
export async function auditElectronSecurity(evidence: SecurityEvidence): Promise<Array<{ item: string; failure: string }>> {
  const failures: Array<{ item: string; failure: string }> = [];
  for (const { item, check } of electronChecklist) {
    const failure = await check(evidence);
    if (failure !== null) failures.push({ item, failure });
  }
  return failures;
}
