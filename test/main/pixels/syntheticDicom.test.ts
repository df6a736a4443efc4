// A foreign DICOM series with Synthetic Data (0008,001C) = YES (written here by a minimal writer, as another tool
// would) comes back synthetic on every path a viewport can show it through: each frame (stack viewport), the series'
// volume info (MPR volume), and slices along z, y and x (host reslices); the same series without the tag stays
// acquired on every path.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openRuntime } from '../../../src-main/cli/runtime.js';
import { importPaths } from '../../../src-shared/api/awaitJob.js';
import { writeAxialSeries } from '../../support/dicomWriter.js';
import type { SeriesSpec } from '../../support/dicomWriter.js';
import { tempDirs } from '../../support/tempDirs.js';

const work = tempDirs('latentrad-synthetic-dicom-')();
const rt = openRuntime({ dataDir: join(work, 'data') });
after(() => rt.close());

function series(name: string, uid: string, syntheticData: boolean): string[] {
  const folder = join(work, name);
  mkdirSync(folder, { recursive: true });
  const spec: SeriesSpec = {
    modality: 'MR', patientName: 'OTHER^TOOL', patientId: name, studyUid: `1.2.826.0.1.3680043.9.7777.${uid}`, seriesUid: `1.2.826.0.1.3680043.9.7777.${uid}.1`,
    frameOfReferenceUid: `1.2.826.0.1.3680043.9.7777.${uid}.2`, seriesNumber: 1, description: 'made elsewhere', window: { center: 100, width: 200 }, rescale: { slope: 1, intercept: 0 }, syntheticData,
  };
  return writeAxialSeries(folder, spec, { columns: 8, rows: 6, slices: 4, spacing: [1, 1, 2] }, (x, y, z) => 10 * x + y + 50 * z);
}

for (const [name, uid, synthetic] of [['generated', '41', true], ['acquired', '42', false]] as const) {
  test(`${name}: every frame, the volume info and slices along z, y and x say ${synthetic ? 'synthetic' : 'acquired'}`, async () => {
    const files = series(name, uid, synthetic);
    await importPaths(rt.client, { paths: files });
    const expected = synthetic ? 'synthetic' : 'acquired';
    for (const file of files) {
      const { id } = await rt.client.call('catalog.resolve', { ref: file });
      assert.equal((await rt.client.call('pixels.frame', { instanceId: id, frame: 0 })).provenance, expected, `${file} as a frame`);
    }
    const { id: seriesId } = await rt.client.call('catalog.resolve', { ref: `1.2.826.0.1.3680043.9.7777.${uid}.1` });
    assert.match(seriesId, /^series:/);
    const info = await rt.client.call('pixels.volumeInfo', { id: seriesId });
    assert.deepEqual([info.kind, info.dims, info.consistent], ['dicom-series', [8, 6, 4], true]);
    assert.equal(info.provenance, expected, 'volume info (the MPR viewports)');
    for (const axis of ['z', 'y', 'x'] as const) {
      assert.equal((await rt.client.call('pixels.slice', { volumeId: seriesId, axis, index: 1 })).provenance, expected, `slice along ${axis}`);
    }
  });
}
