// Watches an e2e page for what CI logs must show: uncaught exceptions, console errors and 5xx answers, each written
// to stderr at once with the page URL; returns the list of those that fail the test (see AppSession.pageErrors).
import type { Page } from 'playwright-core';
import { stoppedLogPrefix } from '../../src-renderer/shell/panelStopped.js';

export function watchPage(page: Page): string[] {
  const errors: string[] = [];
  const log = (line: string): void => {
    process.stderr.write(`[e2e page ${page.url()}] ${line}\n`);
  };
  page.on('pageerror', (error) => {
    const line = `uncaught exception: ${error.stack ?? error.message}`;
    errors.push(line);
    log(line);
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location();
    log(`console error: ${message.text()}${where.url ? ` (at ${where.url}:${where.lineNumber})` : ''}`);
    if (message.text().startsWith(stoppedLogPrefix)) errors.push(`render error: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() < 500) return;
    const line = `HTTP ${response.status()} from ${response.request().method()} ${response.url()}`;
    errors.push(line);
    // The body names the internal error (the API's { ok: false, error }); log it once it is read.
    response
      .text()
      .then((body) => log(`${line}: ${body.slice(0, 2000)}`))
      .catch(() => log(line));
  });
  return errors;
}
