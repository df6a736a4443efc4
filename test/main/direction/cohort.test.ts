// Cohorts from the catalog: groups by label comparisons (age<40 vs age>40), sizes before anything runs, every member's
// slices asked of the projection service in one batch, reused codes counted, each code's projection input named, a latent set direction.find reads, and
// the cohort as a job (progress, result on the job, cancel).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppContext } from '../../../src-main/base/context.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { createLocalClient } from '../../../src-main/api/localClient.js';
import { buildCohort } from '../../../src-main/direction/cohort.js';
import { cohortRunner } from '../../../src-main/direction/cohortJob.js';
import { jobsOf } from '../../../src-main/jobs/manager.js';
import type { ProjectItems } from '../../../src-main/direction/cohort.js';
import { createResult, resultDir, resultFile } from '../../../src-main/results/store.js';
import { writeNpy } from '../../../src-main/io/npyFile.js';
import { cohortBuiltSchema, cohortInputSchema } from '../../../src-shared/api/direction.js';
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
    // The projection's input images (targets.npy): 4×4, row r holds r − 1 and r + 1 (mean r, SD 1).
    if (row > 0) await writeNpy(join(resultDir(c.dataDir, fresh), 'targets.npy'), Float32Array.from({ length: row * 16 }, (_, k) => Math.floor(k / 16) + (k % 2 ? 1 : -1)), [row, 1, 4, 4]);
    const latents = Float32Array.from({ length: items.length * 2 * 3 }, (_, k) => Number(items[Math.floor(k / 6)].item.split(':')[1]) + (k % 3));
    return { model: 'm', numWs: 2, wDim: 3, latents, items };
  };
  return { project, requests };
}

const params = (input: Partial<CohortInput>) => cohortInputSchema.parse({ model: 'ixi-t1-64', groupA: ['age<40'], groupB: ['age>40'], ...input });

/** A fresh cohort result folder and a build into it. */
async function build(input: Partial<CohortInput>, project: ProjectItems): Promise<Awaited<ReturnType<typeof buildCohort>> & { result: string }> {
  const { info, dir } = createResult(dataDir, 'cohort', { synthetic: false });
  return { ...(await buildCohort(ctx, params(input), dir, project)), result: info.id };
}

test('a cohort splits the catalog by age, counts the groups before projecting, and writes a latent set with labels.npy', async () => {
  await catalog();
  const { project, requests } = fakeProjection();
  const counts = await client.call('direction.cohort', { model: 'ixi-t1-64', groupA: ['age<40'], groupB: ['age>40'], dryRun: true });
  assert.deepEqual(counts.groups.map((g) => [g.name, g.items, g.subjects, g.codes]), [['a', 1, 1, 1], ['b', 1, 1, 1]]);
  assert.deepEqual([counts.result, counts.job], [null, null], 'a dry run starts no job');
  assert.equal(requests.length, 0, 'a dry run projects nothing');

  const out = await build({ sliceRange: [0.4, 0.6], step: 10 }, project);
  assert.equal(requests.length, 1, 'one batched request for every member');
  const slices = requests[0].map((r) => r.slice);
  assert.deepEqual(slices.slice(0, 3), [47, 57, 67], 'every 10th slice of 40–60 % of 120 (axis z is voxel axis 1)');
  const n = requests[0].length;
  assert.equal(out.groups[0].codes + out.groups[1].codes, n);
  assert.equal(out.projected, n);
  const labels = decodeNpy(readFileSync(resultFile(dataDir, out.result, 'labels.npy')));
  const index = readFileSync(resultFile(dataDir, out.result, 'index.csv'), 'utf8').trim().split('\n');
  assert.equal(index[0], 'row,item,entity,axis,slice,subject,group,age,sex,site,original_width,original_height,fov_width_mm,fov_height_mm,mean_intensity,intensity_sd,ssim,mse,projection,projection_row');
  index.slice(1).forEach((line, i) => {
    const cells = line.split(',');
    assert.match(cells[18], /^projection-\d{8}T\d{6}-[0-9a-f]{8}$/, `row ${i}: the projection result holding its input image`);
    assert.equal(Number(cells[19]), i, `row ${i}: its row in that projection (targets.npy)`);
    assert.deepEqual(cells.slice(9, 14), ['HH', '90', '120', '180', '240'], `row ${i}: IXI site from the file name, axial in-plane size and field of view (2 mm voxels)`);
    assert.deepEqual([Number(cells[14]), Number(cells[15])], [i, 1], `row ${i}: mean and SD of its projected image`);
    assert.equal(Number(cells[6]), labels.data[i], `row ${i}: group column = labels.npy`);
    assert.equal(Number(cells[7]) < 40 ? 0 : 1, labels.data[i], `row ${i}: age decides the group`);
  });
  assert.deepEqual(decodeNpy(readFileSync(resultFile(dataDir, out.result, 'latents.npy'))).shape, [n, 2, 3]);

  assert.deepEqual(out.confounders, ['age', 'mean_intensity'], 'columns that vary; both subjects are men of one site with one geometry');
  const again = await build({ sliceRange: [0.4, 0.6], step: 10 }, project);
  assert.deepEqual([again.reused, again.projected], [n, 0], 'codes for the same items and slices come from the cache');
});

