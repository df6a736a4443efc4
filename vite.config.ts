// Vite builds the renderer into dist/renderer; `npm run dev` serves it with the API proxied to a running host.
import { defineConfig } from 'vite';

const hostUrl = process.env.LATENTRAD_HOST_URL ?? 'http://127.0.0.1:7800';

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
      '/api': hostUrl,
      '/events': { target: hostUrl.replace(/^http/, 'ws'), ws: true },
    },
  },
});
