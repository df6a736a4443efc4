// The headless host's per-launch token and the request checks that guard it (token, Host header).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const tokenCookie = 'latentrad_token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function sameToken(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The token a request carries: Authorization bearer or the session cookie; `?token=` only where `url` is given —
 * the first page load. API routes, uploads, downloads and the WebSocket never take it from the URL, where it would
 * end up in logs, history and Referer headers.
 */
export function requestToken(req: IncomingMessage, url?: URL): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  const cookie = parseCookies(req.headers.cookie)[tokenCookie];
  if (cookie) return cookie;
  return url?.searchParams.get('token') ?? undefined;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    try {
      out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // A malformed cookie from another app on localhost is ignored, not a 500.
    }
  }
  return out;
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Against DNS rebinding: a loopback-bound host answers only requests addressed to a loopback name,
 * so a web page on evil.example cannot reach it by pointing its DNS at 127.0.0.1.
 */
export function hostHeaderAllowed(hostHeader: string | undefined, boundHost: string): boolean {
  if (!isLoopbackHost(boundHost)) return true;
  if (!hostHeader) return false;
  const name = hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.split(':')[0];
  return isLoopbackHost(name);
}
