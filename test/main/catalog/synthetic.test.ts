// The catalog records which DICOM series are generated from Synthetic Data (0008,001C) = YES alone: a foreign tool's
// series with the tag and LatentRad's own edit series (dcmjs) list as synthetic, with their study and in
// `latentrad ls`; a series without the tag (or with NO) stays acquired even with ImageType DERIVED and "SYNTHETIC" in
// its description.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import dcmjs from 'dcmjs';
import { formatRows, writeFrame } from '../../../src-main/cli/commands/catalog.js';
import { readPng } from '../../../src-main/io/png.js';
import { openRuntime } from '../../../src-main/cli/runtime.js';
import { encodeSyntheticInstance } from '../../../src-main/io/dicomWrite.js';
import type { SyntheticInstance } from '../../../src-main/io/dicomWrite.js';
import { importPaths } from '../../../src-shared/api/awaitJob.js';
import type { SeriesRow } from '../../../src-shared/api/catalog.js';
import type { PixelFrame } from '../../../src-shared/api/pixels.js';
import { writeAxialSeries } from '../../support/dicomWriter.js';
import { hasSyntheticLabel } from '../../support/syntheticLabel.js';
import { tempDirs } from '../../support/tempDirs.js';

const work = tempDirs('latentrad-catalog-synthetic-')();
const rt = openRuntime({ dataDir: join(work, 'data') });
after(() => rt.close());

const root = '1.2.826.0.1.3680043.9.7777.15';

/** A small MR series written by the minimal writer (as another tool would), in study `study`. */
function foreignSeries(name: string, study: string, n: number, description: string, syntheticData: boolean): void {
  const folder = join(work, 'in', name);
  mkdirSync(folder, { recursive: true });
  writeAxialSeries(folder, {
    modality: 'MR', patientName: 'OTHER^TOOL', patientId: 'P15', studyUid: `${root}.${study}`, seriesUid: `${root}.${study}.${n}`, frameOfReferenceUid: `${root}.${study}.99`,
    seriesNumber: n, description, window: { center: 100, width: 200 }, rescale: { slope: 1, intercept: 0 }, syntheticData,
  }, { columns: 8, rows: 6, slices: 3, spacing: [1, 1, 2] }, (x, y, z) => 10 * x + y + 50 * z);
}

/** One instance as LatentRad's edit-series export writes it (dcmjs; ImageType DERIVED\SECONDARY, Synthetic Data YES). */
function editInstance(seriesUid: string, description: string): SyntheticInstance {
  return {
    studyUid: `${root}.3`, seriesUid, frameOfReferenceUid: `${root}.3.99`, patientId: 'P15', patientName: 'EDIT^SERIES', seriesDescription: description, seriesNumber: 1,
    instanceNumber: 1, imageComments: 'SYNTHETIC test', derivationDescription: 'test', rows: 4, columns: 4, values: new Float32Array(16).map((_, i) => i), range: [0, 15],
  };
}

let series: SeriesRow[] = [];
const byDescription = (d: string): SeriesRow => {
  const row = series.find((s) => s.description === d);
  assert.ok(row, `series "${d}" is catalogued (${series.map((s) => s.description).join(', ')})`);
  return row;
};

before(async () => {
  foreignSeries('generated', '1', 1, 'made elsewhere', true);
  foreignSeries('real', '1', 2, 'T1 axial', false);
  foreignSeries('real-named-synthetic', '2', 1, 'SYNTHETIC-looking name', false);
  mkdirSync(join(work, 'in', 'edit'));
  writeFileSync(join(work, 'in', 'edit', 'edit.dcm'), Buffer.from(encodeSyntheticInstance(editInstance(`${root}.3.1`, 'edit series'))));
  // The same writer's output without the tag: DERIVED\SECONDARY, "SYNTHETIC" in the description, nothing else.
  const untagged = dcmjs.data.DicomMessage.readFile(encodeSyntheticInstance(editInstance(`${root}.3.2`, 'SYNTHETIC DERIVED no tag')));
  delete untagged.dict['0008001C'];
  writeFileSync(join(work, 'in', 'edit', 'untagged.dcm'), Buffer.from(untagged.write()));
  const saysNo = dcmjs.data.DicomMessage.readFile(encodeSyntheticInstance(editInstance(`${root}.3.3`, 'Synthetic Data NO')));
  saysNo.dict['0008001C'] = { vr: 'CS', Value: ['NO'] };
  writeFileSync(join(work, 'in', 'edit', 'says-no.dcm'), Buffer.from(saysNo.write()));
  const summary = await importPaths(rt.client, { paths: [join(work, 'in')] });
  assert.deepEqual([summary.state, summary.errors, summary.series], ['done', [], 6]);
  series = (await rt.client.call('catalog.listSeries', {})).rows;
});

