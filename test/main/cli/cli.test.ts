// The latentrad CLI foundation: help, info --json, data-directory selection, clear errors with non-zero exit.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../support/data.js';

const bin = join(repoRoot, 'bin', 'latentrad.js');
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, LATENTRAD_HOME: '' } });

test('latentrad --help lists the commands', () => {
  const result = cli('--help');
  assert.equal(result.status, 0);
  for (const command of ['info', 'serve']) assert.match(result.stdout, new RegExp(`\\n\\s+${command}\\b`));
  assert.match(result.stdout, /--data-dir/);
  assert.match(result.stdout, /--json/);
});

test('latentrad info --json reports versions, the chosen data directory and ML backends', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'latentrad-cli-'));
  const result = cli('info', '--json', '--data-dir', dataDir);
  assert.equal(result.status, 0, result.stderr);
  const info = JSON.parse(result.stdout) as { dataDir: string; versions: Record<string, string>; ml: { backends: Array<{ name: string; available: boolean }>; preferred: string } };
  assert.equal(info.dataDir, dataDir);
  assert.equal(info.versions.node, process.versions.node);
  assert.deepEqual(info.ml.backends.map((b) => b.name), ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
  assert.equal(info.ml.backends.find((b) => b.name === 'wasm')?.available, true);
});

test('LATENTRAD_HOME selects the data directory when --data-dir is absent', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'latentrad-home-'));
  const result = spawnSync(process.execPath, [bin, 'info', '--json'], { encoding: 'utf8', env: { ...process.env, LATENTRAD_HOME: dataDir } });
  assert.equal((JSON.parse(result.stdout) as { dataDir: string }).dataDir, dataDir);
});

test('a bad option value fails with a clear message and a non-zero exit', () => {
  const result = cli('serve', '--port', 'seventy');
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /port/);
});

test('help marks required options, and a missing one is named in one line with where to find the options', () => {
  const help = cli('project', '--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--model <model>\s+model id, name or directory \(required\)/);
  assert.doesNotMatch(help.stdout, /--steps <n>[^\n]*\(required\)/);
  const missing = cli('project', '--model', 'ixi-t1-64');
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /required option '--out <dir>' not specified\n\(add --help to the command/);
  assert.doesNotMatch(missing.stderr, /Usage:/, 'the error is not buried under the whole help');
});