test('overlapping groups, empty groups and malformed terms are refused with the reason', async () => {
  const { project } = fakeProjection();
  await assert.rejects(build({ groupA: ['age>30'], groupB: ['age>40'] }, project), /volume:\d+ .* is in both groups/);
  await assert.rejects(build({ groupA: ['age<10'] }, project), /group a \(age<10\) has no members/);
  await assert.rejects(build({ groupA: ['age<old'] }, project), /group a: "age<old": < compares numbers/);
  await assert.rejects(client.call('direction.cohort', { model: 'ixi-t1-64', groupA: ['age<10'], groupB: ['age>40'] }), /group a \(age<10\) has no members/, 'the call fails before any job starts');
});

test('direction.find reads a cohort result by id: labels.npy and the subject column beside the codes', async () => {
  const { project } = fakeProjection();
  const out = await build({ sliceRange: [0.3, 0.7], step: 5 }, project);
  const found = await client.call('direction.find', { latents: out.result, method: 'mean', validationFraction: 0 });
  assert.equal(found.splitBy, 'subject');
  assert.equal(found.space, 'w', 'broadcast codes are used as W');
  assert.deepEqual(found.classes, ['0', '1']);
  const index = readFileSync(resultFile(dataDir, out.result, 'index.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  for (const p of found.projections) assert.deepEqual([p.item, p.subject, p.label], [index[p.row][1], index[p.row][5], Number(index[p.row][6])], `member row ${p.row} names its item, subject and group`);
});

test('direction.cohort runs as a job: progress events, the latent set in the named result, counts on the finished job', async () => {
  const { project } = fakeProjection();
  jobsOf(ctx).register('cohort', cohortRunner(ctx, project));
  const states: string[] = [];
  const off = client.on('jobProgress', (e) => e.kind === 'cohort' && states.push(e.state));
  const started = await client.call('direction.cohort', { model: 'ixi-t1-64', groupA: ['age<40'], groupB: ['age>40'], sliceRange: [0.45, 0.55], step: 4 });
  assert.ok(started.job && started.result);
  assert.deepEqual(started.groups.map((g) => g.items), [1, 1], 'the sizes come back at once, before the codes');
  const job = await jobsOf(ctx).settled(started.job.id);
  off();
  assert.equal(job.state, 'done', job.message);
  assert.ok(states.includes('running') && states.at(-1) === 'done');
  const built = cohortBuiltSchema.parse(job.result);
  assert.equal(built.result, started.result);
  assert.equal(built.reused + built.projected, built.groups[0].codes + built.groups[1].codes);
  assert.match(job.message, /reused from the cache/);
  assert.equal(decodeNpy(readFileSync(resultFile(dataDir, started.result, 'labels.npy'))).shape[0], built.reused + built.projected);
});

test('a cancelled cohort job ends cancelled, not failed, and writes no latent set', async () => {
  // A projection that runs until it is asked to stop, as the projection worker does.
  const stubborn: ProjectItems = async (_c, _request, hooks = {}) => {
    for (let step = 0; hooks.requested?.() !== 'cancel'; step++) {
      hooks.progress?.({ fraction: 0.1, message: `step ${step}`, etaSeconds: 5, step, loss: 1 });
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error('projection cancelled');
  };
  jobsOf(ctx).register('cohort', cohortRunner(ctx, stubborn));
  const started = await client.call('direction.cohort', { model: 'ixi-t1-64', groupA: ['age<40'], groupB: ['age>40'] });
  await new Promise((r) => setTimeout(r, 30));
  const running = await client.call('jobs.get', { id: started.job!.id });
  assert.equal(running.etaSeconds, 5, 'the projection\'s ETA is the job\'s');
  await client.call('jobs.cancel', { id: started.job!.id });
  const job = await jobsOf(ctx).settled(started.job!.id);
  assert.equal(job.state, 'cancelled');
  assert.throws(() => resultFile(dataDir, started.result!, 'latents.npy'), /has no file latents\.npy/);
  await ctx.close();
});
