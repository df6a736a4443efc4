// The `latentrad` launcher runs the build when it is current and the TypeScript sources when the build is missing
// or older than them (a checkout after `git pull` must not run stale code).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { repoRoot } from '../support/data.js';

const root = mkdtempSync(join(tmpdir(), 'latentrad-bin-'));
after(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, 'bin'));
cpSync(join(repoRoot, 'bin', 'latentrad.js'), join(root, 'bin', 'latentrad.js'));
symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'));
writeFileSync(join(root, 'package.json'), '{"type":"module"}');
mkdirSync(join(root, 'src-main', 'cli'), { recursive: true });
mkdirSync(join(root, 'src-shared'));
mkdirSync(join(root, 'dist', 'main'), { recursive: true });
writeFileSync(join(root, 'src-main', 'cli', 'main.ts'), "const from: string = 'source';\nconsole.log(from);\n");
writeFileSync(join(root, 'dist', 'main', 'cli.js'), "console.log('build');\n");

const run = (): string => spawnSync(process.execPath, [join(root, 'bin', 'latentrad.js')], { encoding: 'utf8' }).stdout.trim();
const setTime = (file: string, seconds: number): void => utimesSync(file, seconds, seconds);

test('a build newer than the sources is what runs', () => {
  setTime(join(root, 'src-main', 'cli', 'main.ts'), 1_000_000);
  setTime(join(root, 'dist', 'main', 'cli.js'), 2_000_000);
  assert.equal(run(), 'build');
});

test('sources newer than the build run through tsx instead of the stale build', () => {
  setTime(join(root, 'src-main', 'cli', 'main.ts'), 3_000_000);
  assert.equal(run(), 'source');
});
