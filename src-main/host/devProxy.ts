// `npm run dev`: Vite serves the renderer on its own port and proxies the API to a running host. The proxy holds the
// token, so it must add it only to requests from the dev page itself — never for another page that found the port.
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The headers to set on a proxied request, or null to forward it without the token (the host then refuses it).
 * The dev page's own requests carry Origin = the dev server's origin (or, for plain GETs, no Origin and
 * Sec-Fetch-Site: same-origin); Origin is then rewritten to the host's, which is the only origin the host accepts.
 */
export function devProxyAuth(incoming: IncomingHttpHeaders, token: string | undefined, hostUrl: string): Record<string, string> | null {
  if (!token) return null;
  const devOrigin = `http://${incoming.host ?? ''}`;
  const origin = incoming.origin;
  const site = incoming['sec-fetch-site'];
  const fromDevPage = origin !== undefined ? origin === devOrigin : site === 'same-origin';
  if (!fromDevPage) return null;
  return { Authorization: `Bearer ${token}`, Origin: new URL(hostUrl).origin };
}
