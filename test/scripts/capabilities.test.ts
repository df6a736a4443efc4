// What CONTRIBUTING promises about capabilities holds: each capability of the API contract has
// src-main/<capability>/handlers.ts exporting exactly its methods, a capability folder without API methods says why,
// and the README's layer drawing and CONTRIBUTING name every capability folder there is.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { apiMethods } from '../../src-shared/api/contract.js';
import { repoRoot } from '../support/data.js';

/** Folders of src-main that are not capabilities (the same lists as .dependency-cruiser.cjs). */
const layers = { base: ['base', 'io', 'db', 'workers', 'security', 'types'], engine: ['ml'], surfaces: ['api', 'host', 'cli', 'electron', 'preload'] };
/** Capability folders that have no API methods (yet), each with the reason. */
const withoutMethods: Record<string, string> = {
  quality: 'measures a generator for scripts/model-quality.ts only',
};

const src = join(repoRoot, 'src-main');
const notCapabilities = new Set(Object.values(layers).flat());
const capabilityFolders = readdirSync(src, { withFileTypes: true })
  .filter((e) => e.isDirectory() && !notCapabilities.has(e.name))
  .map((e) => e.name)
  .sort();
const contractCapabilities = [...new Set(Object.keys(apiMethods).map((m) => m.split('.')[0]))].sort();

test('every capability of the contract has handlers.ts exporting <capability>Handlers with exactly its methods', async () => {
  for (const capability of contractCapabilities) {
    const file = join(src, capability, 'handlers.ts');
    assert.ok(existsSync(file), `src-main/${capability}/handlers.ts is missing`);
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const handlers = module[`${capability}Handlers`];
    assert.ok(handlers && typeof handlers === 'object', `src-main/${capability}/handlers.ts exports no ${capability}Handlers`);
    const methods = Object.keys(apiMethods).filter((m) => m.startsWith(`${capability}.`)).sort();
    assert.deepEqual(Object.keys(handlers).sort(), methods, `${capability}Handlers serves the ${capability}.* methods of the contract`);
  }
});

test('a capability folder without handlers.ts is one that has no API methods, named with the reason', () => {
  for (const folder of capabilityFolders) {
    if (existsSync(join(src, folder, 'handlers.ts'))) {
      assert.ok(!withoutMethods[folder], `src-main/${folder}/ has handlers.ts now: remove it from withoutMethods`);
      continue;
    }
    assert.ok(!contractCapabilities.includes(folder), `${folder} has contract methods but no handlers.ts`);
    assert.ok(withoutMethods[folder], `src-main/${folder}/ has no handlers.ts: give it one or say why in withoutMethods`);
  }
});

test('the README layer drawing and CONTRIBUTING name every capability folder', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const drawing = readme.slice(readme.indexOf(' capabilities   src-main/'), readme.indexOf(' engine         src-main/ml'));
  const contributing = readFileSync(join(repoRoot, 'docs', 'CONTRIBUTING.md'), 'utf8');
  const promise = contributing.slice(contributing.indexOf('one folder per capability'), contributing.indexOf('Capabilities may use each other'));
  assert.ok(drawing.length > 0 && promise.length > 0, 'the README drawing and the CONTRIBUTING list are where this test looks');
  for (const folder of capabilityFolders) {
    assert.match(drawing, new RegExp(`\\b${folder}\\b`), `README's layer drawing does not name src-main/${folder}/`);
    assert.match(promise, new RegExp(`\`${folder}\``), `CONTRIBUTING's capability list does not name src-main/${folder}/`);
  }
});
