// `npm start` without an Electron runtime falls back to the headless host and prints a working URL.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/data.js';

test('npm start without an Electron runtime says so in one line and serves the app at the printed URL', { skip: process.env.LATENTRAD_HAS_ELECTRON === '1' ? 'skipped: Electron runtime installed' : false }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'latentrad-start-'));
  const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'start.mjs')], {
    env: { ...process.env, LATENTRAD_NO_ELECTRON_DOWNLOAD: '1', LATENTRAD_HOME: dataDir, ELECTRON_OVERRIDE_DIST_PATH: join(dataDir, 'no-electron-here') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed; output so far:\n${output}`)), 120_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.on('exit', (code) => reject(new Error(`start exited with ${code}:\n${output}`)));
    });
    assert.equal(output.split('\n').filter((line) => /Electron runtime not installed/.test(line)).length, 1);
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<div id="root">/);
  } finally {
    child.kill('SIGTERM');
  }
});
