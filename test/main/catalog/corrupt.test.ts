// Bad input never crashes: truncated and bit-flipped copies of real DICOM, NIfTI and PNG files import (or are
// rejected with a reason), and asking for their pixels either works or fails with a readable error.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ApiError } from '../../../src-shared/api/errors.js';
import { openRuntime } from '../../../src-main/cli/runtime.js';
import { fixturesDir } from '../../support/data.js';
import { importPaths } from '../../../src-shared/api/awaitJob.js';

const sources = [
  'dicom/pydicom/CT_small.dcm', 'dicom/pydicom/MR_small_RLE.dcm', 'dicom/pydicom/MR_small_jp2klossless.dcm', 'dicom/pydicom/MR_small_jpeg_ls_lossless.dcm',
  'dicom/pydicom/SC_rgb_jpeg_dcmtk.dcm', 'dicom/pydicom/JPGExtended.dcm', 'dicom/pydicom/image_dfl.dcm', 'dicom/cornerstone/TestPattern_Palette.dcm',
  'nifti/little.nii.gz', 'nifti/5D_small.nii', 'images/NORMAL/IM-0117-0001.png', 'images/PNEUMONIA/person1002_small.jpeg',
];

// A fixed-seed generator so a failure reproduces.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

test('truncated and corrupted copies of real files never crash the import or the pixel service', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'latentrad-corrupt-'));
  const rt = openRuntime({ dataDir: join(dir, 'data') });
  const random = rng(42);
  try {
    for (const [n, source] of sources.entries()) {
      const bytes = new Uint8Array(readFileSync(join(fixturesDir, source)));
      const ext = source.slice(source.indexOf('.', source.lastIndexOf('/')));
      for (const cut of [0.1, 0.5, 0.9, 0.999]) writeFileSync(join(dir, `cut${n}-${cut}${ext}`), bytes.subarray(0, Math.floor(bytes.length * cut)));
      for (let k = 0; k < 3; k++) {
        const copy = new Uint8Array(bytes);
        // Flip bytes after the first 132 so most copies still look like their format and reach the decoders.
        for (let i = 0; i < 24; i++) copy[132 + Math.floor(random() * (copy.length - 132))] ^= 1 + Math.floor(random() * 255);
        writeFileSync(join(dir, `flip${n}-${k}${ext}`), copy);
      }
    }
    const summary = await importPaths(rt.client, { paths: [dir] });
    assert.equal(summary.state, 'done');
    for (const e of summary.errors) assert.ok(e.reason.length > 5, `${e.path}: empty reason`);
    const attempt = async (call: () => Promise<unknown>): Promise<'ok' | 'refused'> => {
      try {
        await call();
        return 'ok';
      } catch (error) {
        assert.ok(error instanceof ApiError, String(error));
        assert.notEqual(error.code, 'internal', error.message);
        return 'refused';
      }
    };
    const outcomes: string[] = [];
    for (const row of (await rt.client.call('catalog.listInstances', { limit: 10000 })).rows) {
      if (row.displayable) outcomes.push(await attempt(() => rt.client.call('pixels.frame', { instanceId: row.id, frame: 0 })));
    }
    for (const row of (await rt.client.call('catalog.listVolumes', {})).rows) outcomes.push(await attempt(() => rt.client.call('pixels.slice', { volumeId: row.id, axis: 'z', index: 0 })));
    for (const row of (await rt.client.call('catalog.listImages', {})).rows) outcomes.push(await attempt(() => rt.client.call('pixels.image', { imageId: row.id })));
    assert.ok(outcomes.includes('refused') && outcomes.length > 10, outcomes.join(','));
  } finally {
    await rt.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