test('only series whose files say Synthetic Data = YES are listed synthetic (another tool\'s and our dcmjs edit series)', () => {
  assert.equal(byDescription('made elsewhere').provenance, 'synthetic');
  assert.equal(byDescription('edit series').provenance, 'synthetic');
  assert.equal(byDescription('T1 axial').provenance, 'acquired');
  assert.equal(byDescription('SYNTHETIC-looking name').provenance, 'acquired', 'a description is not the standard attribute');
  assert.equal(byDescription('SYNTHETIC DERIVED no tag').provenance, 'acquired', 'ImageType DERIVED with a SYNTHETIC description is not enough');
  assert.equal(byDescription('Synthetic Data NO').provenance, 'acquired', 'the tag present but NO');
});

test('instances carry it, and provenance=synthetic filters series and instances', async () => {
  const instances = await rt.client.call('catalog.listInstances', { parent: byDescription('made elsewhere').id });
  assert.deepEqual(instances.rows.map((i) => i.provenance), ['synthetic', 'synthetic', 'synthetic']);
  const synthetic = await rt.client.call('catalog.listSeries', { where: { provenance: 'synthetic' } });
  assert.deepEqual(synthetic.rows.map((s) => s.description).sort(), ['edit series', 'made elsewhere']);
  assert.equal((await rt.client.call('catalog.listInstances', { where: { provenance: 'synthetic' } })).total, 4);
});

test('a study is synthetic when any of its series is', async () => {
  const { rows } = await rt.client.call('catalog.listStudies', {});
  const of = (uid: string): string | undefined => rows.find((s) => s.studyInstanceUid === uid)?.provenance;
  assert.equal(of(`${root}.1`), 'synthetic', 'one synthetic series beside a real one');
  assert.equal(of(`${root}.2`), 'acquired');
  assert.equal(of(`${root}.3`), 'synthetic', 'the edit series study (one tagged series, one untagged)');
});

test('latentrad ls series marks the synthetic rows SYNTHETIC and no others', () => {
  const text = formatRows('series', { rows: series, total: series.length });
  const lines = text.split('\n');
  const columns = lines[0].split('\t');
  const at = columns.indexOf('provenance');
  assert.ok(at >= 0, lines[0]);
  const marked = lines.slice(1, -1).filter((l) => l.split('\t')[at] === 'SYNTHETIC').map((l) => l.split('\t')[columns.indexOf('description')]);
  assert.deepEqual(marked.sort(), ['edit series', 'made elsewhere']);
  assert.equal(lines.slice(1, -1).filter((l) => l.split('\t')[at] === 'acquired').length, 4);
});

test('export-image PNGs of a synthetic frame carry the burned-in label and tEXt at 8 and 16 bits; an acquired frame neither', async () => {
  const frameOf = async (description: string): Promise<PixelFrame> => {
    const instances = await rt.client.call('catalog.listInstances', { parent: byDescription(description).id });
    return rt.client.call('pixels.frame', { instanceId: instances.rows[0].id, frame: 0 });
  };
  const generated = await frameOf('made elsewhere');
  const real = await frameOf('T1 axial');
  for (const bits of [8, 16] as const) {
    const out = join(work, `generated-${bits}.png`);
    await writeFrame(generated, out, bits);
    const png = await readPng(out);
    assert.equal(png.bitDepth, bits);
    assert.ok(hasSyntheticLabel(png.data, png.width, png.height, 1, bits), `${bits}-bit export of a synthetic frame is labelled in its pixels`);
    assert.equal(png.text.Synthetic, 'true', `${bits}-bit export keeps the tEXt`);
    const realOut = join(work, `real-${bits}.png`);
    await writeFrame(real, realOut, bits);
    const realPng = await readPng(realOut);
    assert.ok(!hasSyntheticLabel(realPng.data, realPng.width, realPng.height, 1, bits), `${bits}-bit export of an acquired frame is not labelled`);
    assert.equal(realPng.text.Synthetic, undefined);
  }
});
