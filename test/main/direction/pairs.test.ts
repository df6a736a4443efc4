// Edit pairs linked in the catalog: `latentrad pair` labels the edited copy with its original's id (edit_of) and both
// sides (edit_pair); the pair method on a cohort's latent set matches each edited row to its original's row (same
// item, axis and slice) and gives normalize(mean(E(I*) − E(I))) over the linked pairs only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createAppContext } from '../../../src-main/base/context.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { resultFile } from '../../../src-main/results/store.js';
import { decodeNpy, encodeNpy } from '../../../src-shared/io/npy.js';
import { fixturesDir, repoRoot } from '../../support/data.js';
import { tempDirs } from '../../support/tempDirs.js';

const work = tempDirs('latentrad-pairs-')();
const ctx = createAppContext({ dataDir: join(work, 'data'), host: { kind: 'cli' } });
const dispatch = createAppDispatcher(ctx);

async function find(input: unknown): Promise<{ ok: true; value: { result: { id: string }; samples: number; notes: string[] } } | { ok: false; message: string }> {
  const r = await dispatch('direction.find', input);
  return r.ok ? { ok: true, value: r.value as { result: { id: string }; samples: number; notes: string[] } } : { ok: false, message: r.error.message };
}

test('the pair method pairs a cohort\'s rows by edit_of: the direction is the mean of the linked differences', async () => {
  const set = join(work, 'set');
  mkdirSync(set, { recursive: true });
  const d = 6;
  // Rows 0–2 originals (image:1..3), rows 3–5 edited copies; row 5's original (image:9) is not in the set.
  const codes = [
    [1, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0],
    [1, 0, 0, 2, 0, 0], [0, 1, 0, 1, 1, 0], [5, 5, 5, 5, 5, 5],
  ];
  writeFileSync(join(set, 'latents.npy'), encodeNpy(Float32Array.from(codes.flat()), [6, 1, d]));
  writeFileSync(join(set, 'index.csv'), 'row,item,entity,axis,slice,subject,edit_of,edit_pair\n' + [
    '0,image:1,image,,,A,,original', '1,image:2,image,,,B,,original', '2,image:3,image,,,C,,original',
    '3,image:4,image,,,A,image:1,edited', '4,image:5,image,,,B,image:2,edited', '5,image:6,image,,,C,image:9,edited',
  ].join('\n') + '\n');
  const out = await find({ latents: join(set, 'latents.npy'), method: 'pair' });
  assert.ok(out.ok, out.ok ? '' : out.message);
  assert.equal(out.value.samples, 2, 'two linked pairs (the third edited copy has no original in the set)');
  assert.ok(out.value.notes.some((n) => /2 edit pairs linked in the catalog/.test(n) && /image:6/.test(n)), out.value.notes.join(' | '));
  const direction = decodeNpy(readFileSync(resultFile(ctx.dataDir, out.value.result.id, 'D.npy'))).data;
  // mean difference = ([0,0,0,2,0,0] + [0,0,0,1,1,0]) / 2 = [0,0,0,1.5,0.5,0] → unit
  const n = Math.hypot(1.5, 0.5);
  [0, 0, 0, 1.5 / n, 0.5 / n, 0].forEach((v, i) => assert.ok(Math.abs(direction[i] - v) < 1e-6, `D[${i}] = ${direction[i]}, expected ${v}`));
});

test('the pair method on a latent set without edit_of says how to link the pairs', async () => {
  const set = join(work, 'unlinked');
  mkdirSync(set, { recursive: true });
  writeFileSync(join(set, 'latents.npy'), encodeNpy(new Float32Array(12), [2, 6]));
  writeFileSync(join(set, 'index.csv'), 'row,item,subject\n0,image:1,A\n1,image:2,B\n');
  const out = await find({ latents: join(set, 'latents.npy'), method: 'pair' });
  assert.equal(out.ok, false);
  assert.match(out.ok ? '' : out.message, /no "edit_of" column: link each edited copy to its original first \(latentrad pair EDITED --original ORIGINAL\)/);
});

test('latentrad pair links an imported edited copy to its original in the catalog (labels edit_of, edit_pair)', async () => {
  const run = promisify(execFile);
  const cli = async (...args: string[]): Promise<{ json: unknown; code: number; stderr: string }> => {
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(repoRoot, 'src-main', 'cli', 'main.ts'), '--data-dir', join(work, 'cli-data'), '--json', ...args], { cwd: repoRoot });
      return { json: JSON.parse(stdout), code: 0, stderr };
    } catch (error) {
      const e = error as { stdout: string; stderr: string; code: number };
      return { json: null, code: e.code, stderr: e.stderr };
    }
  };
  const original = join(fixturesDir, 'images', 'NORMAL', 'IM-0117-0001.png');
  const edited = join(work, 'edited.png');
  writeFileSync(edited, readFileSync(original));
  assert.equal((await cli('import', original, edited)).code, 0);
  const linked = await cli('pair', edited, '--original', original);
  assert.equal(linked.code, 0, linked.stderr);
  const out = linked.json as { edited: string; original: string; labels: Record<string, string> };
  assert.match(out.original, /^image:\d+$/);
  assert.deepEqual([out.labels.edit_of, out.labels.edit_pair], [out.original, 'edited']);
  const listed = (await cli('ls', 'images')).json as { rows: Array<{ id: string; labels: Record<string, string> }> };
  assert.equal(listed.rows.find((r) => r.id === out.original)?.labels.edit_pair, 'original');
  const self = await cli('pair', edited, '--original', edited);
  assert.notEqual(self.code, 0);
  assert.match(self.stderr, /cannot be its own edited copy/);
});
