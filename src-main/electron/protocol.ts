// Serves the built renderer under app://latentrad/ with the CSP, refusing paths outside dist/renderer.
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { resolveStaticPath } from '../host/static.js';
import { securityHeaders } from '../security/csp.js';
import { appHost, appScheme, appSchemePrivileges } from './guards.js';

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { ...appSchemePrivileges } },
  ]);
}

export function serveRenderer(rootDir: string): void {
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    const path = url.host === appHost ? resolveStaticPath(rootDir, url.pathname) : null;
    if (!path) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(path).toString());
    if (!response.ok) return response;
    const headers = new Headers(response.headers);
    for (const [key, value] of Object.entries(securityHeaders)) headers.set(key, value);
    return new Response(response.body, { status: response.status, headers });
  });
}
