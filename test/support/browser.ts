// Starts the headless host on the built renderer and a Chromium page against it, for end-to-end tests.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { createAppContext } from '../../src-main/base/context.js';
import type { AppContext, HostServices } from '../../src-main/base/context.js';
import type { Handlers } from '../../src-main/base/handler.js';
import { handlers } from '../../src-main/api/handlers.js';
import { startHost } from '../../src-main/host/server.js';
import type { RunningHost } from '../../src-main/host/server.js';
import { repoRoot } from './data.js';
import { watchPage } from './pageErrors.js';
import { createAppDispatcher } from '../../src-main/api/app.js';

export const chromiumPath = process.env.LATENTRAD_CHROMIUM ?? '/usr/bin/chromium';
export const rendererBuilt = existsSync(join(repoRoot, 'dist', 'renderer', 'index.html'));

/** Pass as `skip`: why the browser tests cannot run here, or false. */
export const needsBrowser: false | string = !existsSync(chromiumPath)
  ? `skipped: no Chromium at ${chromiumPath} (apt-get install chromium, or set LATENTRAD_CHROMIUM)`
  : !rendererBuilt
    ? 'skipped: renderer not built (npm run build)'
    : false;

export const artifactsDir = join(repoRoot, 'test-results');

export interface AppSession {
  host: RunningHost;
  ctx: AppContext;
  browser: BrowserContext;
  page: Page;
  dataDir: string;
  /** Content-Security-Policy violations Chromium reported so far; close() fails when there are any. */
  cspViolations: string[];
  /**
   * What went wrong in the page so far: uncaught exceptions, render errors a panel boundary caught, and API or pixel
   * requests the host answered with a 5xx (an internal error). Each is written to stderr as it happens; close()
   * fails when there are any that `allowPageErrors` does not match.
   */
  pageErrors: string[];
  /** Saves a screenshot as a test artifact under test-results/. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface OpenAppOptions {
  dataDir?: string;
  /** Handlers to replace (e.g. a fake catalog with known pixels). */
  handlers?: Partial<Handlers>;
  viewport?: { width: number; height: number };
  extraArgs?: string[];
  /** The host the handlers see (default: headless); e.g. `electron` with fake native dialogs for the desktop-only paths. */
  host?: HostServices;
  /** Page errors the test provokes on purpose (matched against each line of `pageErrors`); close() ignores them. */
  allowPageErrors?: RegExp;
}

export async function openApp(options: OpenAppOptions = {}): Promise<AppSession> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'latentrad-e2e-'));
  const ctx = createAppContext({ dataDir, host: options.host ?? { kind: 'headless' } });
  const table = { ...handlers, ...options.handlers } as Handlers;
  const host = await startHost({ dispatch: createAppDispatcher(ctx, table), ctx, staticDir: join(repoRoot, 'dist', 'renderer'), port: 0 });
  const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'latentrad-chromium-')), {
    executablePath: chromiumPath,
    headless: true,
    viewport: options.viewport ?? { width: 1440, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...(options.extraArgs ?? [])],
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  // The CSP is kept to what the renderer uses; a violation means a feature needs a source the policy lacks.
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  const pageErrors = watchPage(page);
  await page.goto(host.url);
  mkdirSync(artifactsDir, { recursive: true });
  return {
    host,
    ctx,
    browser,
    page,
    dataDir,
    cspViolations,
    pageErrors,
    async screenshot(name) {
      const path = join(artifactsDir, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    async close() {
      await browser.close();
      await host.close();
      await ctx.close();
      if (cspViolations.length > 0) throw new Error(`the page broke its Content-Security-Policy:\n${cspViolations.join('\n')}`);
      const unexpected = pageErrors.filter((e) => !options.allowPageErrors?.test(e));
      if (unexpected.length > 0) throw new Error(`the page had ${unexpected.length} error(s):\n${unexpected.join('\n')}`);
    },
  };
}

/** Calls the running app's API over HTTP as the page does (bearer token); throws with the method and the host's message. */
export async function callApi<T>(app: AppSession, method: string, input: unknown): Promise<T> {
  const response = await fetch(`${app.host.origin}/api/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${app.host.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  const out = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!out.ok) throw new Error(`${method}: ${out.error?.message ?? 'failed'}`);
  return out.value;
}
