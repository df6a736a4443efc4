// Cohorts from the catalog: groups by label comparisons (age<40 vs age>40), sizes before anything runs, every member's
// slices asked of the projection service in one batch, reused codes counted, and a latent set direction.find reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppContext } from '../../../src-main/base/context.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { createLocalClient } from '../../../src-main/api/localClient.js';
import { buildCohort } from '../../../src-main/direction/cohort.js';
import type { ProjectItems } from '../../../src-main/direction/cohort.js';
import { createResult, resultFile } from '../../../src-main/results/store.js';
import { cohortInputSchema } from '../../../src-shared/api/direction.js';
import type { CohortInput } from '../../../src-shared/api/direction.js';
import { decodeNpy } from '../../../src-shared/io/npy.js';
import { importPaths } from '../../../src-shared/api/awaitJob.js';
import { fixturesDir } from '../../support/data.js';
import { tempDirs } from '../../support/tempDirs.js';

const dataDir = tempDirs('latentrad-cohort-')();
const ctx = createAppContext({ dataDir, host: { kind: 'cli' } });
const client = createLocalClient(createAppDispatcher(ctx), ctx);
const ixi = join(fixturesDir, 'ixi');

async function catalog(): Promise<void> {
  await importPaths(client, { paths: [join(ixi, 'IXI012-HH-1211_T1.nii.gz'), join(ixi, 'IXI013-HH-1212_T1.nii.gz')] });
  await client.call('catalog.importLabels', { csvPath: join(ixi, 'labels.csv') });
}

/** A stand-in for the projection capability: codes = [item number, slice, …]; a second request reuses the first result. */
function fakeProjection(): { project: ProjectItems; requests: Array<Array<{ item: string; slice?: number }>> } {
  const requests: Array<Array<{ item: string; slice?: number }>> = [];
  const cache = new Map<string, { result: string; row: number }>();
  const project: ProjectItems = async (c, request) => {
    requests.push(request.items.map((it) => ({ item: it.item, slice: it.slice })));
    const fresh = createResult(c.dataDir, 'projection', { synthetic: true }).info.id;
    let row = 0;
    const items = request.items.map((it) => {
      const key = `${it.item}@${it.slice ?? 'mid'}`;
      const hit = cache.get(key) ?? { result: fresh, row: row++ };
      cache.set(key, hit);
      return { item: it.item, entity: 'volume', axis: it.axis ?? 'z', slice: it.slice ?? 60, subject: `S-${it.item}`, result: hit.result, row: hit.row, ssim: 0.5, mse: 0.01 };
    });
    const latents = Float32Array.from({ length: items.length * 2 * 3 }, (_, k) => Number(items[Math.floor(k / 6)].item.split(':')[1]) + (k % 3));
    return { model: 'm', numWs: 2, wDim: 3, latents, items };
  };
  return { project, requests };
}

const params = (input: Partial<CohortInput>) => cohortInputSchema.parse({ model: 'ixi-t1-64', groupA: ['age<40'], groupB: ['age>40'], ...input });

test('a cohort splits the catalog by age, counts the groups before projecting, and writes a latent set with labels.npy', async () => {
  await catalog();
  const { project, requests } = fakeProjection();
  const counts = await buildCohort(ctx, params({ dryRun: true }), project);
  assert.deepEqual(counts.groups.map((g) => [g.name, g.items, g.subjects, g.codes]), [['a', 1, 1, 1], ['b', 1, 1, 1]]);
  assert.equal(counts.result, null);
  assert.equal(requests.length, 0, 'a dry run projects nothing');

  const out = await buildCohort(ctx, params({ sliceRange: [0.4, 0.6], step: 10 }), project);
  assert.ok(out.result);
  assert.equal(requests.length, 1, 'one batched request for every member');
  const slices = requests[0].map((r) => r.slice);
  assert.deepEqual(slices.slice(0, 3), [47, 57, 67], 'every 10th slice of 40–60 % of 120 (axis z is voxel axis 1)');
  const n = requests[0].length;
  assert.equal(out.groups[0].codes + out.groups[1].codes, n);
  assert.equal(out.projected, n);
  const labels = decodeNpy(readFileSync(resultFile(dataDir, out.result.id, 'labels.npy')));
  const index = readFileSync(resultFile(dataDir, out.result.id, 'index.csv'), 'utf8').trim().split('\n');
  assert.equal(index[0], 'row,item,entity,axis,slice,subject,group,age,sex,ssim,mse');
  index.slice(1).forEach((line, i) => {
    const cells = line.split(',');
    assert.equal(Number(cells[6]), labels.data[i], `row ${i}: group column = labels.npy`);
    assert.equal(Number(cells[7]) < 40 ? 0 : 1, labels.data[i], `row ${i}: age decides the group`);
  });
  assert.deepEqual(decodeNpy(readFileSync(resultFile(dataDir, out.result.id, 'latents.npy'))).shape, [n, 2, 3]);

  const again = await buildCohort(ctx, params({ sliceRange: [0.4, 0.6], step: 10 }), project);
  assert.deepEqual([again.reused, again.projected], [n, 0], 'codes for the same items and slices come from the cache');
});

test('overlapping groups, empty groups and malformed terms are refused with the reason', async () => {
  const { project } = fakeProjection();
  await assert.rejects(buildCohort(ctx, params({ groupA: ['age>30'], groupB: ['age>40'] }), project), /volume:\d+ .* is in both groups/);
  await assert.rejects(buildCohort(ctx, params({ groupA: ['age<10'] }), project), /group a \(age<10\) has no members/);
  await assert.rejects(buildCohort(ctx, params({ groupA: ['age<old'] }), project), /group a: "age<old": < compares numbers/);
});

test('direction.find reads a cohort result by id: labels.npy and the subject column beside the codes', async () => {
  const { project } = fakeProjection();
  const out = await buildCohort(ctx, params({ sliceRange: [0.3, 0.7], step: 5 }), project);
  const found = await client.call('direction.find', { latents: out.result!.id, method: 'mean', validationFraction: 0 });
  assert.equal(found.splitBy, 'subject');
  assert.equal(found.space, 'w', 'broadcast codes are used as W');
  assert.deepEqual(found.classes, ['0', '1']);
  await ctx.close();
});
