// Renderer entry: picks the API transport and mounts the app shell.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ClientProvider, createClient } from './api/client.js';
import { App } from './shell/App.js';
import { PanelBoundary } from './shell/PanelBoundary.js';
import './shell/app.css';

// The host's first load carries ?token=; it is now a cookie, so keep it out of history and screenshots.
if (new URLSearchParams(window.location.search).has('token')) {
  window.history.replaceState(null, '', window.location.pathname);
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ClientProvider client={createClient()}>
        <PanelBoundary name="LatentRad">
          <App />
        </PanelBoundary>
      </ClientProvider>
    </StrictMode>,
  );
}
