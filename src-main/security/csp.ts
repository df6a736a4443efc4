// The renderer's Content-Security-Policy, sent by both the app:// protocol handler and the headless host.

/**
 * Only what the built renderer uses: its own scripts, styles and API (fetch and the /events WebSocket, both
 * same-origin); images from data: and blob: because Cornerstone draws its tool cursors as SVG blob/data URLs.
 * No 'wasm-unsafe-eval' and no workers: pixels are decoded by the host, so the renderer compiles no WebAssembly
 * and starts no worker. 'unsafe-inline' stays for styles only (Cornerstone's SVG annotations set style
 * attributes); scripts never get it.
 */
export const cspDirectives: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'worker-src': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

export const contentSecurityPolicy = Object.entries(cspDirectives)
  .map(([name, sources]) => `${name} ${sources.join(' ')}`)
  .join('; ');

/** Headers for every renderer response, whatever the transport. */
export const securityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};
