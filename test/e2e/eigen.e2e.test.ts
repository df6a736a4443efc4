// The Eigencomponents panel in Chromium through the headless host: an edit series with three slice positions is
// analysed in the worker; the R² check shown equals the API's, each slice position can be viewed; screenshots kept.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createResult } from '../../src-main/results/store.js';
import { encodeNpy } from '../../src-shared/io/npy.js';
import { needsBrowser, openApp } from '../support/browser.js';
import type { AppSession } from '../support/browser.js';

let app: AppSession;

/** A K×3×16×16 synthetic series whose position 1 brightens a block linearly with α. */
function writeEditResult(dataDir: string): string {
  const { info, dir } = createResult(dataDir, 'edit', { synthetic: true });
  const alphas = [0, 0.5, 1, 1.5, 2, 2.5, 3];
  const [K, S, H, W] = [alphas.length, 3, 16, 16];
  const data = new Float32Array(K * S * H * W);
  for (let k = 0; k < K; k++) for (let s = 0; s < S; s++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const inside = y >= 3 && y < 13 && x >= 3 && x < 13;
    const lesion = s === 1 && y >= 6 && y < 9 && x >= 6 && x < 9;
    data[((k * S + s) * H + y) * W + x] = (inside ? 0.3 + 0.4 * Math.sin(x / 2) * Math.cos(y / 3) : -0.9) + (lesion ? 0.05 * alphas[k] : 0);
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'SERIES.npy'), encodeNpy(data, [K, S, H, W]));
  writeFileSync(join(dir, 'SERIES.json'), JSON.stringify({ alphas, alphaUnit: 'sigma', synthetic: true }));
  return info.id;
}

test.describe('Eigencomponents panel', { skip: needsBrowser }, () => {
  before(async () => {
    app = await openApp();
  });
  after(async () => app?.close());

  test('analyses an edit series: scree and eigenvector charts, the R² check equal to the API, each slice position', async () => {
    const id = writeEditResult(app.dataDir);
    const { page } = app;
    await page.getByRole('tab', { name: 'Eigencomponents' }).click();
    await page.getByTestId('eigen-panel').waitFor();
    await page.getByRole('option', { name: new RegExp(id) }).waitFor({ state: 'attached' });
    await app.screenshot('eigen-panel-empty');
    await page.getByRole('button', { name: 'Analyse' }).click();
    await page.getByTestId('eigen-result').waitFor({ timeout: 60_000 });
    const check = await page.getByTestId('linear-check').innerText();
    const response = await fetch(`${app.host.origin}/api/eigen.components`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${app.host.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ series: id }),
    });
    const api = (await response.json()) as { ok: boolean; value: { linearCheck: { r2: number | null } } };
    assert.equal(api.ok, true);
    const r2 = api.value.linearCheck.r2;
    assert.ok(r2 !== null);
    assert.match(check, new RegExp(`R² ${r2.toFixed(4)} — ${r2 >= 0.99 ? 'PASS' : 'FAIL'}`));
    assert.equal(await page.getByRole('img', { name: /Eigenvectors against α/ }).count(), 1);
    assert.equal(await page.getByRole('img', { name: /Scree plot/ }).count(), 1);
    await app.screenshot('eigen-panel-joint');
    await page.getByLabel('Slice position').selectOption({ label: 'position 1' });
    await page.waitForTimeout(300);
    assert.match(await page.getByTestId('linear-check').innerText(), /PASS/);
    await app.screenshot('eigen-panel-position-1');
  });
});
