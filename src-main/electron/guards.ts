// Pure security decisions for the Electron shell (no electron import, so they are unit-tested in Node).

/** The renderer's origin: everything it loads comes from this custom, privileged scheme. */
export const appScheme = 'app';
export const appHost = 'latentrad';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/index.html`;

/**
 * standard + secure make app:// a secure context like https (so the renderer never needs file:// or http://);
 * it gets no bypassCSP, no corsEnabled and no service workers.
 */
export const appSchemePrivileges = { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } as const;

/** Sites the app may open in the user's browser (documentation, source, licences). */
export const externalAllowList: readonly string[] = ['github.com', 'www.dicomstandard.org', 'dicom.nema.org', 'nifti.nimh.nih.gov', 'brain-development.org'];

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** In-window navigation may only stay inside the app's own origin. */
export function isAllowedNavigation(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === `${appScheme}:` && parsed.host === appHost;
}

/** `shell.openExternal` only for https URLs on the allow-list (no file:, no custom handlers, no credentials). */
export function isAllowedExternal(url: string): boolean {
  const parsed = parse(url);
  if (!parsed || parsed.protocol !== 'https:' || parsed.username || parsed.password) return false;
  return externalAllowList.includes(parsed.hostname);
}

/** IPC is answered only for the app's own top frame. */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean): boolean {
  return Boolean(frameUrl) && isMainFrame && isAllowedNavigation(frameUrl ?? '');
}

/** Every permission request (camera, geolocation, notifications...) is denied: the app needs none. */
export function isAllowedPermission(_permission: string): boolean {
  return false;
}
