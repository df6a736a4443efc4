// Proves that no API method takes an output path any more: the old overwrite-any-file fields are refused by the
// contract, and nothing is written at the path an attacker named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { apiMethods } from '../../../src-shared/api/contract.js';
import { datasetNameSchema } from '../../../src-shared/api/datasets.js';
import { encoderNameSchema } from '../../../src-shared/api/encoder.js';
import { createAppContext } from '../../../src-main/base/context.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { analysisFixtures } from '../../shared/analysis/referenceData.js';
import { tempDirs } from '../../support/tempDirs.js';

const tempDir = tempDirs('latentrad-no-out-');

/** Every key of a method's input object, looking through refinements and wrappers. */
function inputKeys(schema: z.ZodType): string[] {
  let current: z.ZodType = schema;
  // Effects of `.refine()` keep the object as their input type in zod 4; unwrap pipes/optionals until an object.
  for (let i = 0; i < 8 && !(current instanceof z.ZodObject); i++) {
    const def = (current as unknown as { def: { in?: z.ZodType; innerType?: z.ZodType } }).def;
    const next = def.in ?? def.innerType;
    if (!next) break;
    current = next;
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

test('no method input has a field that names where to write (out, outDir, *Out, *Png, dest…)', () => {
  const writeLike = /^(out|outDir|outPath|output|dest.*|target|save.*|.*Out|.*Png)$/;
  // training.start's and encoder.train's `out` are run names in the dataset-name alphabet (the runs live in
  // <data dir>/training/<out>/ and <data dir>/encoder-runs/<out>/), not paths; the loop below proves the alphabet.
  const names = new Set(['training.start.out', 'encoder.train.out']);
  const offenders = Object.entries(apiMethods).flatMap(([name, spec]) => inputKeys(spec.input).filter((k) => writeLike.test(k)).map((k) => `${name}.${k}`));
  assert.deepEqual(offenders.filter((k) => !names.has(k)), []);
  for (const path of ['../../etc', '/tmp/x', 'a/b', 'a\\b']) {
    assert.equal(datasetNameSchema.safeParse(path).success, false, path);
    assert.equal(encoderNameSchema.safeParse(path).success, false, path);
  }
  assert.ok(inputKeys(apiMethods['models.generate'].input).includes('format'), 'inputKeys sees through .refine()');
});

test('the old overwrite attacks (metrics mapOut/differencePng, eigen outDir, direction out, generate out, NVlabs export out) are refused and write nothing', async () => {
  const work = tempDir();
  const dispatch = createAppDispatcher(createAppContext({ dataDir: join(work, 'data'), host: { kind: 'headless' } }));
  const victim = join(work, 'victim');
  const fixture = (name: string): string => join(analysisFixtures, name);
  const attempts: [string, Record<string, unknown>][] = [
    ['analysis.metrics', { metric: 'mse', reference: fixture('small_a.npy'), test: fixture('small_b.npy'), mapOut: `${victim}.npy`, differencePng: `${victim}.png`, overlayPng: `${victim}-o.png` }],
    ['eigen.components', { series: fixture('eigen_stack.npy'), outDir: victim }],
    ['direction.find', { latents: fixture('latents.npy'), labels: fixture('labels.npy'), method: 'mean', out: `${victim}.npy` }],
    ['direction.editSeries', { model: 'x', direction: fixture('latents.npy'), source: { kind: 'seed', seed: 0 }, out: `${victim}.npy` }],
    ['models.generate', { model: 'x', seeds: [0], out: victim }],
    ['datasets.exportNvlabs', { name: 'x', out: `${victim}.zip` }],
  ];
  for (const [method, input] of attempts) {
    const result = await dispatch(method, input);
    assert.equal(result.ok ? 'ok' : result.error.code, 'validation', method);
  }
  for (const path of [victim, `${victim}.npy`, `${victim}.png`, `${victim}-o.png`, `${victim}.zip`]) assert.equal(existsSync(path), false, path);
});
