// direction.linkPair, the panel's and the CLI's one way to link an edited copy (or follow-up) to its original (or
// baseline): both sides labelled, several copies per original, wrong links refused with the reason, unlinking clears
// an original left without copies; and the pair method reports each side's projection (originals 0, edited 1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importPaths } from '../../../src-shared/api/awaitJob.js';
import { ApiError } from '../../../src-shared/api/errors.js';
import { linkedPairs } from '../../../src-shared/catalog/editPairs.js';
import { encodeNpy } from '../../../src-shared/io/npy.js';
import { openRuntime } from '../../../src-main/cli/runtime.js';
import type { CliRuntime } from '../../../src-main/cli/runtime.js';
import { fixturesDir } from '../../support/data.js';
import { tempDirs } from '../../support/tempDirs.js';

const work = tempDirs('latentrad-link-pair-')();
let rt: CliRuntime;
const files = { a: '', b: '', aEdited: '', bFollowUp: '', volume: '' };

before(async () => {
  const dir = join(work, 'images');
  mkdirSync(dir, { recursive: true });
  const normal = join(fixturesDir, 'images', 'NORMAL');
  files.a = join(dir, 'a.png');
  files.b = join(dir, 'b.png');
  files.aEdited = join(dir, 'a-edited.png');
  files.bFollowUp = join(dir, 'b-follow-up.png');
  writeFileSync(files.a, readFileSync(join(normal, 'IM-0117-0001.png')));
  writeFileSync(files.aEdited, readFileSync(join(normal, 'IM-0117-0001.png')));
  writeFileSync(files.b, readFileSync(join(normal, 'IM-0122-0001.png')));
  writeFileSync(files.bFollowUp, readFileSync(join(normal, 'IM-0122-0001.png')));
  files.volume = join(fixturesDir, 'ixi', 'IXI012-HH-1211_T1.nii.gz');
  rt = openRuntime({ dataDir: join(work, 'data') });
  await importPaths(rt.client, { paths: [dir, files.volume] });
});
after(() => rt?.close());

async function failure(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    assert.ok(error instanceof ApiError, String(error));
    return error.message;
  }
  assert.fail('expected the call to fail');
}

const images = async (): Promise<Array<{ id: string; path: string; labels: Record<string, string> }>> => (await rt.client.call('catalog.listImages', { limit: 100 })).rows;

test('linking labels both sides, several pairs are listed, and unlinking clears an original left without copies', async () => {
  const one = await rt.client.call('direction.linkPair', { edited: files.aEdited, original: files.a });
  assert.match(one.original ?? '', /^image:\d+$/);
  assert.deepEqual([one.labels.edit_of, one.labels.edit_pair], [one.original, 'edited']);
  const two = await rt.client.call('direction.linkPair', { edited: files.bFollowUp, original: files.b });
  const rows = await images();
  const id = (path: string): string => rows.find((r) => r.path === path)!.id;
  assert.deepEqual(linkedPairs(rows), [
    { original: id(files.a), edited: id(files.aEdited) },
    { original: id(files.b), edited: id(files.bFollowUp) },
  ].sort((x, y) => rows.findIndex((r) => r.id === x.edited) - rows.findIndex((r) => r.id === y.edited)));
  assert.equal(rows.find((r) => r.path === files.b)?.labels.edit_pair, 'original');

  const unlinked = await rt.client.call('direction.linkPair', { edited: two.edited, original: null });
  assert.deepEqual([unlinked.original, unlinked.previous], [null, two.original]);
  const after = await images();
  assert.equal(after.find((r) => r.path === files.bFollowUp)?.labels.edit_of, undefined);
  assert.equal(after.find((r) => r.path === files.b)?.labels.edit_pair, undefined, 'b has no edited copy left');
  assert.equal(after.find((r) => r.path === files.a)?.labels.edit_pair, 'original', 'the other pair is untouched');
  assert.equal(linkedPairs(after).length, 1);
});

test('a wrong link is refused with the reason: itself, another kind, a chain, a file not in the catalog', async () => {
  assert.match(await failure(rt.client.call('direction.linkPair', { edited: files.a, original: files.a })), /cannot be its own edited copy/);
  assert.match(await failure(rt.client.call('direction.linkPair', { edited: files.volume, original: files.a })), /is a volume and .* a image: both sides of a pair must be the same kind/);
  await rt.client.call('direction.linkPair', { edited: files.aEdited, original: files.a });
  assert.match(await failure(rt.client.call('direction.linkPair', { edited: files.b, original: files.aEdited })), /is itself an edited copy/);
  assert.match(await failure(rt.client.call('direction.linkPair', { edited: files.a, original: files.b })), /is the original of image:\d+: unlink those first/);
  assert.match(await failure(rt.client.call('direction.linkPair', { edited: join(work, 'nowhere.png'), original: files.a })), /nowhere\.png": nothing in the catalog matches .* import the file first/);
});

test('the pair method reports each side\'s projection onto the direction: originals as group 0, edited copies as group 1', async () => {
  const set = join(work, 'set');
  mkdirSync(set, { recursive: true });
  const codes = [[1, 0, 0], [0, 1, 0], [1, 0, 2], [0, 1, 2]];
  writeFileSync(join(set, 'latents.npy'), encodeNpy(Float32Array.from(codes.flat()), [4, 3]));
  writeFileSync(join(set, 'index.csv'), 'row,item,subject,edit_of,edit_pair\n0,image:1,A,,original\n1,image:2,B,,original\n2,image:3,A,image:1,edited\n3,image:4,B,image:2,edited\n');
  const out = await rt.client.call('direction.find', { latents: join(set, 'latents.npy'), method: 'pair' });
  assert.deepEqual(out.classes, ['original', 'edited']);
  // D = (0, 0, 1): originals project to 0, edited copies to 2.
  assert.deepEqual(out.projections.map((p) => [p.row, p.label, Math.round(p.value * 1e6) / 1e6, p.item]), [
    [0, 0, 0, 'image:1'], [1, 0, 0, 'image:2'], [2, 1, 2, 'image:3'], [3, 1, 2, 'image:4'],
  ]);
});
