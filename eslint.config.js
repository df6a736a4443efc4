// Lint rules: typescript-eslint's recommended set, strict about `any`, for every environment of the app; and the
// layer rules that say what each folder may import and which globals it may use (test/scripts/lintLayers.test.ts).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));

const nodeImports = [
  { group: ['node:*'], message: 'Node built-ins are not available here (pure code lives in src-shared; Node code in src-main).' },
  { group: nodeBuiltins, message: 'Node built-ins are not available here (pure code lives in src-shared; Node code in src-main).' },
];
const electronImport = { group: ['electron', 'electron/*'], message: 'electron is imported only in src-main/electron/ and src-main/preload/.' };
const mainImport = { group: ['**/src-main', '**/src-main/**'], message: 'Only the main process imports src-main; share code through src-shared.' };
const rendererImport = { group: ['**/src-renderer', '**/src-renderer/**'], message: 'Nothing imports the renderer; share code through src-shared.' };

/** Globals that exist in Node but not in a browser (process, Buffer, require, __dirname...). */
const nodeOnlyGlobals = Object.keys(globals.node).filter((name) => !(name in globals.browser) && !(name in globals.es2021));
/** Globals that exist in a browser but not in Node (window, document, HTMLElement...), plus browser-side I/O. */
const domOnlyGlobals = [
  ...Object.keys(globals.browser).filter((name) => !(name in globals.node) && !(name in globals.es2021)),
  'navigator',
  'fetch',
  'WebSocket',
];
const restrictedGlobals = (names, message) => [...new Set(names)].map((name) => ({ name, message }));

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'test/fixtures/**', 'electron-native/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  { files: ['src-renderer/**'], languageOptions: { globals: { ...globals.browser } } },
  {
    // Hooks called conditionally or with missing dependencies are the React bugs that pass every type check.
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // A promise nobody awaits or catches loses its error: in the app's code every one is awaited, returned, caught
    // or marked `void` on purpose. (Type-aware, so it runs on the app's sources with their tsconfigs.)
    files: ['src-main/**/*.ts', 'src-shared/**/*.ts', 'src-renderer/**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { project: ['./tsconfig.json', './tsconfig.renderer.json'], tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },

  // Layers. Each folder gets one `no-restricted-imports` (flat config replaces, not merges, a rule's options), so the
  // file groups below do not overlap.
  {
    // src-shared: pure TypeScript on typed arrays; runs in main, workers, renderer and CLI.
    files: ['src-shared/**'],
    languageOptions: { globals: { ...globals.es2021 } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...nodeImports,
            electronImport,
            { group: ['react', 'react/*', 'react-dom', 'react-dom/*'], message: 'src-shared is pure: React belongs to src-renderer.' },
            { group: ['better-sqlite3'], message: 'src-shared is pure: the database belongs to src-main.' },
            { group: ['@tensorflow/*'], message: 'src-shared is pure: TensorFlow.js belongs to the engine in src-main/ml.' },
            mainImport,
            rendererImport,
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...restrictedGlobals(nodeOnlyGlobals, 'src-shared is pure: no Node globals (pass values in instead).'),
        ...restrictedGlobals(domOnlyGlobals, 'src-shared is pure: no DOM globals (pass values in instead).'),
      ],
    },
  },
  {
    // src-renderer: a sandboxed browser app; it sees only src-shared (and talks to the main process through the API).
    files: ['src-renderer/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...nodeImports, electronImport, mainImport] }],
      'no-restricted-globals': ['error', ...restrictedGlobals(nodeOnlyGlobals, 'The renderer is sandboxed: no Node globals.')],
    },
  },
  {
    // src-main outside the Electron bootstrap and preload: runs under plain Node too (CLI, headless host, workers).
    files: ['src-main/**'],
    ignores: ['src-main/electron/**', 'src-main/preload/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electronImport, rendererImport] }] },
  },
  {
    files: ['src-main/electron/**', 'src-main/preload/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [rendererImport] }] },
  },
);
