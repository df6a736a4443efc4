// The layer rules in eslint.config.js bite: a probe file breaking each rule fails lint with that rule, and clean
// files in each layer pass. Probes are linted as text (ESLint's Node API), so no file is written.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// Probes are in no tsconfig, so the type-aware rule (no-floating-promises) and its project lookup are switched off.
const eslint = new ESLint({
  cwd: root,
  overrideConfig: { languageOptions: { parserOptions: { project: null } }, rules: { '@typescript-eslint/no-floating-promises': 'off' } },
});

async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

async function assertFails(file: string, code: string, rule: 'no-restricted-imports' | 'no-restricted-globals'): Promise<void> {
  const ids = await ruleIds(file, code);
  assert.ok(ids.includes(rule), `${file} with \`${code}\` should fail ${rule}; got [${ids.join(', ')}]`);
}

const breaking: { name: string; file: string; code: string; rule: 'no-restricted-imports' | 'no-restricted-globals' }[] = [
  { name: 'src-shared imports a node: built-in', file: 'src-shared/probe.ts', code: "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n", rule: 'no-restricted-imports' },
  { name: 'src-shared imports a bare Node built-in', file: 'src-shared/probe.ts', code: "import { join } from 'path';\nexport const j = join;\n", rule: 'no-restricted-imports' },
  { name: 'src-shared imports electron', file: 'src-shared/probe.ts', code: "import type { App } from 'electron';\nexport type A = App;\n", rule: 'no-restricted-imports' },
  { name: 'src-shared imports react', file: 'src-shared/probe.ts', code: "import { useState } from 'react';\nexport const u = useState;\n", rule: 'no-restricted-imports' },
  { name: 'src-shared imports better-sqlite3', file: 'src-shared/probe.ts', code: "import Database from 'better-sqlite3';\nexport const d = Database;\n", rule: 'no-restricted-imports' },
  { name: 'src-shared imports @tensorflow/*', file: 'src-shared/probe.ts', code: "import * as tf from '@tensorflow/tfjs';\nexport const t = tf;\n", rule: 'no-restricted-imports' },
  { name: 'src-shared imports src-main', file: 'src-shared/api/probe.ts', code: "import { appRoot } from '../../src-main/base/paths.js';\nexport const r = appRoot;\n", rule: 'no-restricted-imports' },
  { name: 'src-shared uses process', file: 'src-shared/probe.ts', code: 'export const platform = process.platform;\n', rule: 'no-restricted-globals' },
  { name: 'src-shared uses Buffer', file: 'src-shared/probe.ts', code: "export const bytes = Buffer.from('x');\n", rule: 'no-restricted-globals' },
  { name: 'src-shared uses window', file: 'src-shared/probe.ts', code: 'export const width = window.innerWidth;\n', rule: 'no-restricted-globals' },
  { name: 'src-shared uses document', file: 'src-shared/probe.ts', code: "export const canvas = document.createElement('canvas');\n", rule: 'no-restricted-globals' },
  { name: 'src-renderer imports src-main', file: 'src-renderer/shell/probe.ts', code: "import { appRoot } from '../../src-main/base/paths.js';\nexport const r = appRoot;\n", rule: 'no-restricted-imports' },
  { name: 'src-renderer imports a Node built-in', file: 'src-renderer/shell/probe.ts', code: "import { readFile } from 'node:fs/promises';\nexport const r = readFile;\n", rule: 'no-restricted-imports' },
  { name: 'a capability in src-main imports electron', file: 'src-main/catalog/probe.ts', code: "import { dialog } from 'electron';\nexport const d = dialog;\n", rule: 'no-restricted-imports' },
  { name: 'the host imports electron (type only)', file: 'src-main/host/probe.ts', code: "import type { BrowserWindow } from 'electron';\nexport type W = BrowserWindow;\n", rule: 'no-restricted-imports' },
];

for (const probe of breaking) {
  test(`lint fails when ${probe.name}`, async () => assertFails(probe.file, probe.code, probe.rule));
}

test('clean files in each layer pass lint (electron in src-main/electron and preload; Node in src-main; DOM in the renderer)', async () => {
  const clean: { file: string; code: string }[] = [
    { file: 'src-shared/probe.ts', code: "import { z } from 'zod';\nexport const mean = (a: Float32Array): number => a.reduce((s, v) => s + v, 0) / Math.max(1, a.length);\nexport const schema = z.number();\nexport const later = (f: () => void): unknown => setTimeout(f, 0);\n" },
    { file: 'src-main/electron/probe.ts', code: "import { app } from 'electron';\nexport const name = (): string => app.getName();\n" },
    { file: 'src-main/preload/probe.ts', code: "import { contextBridge } from 'electron';\nexport const bridge = contextBridge;\n" },
    { file: 'src-main/catalog/probe.ts', code: "import { readFileSync } from 'node:fs';\nexport const read = (p: string): Buffer => readFileSync(p);\nexport const pid = process.pid;\n" },
    { file: 'src-renderer/shell/probe.ts', code: "import { apiMethods } from '../../src-shared/api/contract.js';\nexport const title = (): string => document.title + Object.keys(apiMethods).length;\n" },
  ];
  for (const { file, code } of clean) assert.deepEqual(await ruleIds(file, code), [], `${file} should pass lint`);
});
