// The layers of the import graph, checked by `npm run depcruise` (part of `npm test`; probes in test/scripts/depcruise.test.ts).
// From the ground up: src-shared ← base ← engine (ml) ← capabilities (one folder each) ← surfaces; the renderer sees
// only src-shared. No import runs back up a layer (callbacks passed in are how a lower layer calls a higher one).

/** Folders of src-main, by layer. A new folder that is in none of these lists is a capability. */
const base = '^src-main/(base|io|db|workers|security|types)/';
const engine = '^src-main/ml/';
const surfaces = '^src-main/(api|host|cli|electron|preload)/';
const capabilities = { path: '^src-main/', pathNot: [base, engine, surfaces] };

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'shared-is-pure',
      comment: 'src-shared runs everywhere (main, workers, renderer, CLI): it imports no app folder and no Node built-in.',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { path: '^(src-main|src-renderer)/' },
    },
    {
      name: 'shared-has-no-node',
      comment: 'src-shared runs in the renderer too: no Node built-ins.',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-sees-only-shared',
      comment: 'The renderer talks to the main process through the API contract in src-shared, never by importing src-main.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: '^src-main/' },
    },
    {
      name: 'base-imports-no-layer-above',
      comment: 'The base (io, db, workers, security, paths, context, the handler type) is under the engine and every capability.',
      severity: 'error',
      from: { path: base },
      to: { path: `${engine}|${surfaces}` },
    },
    {
      name: 'base-imports-no-capability',
      comment: 'The base is under every capability; a capability that the base needs is passed in as a callback.',
      severity: 'error',
      from: { path: base },
      to: capabilities,
    },
    {
      name: 'engine-knows-no-capability',
      comment: 'src-main/ml is an engine: it receives datasets and paths, it does not import the capabilities that use it.',
      severity: 'error',
      from: { path: engine },
      to: capabilities,
    },
    {
      name: 'engine-imports-no-surface',
      comment: 'src-main/ml is an engine under every surface (dispatcher, host, CLI, Electron).',
      severity: 'error',
      from: { path: engine },
      to: { path: surfaces },
    },
    {
      name: 'capabilities-import-no-surface',
      comment: 'Capabilities export handlers; surfaces (dispatcher, host, CLI, Electron) import them, never the other way.',
      severity: 'error',
      from: capabilities,
      to: { path: surfaces },
    },
    {
      name: 'no-circular',
      comment: 'A cycle makes two modules one; split out what both need.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'app-imports-no-tests-or-scripts',
      comment: 'Tests and scripts use the app, never the other way.',
      severity: 'error',
      from: { path: '^src-' },
      to: { path: '^(test|scripts)/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    // Packages with an `exports` map (csv-parse/sync, @cornerstonejs/*) resolve as Node and Vite resolve them.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], mainFields: ['module', 'main', 'types'] },
  },
};
