// `npm test`: type-check, lint, import graph, build, then every test under test/ (unit, integration, e2e) with node's runner.
// Usage: node scripts/test.mjs [--only unit|e2e] [--skip-checks]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : null;
const skipChecks = argv.includes('--skip-checks') || only !== null;

function run(label, command, args) {
  const started = Date.now();
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`✖ ${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
  console.log(`✔ ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

function testFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'fixtures' && entry.name !== 'node_modules') out.push(...testFiles(path));
    } else if (entry.name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out.sort();
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
if (!skipChecks) {
  run('type-check (main, shared, tests)', npx, ['tsc', '-p', 'tsconfig.json', '--noEmit']);
  run('type-check (renderer)', npx, ['tsc', '-p', 'tsconfig.renderer.json', '--noEmit']);
  run('type-check (end-to-end tests, with DOM types)', npx, ['tsc', '-p', 'tsconfig.e2e.json', '--noEmit']);
  run('lint', npx, ['eslint', '.', '--max-warnings=0']);
  run('import graph (layers, no cycles: .dependency-cruiser.cjs)', process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'depcruise']);
}
run('build', process.execPath, [join(root, 'scripts/build.mjs'), ...(only === 'unit' ? ['--main'] : [])]);

let files = testFiles(join(root, 'test'));
if (only === 'e2e') files = files.filter((f) => f.startsWith(join('test', 'e2e')));
if (only === 'unit') files = files.filter((f) => !f.startsWith(join('test', 'e2e')));
run(`tests (${files.length} files)`, process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files]);
