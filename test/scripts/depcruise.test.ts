// The import-graph rules in .dependency-cruiser.cjs bite: in a small tree laid out like ours, a probe file importing
// back up each layer fails `depcruise` with that rule's name, and a tree whose imports all run downwards passes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDirs } from '../support/tempDirs.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const depcruise = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'depcruise.cmd' : 'depcruise');
const newDir = tempDirs('latentrad-depcruise-');

/** One module per layer, each importing only downwards: the clean tree every probe is added to. */
const cleanTree: Record<string, string> = {
  'src-shared/math.ts': 'export const twice = (x: number): number => 2 * x;\n',
  'src-main/base/paths.ts': "import { twice } from '../../src-shared/math.js';\nexport const depth = twice(1);\n",
  'src-main/io/png.ts': "import { depth } from '../base/paths.js';\nexport const bits = depth * 4;\n",
  'src-main/ml/engine.ts': "import { bits } from '../io/png.js';\nexport const run = (onStep: (i: number) => void): void => onStep(bits);\n",
  'src-main/catalog/store.ts': "import { bits } from '../io/png.js';\nexport const rows = bits;\n",
  'src-main/training/handlers.ts': "import { run } from '../ml/engine.js';\nimport { rows } from '../catalog/store.js';\nexport const start = (): void => run(() => rows);\n",
  'src-main/api/app.ts': "import { start } from '../training/handlers.js';\nexport const app = { start };\n",
  'src-renderer/main.ts': "import { twice } from '../src-shared/math.js';\nexport const four = twice(2);\n",
};

/** Probes: each file imports back up one layer and must fail with the named rule. */
const probes: { name: string; rule: string; file: string; files: Record<string, string> }[] = [
  { name: 'src-shared imports src-main', rule: 'shared-is-pure', file: 'src-shared/probeMain.ts', files: { 'src-shared/probeMain.ts': "import { depth } from '../src-main/base/paths.js';\nexport const d = depth;\n" } },
  { name: 'src-shared imports a Node built-in', rule: 'shared-has-no-node', file: 'src-shared/probeNode.ts', files: { 'src-shared/probeNode.ts': "import { join } from 'node:path';\nexport const j = join;\n" } },
  { name: 'the renderer imports src-main', rule: 'renderer-sees-only-shared', file: 'src-renderer/probe.ts', files: { 'src-renderer/probe.ts': "import { bits } from '../src-main/io/png.js';\nexport const b = bits;\n" } },
  { name: 'the base imports the engine', rule: 'base-imports-no-layer-above', file: 'src-main/io/probe.ts', files: { 'src-main/io/probe.ts': "import { run } from '../ml/engine.js';\nexport const r = run;\n" } },
  { name: 'the base imports a capability', rule: 'base-imports-no-capability', file: 'src-main/db/probe.ts', files: { 'src-main/db/probe.ts': "import { rows } from '../catalog/store.js';\nexport const r = rows;\n" } },
  { name: 'the engine imports a capability', rule: 'engine-knows-no-capability', file: 'src-main/ml/probeCatalog.ts', files: { 'src-main/ml/probeCatalog.ts': "import { rows } from '../catalog/store.js';\nexport const r = rows;\n" } },
  { name: 'the engine imports a capability folder that did not exist yet', rule: 'engine-knows-no-capability', file: 'src-main/ml/probeNew.ts', files: { 'src-main/directions/store.ts': 'export const unit = 1;\n', 'src-main/ml/probeNew.ts': "import { unit } from '../directions/store.js';\nexport const u = unit;\n" } },
  { name: 'a capability imports the dispatcher', rule: 'capabilities-import-no-surface', file: 'src-main/catalog/probeApi.ts', files: { 'src-main/catalog/probeApi.ts': "import { app } from '../api/app.js';\nexport const a = app;\n" } },
  { name: 'two modules import each other', rule: 'no-circular', file: 'src-main/catalog/cycleA.ts', files: { 'src-main/catalog/cycleA.ts': "import { b } from './cycleB.js';\nexport const a = (): number => b() + 1;\n", 'src-main/catalog/cycleB.ts': "import { a } from './cycleA.js';\nexport const b = (): number => a() - 1;\n" } },
  { name: 'an import does not resolve', rule: 'not-to-unresolvable', file: 'src-main/catalog/probeMissing.ts', files: { 'src-main/catalog/probeMissing.ts': "import { gone } from './missing.js';\nexport const g = gone;\n" } },
];

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** Cruises a fresh tree of the given files with our config (one run for all probes: each start costs seconds). */
function cruise(files: Record<string, string>): Violation[] {
  const dir = newDir();
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }));
  for (const [file, code] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), code);
  }
  const args = ['src-main', 'src-shared', 'src-renderer', '--config', join(root, '.dependency-cruiser.cjs'), '--output-type', 'json'];
  const result = spawnSync(depcruise, args, { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.ok(result.stdout, `depcruise printed nothing (exit ${result.status}): ${result.stderr}`);
  const report = JSON.parse(result.stdout) as { summary: { violations: Violation[] } };
  return report.summary.violations;
}

test('a tree whose imports all run downwards (callbacks passed up) passes depcruise', () => {
  assert.deepEqual(cruise(cleanTree), []);
});

test('depcruise fails each probe that imports back up a layer, with that layer\'s rule', () => {
  const violations = cruise(Object.assign({}, cleanTree, ...probes.map((p) => p.files)));
  for (const probe of probes) {
    const rules = violations.filter((v) => v.from === probe.file).map((v) => v.rule.name);
    assert.ok(rules.includes(probe.rule), `${probe.name}: ${probe.file} should fail ${probe.rule}; got [${rules.join(', ')}]`);
  }
  const probeFiles = new Set(probes.flatMap((p) => Object.keys(p.files)));
  const elsewhere = violations.filter((v) => !probeFiles.has(v.from));
  assert.deepEqual(elsewhere, [], 'the clean files beside the probes stay clean');
});
