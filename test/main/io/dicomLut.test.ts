// A CR whose values come from a Modality LUT Sequence and whose display comes from a VOI LUT Sequence reads as
// pydicom reads it (apply_modality_lut, then apply_voi_lut on that output), and a broken LUT item is refused with a reason.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import dicomParser from 'dicom-parser';
import { decodeFrame, loadDicom } from '../../../src-main/io/dicomPixels.js';
import { readModalityLut, readVoiLut } from '../../../src-main/io/dicomLut.js';
import { applyLut } from '../../../src-shared/imaging/lut.js';
import { fixturesDir } from '../../support/data.js';
import { crWithLuts, lutFixtureSpec } from '../../support/dicomLutWriter.js';

const dir = join(fixturesDir, 'dicom', 'luts');
const file = join(dir, 'cr-modality-voi-lut.dcm');
const reference = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as { stored: number[]; modality: number[]; voi: number[] };

test('the fixture is what the LUT writer makes (so reference.json describes the writer’s file)', () => {
  assert.deepEqual(readFileSync(file), crWithLuts(lutFixtureSpec()));
});

test('Modality LUT then VOI LUT give pydicom’s values for every pixel', async () => {
  const parsed = await loadDicom(file);
  const stored = (await decodeFrame(parsed, 0)).data;
  assert.deepEqual(Array.from(stored), reference.stored);
  const modalityLut = readModalityLut(parsed.dataSet, false);
  assert.ok(modalityLut);
  assert.equal(modalityLut.explanation, 'OD');
  const modality = applyLut(stored, modalityLut);
  assert.deepEqual(Array.from(modality), reference.modality);
  const voiLut = readVoiLut(parsed.dataSet, false);
  assert.ok(voiLut);
  assert.deepEqual({ first: voiLut.firstMapped, bits: voiLut.bits, entries: voiLut.data.length, explanation: voiLut.explanation }, { first: 0, bits: 12, entries: 4096, explanation: 'SIGMOID TEST' });
  assert.deepEqual(Array.from(applyLut(modality, voiLut)), reference.voi);
  // Reading the stored values as if they were modality units (no rescale in the file) is off by hundreds.
  const worst = Math.max(...reference.stored.map((s, i) => Math.abs(s - (reference.modality[i] ?? 0))));
  assert.ok(worst > 500, `stored and modality values differ by up to ${worst}`);
});

test('a LUT item whose data is shorter than its descriptor states is refused with both counts', () => {
  const spec = lutFixtureSpec();
  const bytes = crWithLuts({ ...spec, modalityLut: { ...spec.modalityLut, data: Array.from(spec.modalityLut.data).slice(0, 10) } });
  const ds = dicomParser.parseDicom(new Uint8Array(bytes));
  assert.throws(() => readModalityLut(ds, false), /Modality LUT Sequence: LUT Data holds 10 entries, the LUT Descriptor states 3000/);
  const noLut = crWithLuts({ ...spec, voiLut: { ...spec.voiLut, bits: 0 } });
  assert.throws(() => readVoiLut(dicomParser.parseDicom(new Uint8Array(noLut)), false), /VOI LUT Sequence: LUT Descriptor states 0 bits per entry/);
});
