// The shell e2e test against the real Electron app (app:// scheme, API over IPC); skipped where no Electron runtime is installed.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { _electron } from 'playwright-core';
import { repoRoot } from '../support/data.js';

function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();

test('the Electron app opens the same shell, with the API over IPC', { skip: binary ? false : 'skipped: Electron runtime not installed' }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'latentrad-electron-'));
  const app = await _electron.launch({ executablePath: binary ?? undefined, args: [repoRoot, `--data-dir=${dataDir}`], env: { ...process.env } as Record<string, string> });
  try {
    const page = await app.firstWindow();
    await page.getByTestId('app-shell').waitFor();
    assert.match(page.url(), /^app:\/\/latentrad\//);
    assert.match(await page.getByTestId('status-data-dir').innerText(), /latentrad-electron-/);
    assert.equal(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require), 'undefined');
  } finally {
    await app.close();
  }
});
