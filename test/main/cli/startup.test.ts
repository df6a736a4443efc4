// The CLI and the StyleGAN2 worker start without loading TensorFlow.js (≈2 s per process): no chain of static
// imports from their entry points reaches '@tensorflow/tfjs'; tfjs is only ever imported dynamically, when needed.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import { repoRoot } from '../../support/data.js';

/** The static-import chain from `entry` to `target`, or null (esbuild's metafile, the same resolution as the build). */
async function staticChain(entry: string, target: string): Promise<string[] | null> {
  const result = await build({ entryPoints: [entry], bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', packages: 'external', external: ['electron'], logLevel: 'silent', absWorkingDir: repoRoot });
  const inputs = result.metafile.inputs;
  const start = Object.keys(inputs).find((f) => join(repoRoot, f) === join(repoRoot, entry))!;
  const previous = new Map<string, string>([[start, '']]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const imp of inputs[file]?.imports ?? []) {
      if (imp.kind !== 'import-statement') continue;
      if (imp.path === target) {
        const chain = [target, file];
        for (let f = previous.get(file); f; f = previous.get(f)) chain.push(f);
        return chain.reverse();
      }
      if (!previous.has(imp.path) && inputs[imp.path]) {
        previous.set(imp.path, file);
        queue.push(imp.path);
      }
    }
  }
  return null;
}

for (const entry of ['src-main/cli/main.ts', 'src-main/ml/stylegan2.worker.ts']) {
  test(`${entry} reaches TensorFlow.js through no static import`, async () => {
    const chain = await staticChain(entry, '@tensorflow/tfjs');
    assert.equal(chain, null, `static import chain: ${chain?.join(' → ')}`);
  });
}

test('the check does find a static tfjs import where there is one (the training worker)', async () => {
  assert.ok(await staticChain('src-main/training/worker.ts', '@tensorflow/tfjs'));
});
