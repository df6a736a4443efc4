// Vite builds the renderer into dist/renderer; `npm run dev` serves it with the API proxied to a running host.
// The viewer needs no Cornerstone-specific settings: pixels come from the host's pixel service through one
// custom image loader; no DICOM loader, codec worker or wasm is bundled.
import type { ClientRequest, IncomingMessage } from 'node:http';
import { defineConfig } from 'vite';
import type { ProxyOptions } from 'vite';
import { devProxyAuth } from './src-main/host/devProxy.js';

const hostUrl = process.env.LATENTRAD_HOST_URL ?? 'http://127.0.0.1:7800';
// The token `latentrad serve` printed: the dev page is not served by the host, so it never gets the cookie.
const token = process.env.LATENTRAD_TOKEN;

/** Adds the token (and the host's Origin) only to requests from the dev page itself; see devProxy.ts. */
function authorise(proxyReq: ClientRequest, req: IncomingMessage): void {
  proxyReq.removeHeader('authorization');
  proxyReq.removeHeader('cookie');
  const headers = devProxyAuth(req.headers, token, hostUrl);
  if (headers) for (const [name, value] of Object.entries(headers)) proxyReq.setHeader(name, value);
}
const configure: ProxyOptions['configure'] = (proxy) => {
  proxy.on('proxyReq', authorise);
  proxy.on('proxyReqWs', authorise);
};

export default defineConfig({
  root: 'src-renderer',
  base: './',
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 8000,
  },
  worker: { format: 'es' },
  server: {
    proxy: {
      // API calls are POSTs; GETs under /api/ are the renderer's own modules (src-renderer/api/*.ts).
      '/api': { target: hostUrl, configure, bypass: (req) => (req.method === 'POST' ? undefined : req.url) },
      '/pixels': { target: hostUrl, configure },
      '/upload': { target: hostUrl, configure },
      '/results': { target: hostUrl, configure },
      '/events': { target: hostUrl.replace(/^http/, 'ws'), ws: true, configure },
    },
  },
});
