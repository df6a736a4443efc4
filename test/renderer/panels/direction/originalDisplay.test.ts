// Proves what the 1×2 series view shows as the original: exactly the image the edited code was fitted to (the
// projection's input row, same slice and the model's orientation and scale), found from a real cohort's codes
// through the edit series' positions, and no original for a seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppContext } from '../../../../src-main/base/context.js';
import { createAppDispatcher } from '../../../../src-main/api/app.js';
import { createLocalClient } from '../../../../src-main/api/localClient.js';
import { buildCohort } from '../../../../src-main/direction/cohort.js';
import { planeToModel } from '../../../../src-main/datasets/build.js';
import { extractSlice, readNiftiVolume, sliceLayout } from '../../../../src-main/datasets/volume.js';
import { readManifest } from '../../../../src-main/ml/stylegan2/modelDir.js';
import { findUserModel } from '../../../../src-main/models/registry.js';
import { createResult } from '../../../../src-main/results/store.js';
import { importPaths } from '../../../../src-shared/api/awaitJob.js';
import { cohortInputSchema } from '../../../../src-shared/api/direction.js';
import { frameValues } from '../../../../src-shared/api/pixels.js';
import { encodeNpy } from '../../../../src-shared/io/npy.js';
import { parseImageId } from '../../../../src-shared/viewer/imageIds.js';
import { originalDisplay, seriesWindow } from '../../../../src-renderer/panels/direction/originalDisplay.js';
import { fixturesDir } from '../../../support/data.js';
import { tempDirs } from '../../../support/tempDirs.js';
import { runEditSeries } from '../../../../src-shared/api/editJob.js';

const dataDir = tempDirs('latentrad-series-view-')();
const ctx = createAppContext({ dataDir, host: { kind: 'cli' } });
const client = createLocalClient(createAppDispatcher(ctx), ctx);
const ixi = join(fixturesDir, 'ixi');

test('the original pane shows the projected input of the edited code: its targets.npy row, pixel for pixel the slice in the model orientation', { timeout: 240_000 }, async () => {
  await importPaths(client, { paths: [join(ixi, 'IXI012-HH-1211_T1.nii.gz'), join(ixi, 'IXI013-HH-1212_T1.nii.gz')] });
  await client.call('catalog.importLabels', { csvPath: join(ixi, 'labels.csv') });
  const { info, dir } = createResult(dataDir, 'cohort', { synthetic: false });
  // Two slices of each subject, one projection step: only which image each code belongs to matters here.
  const params = cohortInputSchema.parse({ model: 'ixi-t1-64', groupA: ['age<40'], groupB: ['age>40'], sliceRange: [0.45, 0.55], step: 8, settings: { steps: 1, batch: 4 } });
  await buildCohort(ctx, params, dir);
  // Any unit direction of the model's W will do (one projection step leaves no group difference to find).
  const directionPath = join(dataDir, 'D.npy');
  writeFileSync(directionPath, encodeNpy(Float32Array.from({ length: 64 }, (_, j) => (j === 0 ? 1 : 0)), [64]));
  const row = 1;
  const series = await runEditSeries(client, { model: 'ixi-t1-64', direction: directionPath, source: { kind: 'latents', latents: info.id, rows: [row] }, alphas: [0, 1], alphaUnit: 'raw' });
  const position = series.positions[0];
  const display = originalDisplay(position);
  assert.ok(display, 'a cohort code has an original');
  assert.equal(display.imageIds.length, 1);
  const ref = parseImageId(display.imageIds[0]);
  assert.ok(ref?.kind === 'result', `the original is the projection input, not a viewer reslice: ${display.imageIds[0]}`);
  assert.equal(ref.file, 'targets.npy');
  assert.equal(display.modality, 'OT', 'the modality of the series, so W/L sync applies');
  assert.equal(display.provenance, 'acquired');

  const frame = await client.call('pixels.result', { result: ref.resultId, file: ref.file, index: ref.index, channel: ref.channel });
  const [, , H, W] = series.shape;
  assert.deepEqual([frame.geometry.rows, frame.geometry.columns], [H, W], 'the pixel grid of the series');
  assert.equal(frame.provenance, 'acquired', 'the projection input is a real image');
  // The slice the cohort recorded for this code, prepared independently as the dataset builder prepares it.
  const model = await findUserModel(ctx, 'ixi-t1-64');
  const prep = (await readManifest(model.dir)).manifest.provenance.preprocessing;
  assert.ok(prep, 'the embedded model records its preprocessing');
  const volume = await readNiftiVolume(join(ixi, `${position.subject}_T1.nii.gz`));
  const layout = sliceLayout(volume, position.axis as 'x' | 'y' | 'z');
  const plane = { data: extractSlice(volume, layout, Number(position.slice)), width: layout.width, height: layout.height, pixelWidth: layout.pixelWidth, pixelHeight: layout.pixelHeight };
  const expected = planeToModel(plane, model.resolution, { resample: prep.resample, fit: prep.fit }, { lowPercentile: prep.lowPercentile, highPercentile: prep.highPercentile });
  const shown = frameValues(frame);
  assert.equal(shown.length, expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(shown[i] - expected[i]));
  assert.ok(worst < 1e-6, `the shown original differs from slice ${position.slice} along ${position.axis} by ${worst}`);
  await ctx.close();
});

test('a seed or a code without a known projection has no original (the series is shown alone)', () => {
  assert.equal(originalDisplay({ seed: '5' }), null);
  assert.equal(originalDisplay({ item: 'volume:1', axis: 'z', slice: '53', projection: '', projection_row: '' }), null);
  assert.equal(originalDisplay({ projection: '../etc', projection_row: '0' }), null);
});

test('the series and its original start with one window: the model scale [−1, 1], widened to the series\' range', () => {
  assert.deepEqual(seriesWindow([-0.8, 0.9]), { center: 0, width: 2 });
  assert.deepEqual(seriesWindow([-1.5, 0.5]), { center: -0.25, width: 2.5 });
});
