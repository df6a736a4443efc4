// The React hooks rules and no-floating-promises bite: probe code breaking each fails lint with that rule, and the
// same code written correctly passes. Probes are linted as text (ESLint's Node API), so no file is written.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The hooks rules need no types; the probe path is in no tsconfig, so the type-aware rule is off for it.
const untyped = new ESLint({
  cwd: root,
  overrideConfig: { languageOptions: { parserOptions: { project: null } }, rules: { '@typescript-eslint/no-floating-promises': 'off' } },
});
// no-floating-promises needs the program: the probe text stands in for a file the tsconfig includes. With CI=true
// typescript-eslint would assume a single run and type the file as it is on disk, not the probe text (CI failed so),
// so single-run inference is off here.
const typed = new ESLint({
  cwd: root,
  overrideConfig: { languageOptions: { parserOptions: { disallowAutomaticSingleRunInference: true } } },
});
const typedProbePath = join(root, 'src-main', 'base', 'paths.ts');

async function ruleIds(eslint: ESLint, filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

const component = (body: string): string =>
  `import { useEffect, useState } from 'react';\nexport function Probe({ id, on }: { id: string; on: boolean }): string {\n${body}\n  return id;\n}\n`;
const hooksProbe = join(root, 'src-renderer', 'shell', 'probe.tsx');

test('lint fails when a hook is called conditionally (react-hooks/rules-of-hooks)', async () => {
  const ids = await ruleIds(untyped, hooksProbe, component('  if (on) {\n    const [v] = useState(0);\n    void v;\n  }'));
  assert.ok(ids.includes('react-hooks/rules-of-hooks'), `got [${ids.join(', ')}]`);
});

test('lint fails when an effect misses a dependency it reads (react-hooks/exhaustive-deps)', async () => {
  const ids = await ruleIds(untyped, hooksProbe, component('  useEffect(() => {\n    document.title = id;\n  }, []);'));
  assert.ok(ids.includes('react-hooks/exhaustive-deps'), `got [${ids.join(', ')}]`);
});

test('the same hooks written correctly pass lint', async () => {
  const ids = await ruleIds(untyped, hooksProbe, component('  const [v] = useState(0);\n  useEffect(() => {\n    document.title = `${id} ${v} ${on}`;\n  }, [id, v, on]);'));
  assert.deepEqual(ids, []);
});

test('lint fails when a promise is neither awaited, returned, caught nor marked void (no-floating-promises)', async () => {
  const ids = await ruleIds(typed, typedProbePath, 'async function save(): Promise<void> {}\nexport function probe(): void {\n  save();\n}\n');
  assert.ok(ids.includes('@typescript-eslint/no-floating-promises'), `got [${ids.join(', ')}]`);
  const handled = await ruleIds(typed, typedProbePath, 'async function save(): Promise<void> {}\nexport async function probe(): Promise<void> {\n  await save();\n  void save();\n}\n');
  assert.deepEqual(handled, []);
});
