// Proves catalogued DICOM projects as the viewer shows it and the dataset builder prepares it: an instance's frame
// (named by catalog id, SOP Instance UID or file path) becomes exactly the builder's plane of the pixel service's
// frame, a multi-frame instance gives each frame, the subject is the Patient ID, and bad references name the reason.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ApiError } from '../../../src-shared/api/errors.js';
import { importPaths } from '../../../src-shared/api/awaitJob.js';
import { decodeNpy, toFloat32 } from '../../../src-shared/io/npy.js';
import { openRuntime } from '../../../src-main/cli/runtime.js';
import type { CliRuntime } from '../../../src-main/cli/runtime.js';
import { entityByUid } from '../../../src-main/catalog/queries.js';
import { catalogOf } from '../../../src-main/catalog/service.js';
import { planeToModel } from '../../../src-main/datasets/build.js';
import { modalityNormalisation } from '../../../src-main/datasets/normalise.js';
import { planeOf } from '../../../src-main/datasets/seriesSource.js';
import { jobsOf } from '../../../src-main/jobs/manager.js';
import { decodeNpz } from '../../../src-main/ml/npz.js';
import { fromNvlabsKwargs } from '../../../src-main/ml/stylegan2/config.js';
import type { NvlabsGeneratorKwargs } from '../../../src-main/ml/stylegan2/config.js';
import { writeModelDir } from '../../../src-main/ml/stylegan2/modelDir.js';
import { findUserModel } from '../../../src-main/models/registry.js';
import { pixelsOf } from '../../../src-main/pixels/service.js';
import { loadTargets } from '../../../src-main/projection/inputs.js';
import { fixturesDir } from '../../support/data.js';
import { tempDirs } from '../../support/tempDirs.js';

const temp = tempDirs('latentrad-project-dicom-');
const work = temp();
const modelDir = join(work, 'model');
const mrFile = join(fixturesDir, 'dicom', 'pydicom', 'MR_small.dcm');
const mrUid = '1.3.6.1.4.1.5962.1.1.4.1.1.20040826185059.5457';
const ctFile = join(fixturesDir, 'dicom', 'dicomParser', 'CT0012.fragmented_no_bot_jpeg_ls.80.dcm');
const ctUid = '1.3.6.1.4.1.5962.1.1.10.3.1.1166562673.14401';
let rt: CliRuntime;
const idOf = (uid: string): string => {
  const ref = entityByUid(catalogOf(rt.ctx).db, uid);
  assert.ok(ref, `${uid} is catalogued`);
  return `${ref.kind}:${ref.id}`;
};

before(async () => {
  const reference = join(fixturesDir, 'nvlabs-reference');
  const kwargs = (JSON.parse(readFileSync(join(reference, 'config.json'), 'utf8')) as { generator_kwargs: NvlabsGeneratorKwargs }).generator_kwargs;
  const arrays = decodeNpz(new Uint8Array(readFileSync(join(reference, 'G_ema_state_dict.npz'))), 'npz');
  await writeModelDir(modelDir, {
    name: 'reference-32',
    config: fromNvlabsKwargs(kwargs),
    generator: new Map([...arrays].map(([k, v]) => [k, { shape: v.shape, data: toFloat32(v) }])),
    provenance: { source: 'nvlabs-state-dict', description: 'reference fixture', createdAt: '2026-11-23T00:00:00Z', tool: 'test' },
  });
  rt = openRuntime({ dataDir: join(work, 'data') });
  await importPaths(rt.client, { paths: [mrFile, ctFile] });
});

after(() => rt.close());

/** What the dataset builder makes of the pixel service's frame (MR preset at the model's 32 px). */
async function builderImage(instanceId: string, frame: number): Promise<Float32Array> {
  const { resample, fit } = { resample: 'area' as const, fit: 'pad' as const };
  return planeToModel(planeOf(await pixelsOf(rt.ctx).frame(instanceId, frame)), 32, { resample, fit }, modalityNormalisation.MR);
}

test('a DICOM instance named by catalog id, SOP Instance UID or file path is the builder-prepared frame the viewer shows', async () => {
  const model = await findUserModel(rt.ctx, modelDir);
  const mr = idOf(mrUid);
  const expected = await builderImage(mr, 0);
  for (const item of [mr, mrUid, mrFile]) {
    const targets = await loadTargets(rt.ctx, { kind: 'items', items: [{ item }] }, model, undefined, 'MR');
    assert.deepEqual(targets.data, expected, `${item} gives the same prepared image`);
    assert.deepEqual(targets.rows, [{ item, entity: 'instance', axis: '', slice: 0, subject: '4MR1' }]);
  }
});

test('each frame of a multi-frame instance projects on its own; a frame outside the instance is refused', async () => {
  const model = await findUserModel(rt.ctx, modelDir);
  const ct = idOf(ctUid);
  const targets = await loadTargets(rt.ctx, { kind: 'items', items: [{ item: ct, frame: 0 }, { item: ct, frame: 1 }] }, model, undefined, 'CT');
  const per = 32 * 32;
  const norm = modalityNormalisation.CT;
  for (const f of [0, 1]) {
    const plane = planeOf(await pixelsOf(rt.ctx).frame(ct, f));
    assert.deepEqual(targets.data.subarray(f * per, (f + 1) * per), planeToModel(plane, 32, { resample: 'area', fit: 'pad' }, norm));
  }
  assert.notDeepEqual(targets.data.subarray(0, per), targets.data.subarray(per), 'the two frames differ');
  assert.deepEqual(targets.rows.map((r) => [r.entity, r.slice, r.subject]), [['instance', 0, '0010'], ['instance', 1, '0010']]);
  await assert.rejects(loadTargets(rt.ctx, { kind: 'items', items: [{ item: ct, frame: 2 }] }, model, undefined, 'CT'), (e: ApiError) => e.code === 'bad_input' && e.message.includes(ct) && /frame 2 is outside its 2 frames/.test(e.message));
  await assert.rejects(loadTargets(rt.ctx, { kind: 'items', items: [{ item: 'study:1' }] }, model, undefined, 'CT'), /study holds many images/);
  await assert.rejects(loadTargets(rt.ctx, { kind: 'items', items: [{ item: '1.2.3.4.5' }] }, model, undefined, 'CT'), /no catalogued DICOM instance or series has this UID/);
});

test('projection.project runs on a DICOM frame end to end: index.csv names the instance, targets.npy holds the prepared frame', async () => {
  const mr = idOf(mrUid);
  const started = await rt.client.call('projection.project', { model: modelDir, source: { kind: 'items', items: [{ item: mr }] }, preset: 'MR', settings: { steps: 2, batch: 1 } });
  const job = await jobsOf(rt.ctx).settled(started.job.id);
  assert.equal(job.state, 'done', job.error ?? job.message);
  const dir = join(rt.ctx.dataDir, 'results', started.result);
  const lines = readFileSync(join(dir, 'index.csv'), 'utf8').trim().split('\n');
  assert.match(lines[1], new RegExp(`^0,${mr},instance,,0,4MR1,`));
  const targets = toFloat32(decodeNpy(new Uint8Array(readFileSync(join(dir, 'targets.npy')))));
  assert.deepEqual(targets, await builderImage(mr, 0));
});
