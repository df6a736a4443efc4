// Regression run of the mutation fuzzer (scripts/fuzz): a few hundred mutated real files through every reader with
// no crash, no hang, no input over 1 GiB and no unclear message; and the classifier tells clear from unclear.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatReport, runFuzz } from '../../scripts/fuzz/run.js';
import { classify } from '../../scripts/fuzz/target.js';

test('a message is clear only when it names the file and gives a reason in words', () => {
  assert.equal(classify('/d/a.dcm: truncated or corrupt DICOM (buffer overrun)', '/d/a.dcm').kind, 'error');
  assert.equal(classify('/d/a.dcm: frame 0: undefined', '/d/a.dcm').kind, 'unclear');
  assert.equal(classify("Cannot read properties of undefined (reading 'index')", '/d/a.dcm').kind, 'unclear');
  assert.equal(classify('/d/a.nii: Offset is outside the bounds of the DataView', '/d/a.nii').kind, 'unclear');
});

test('300 mutated inputs: 0 crashes, 0 hangs, none over 1 GiB, 0 unclear messages', async () => {
  const report = await runFuzz({ n: 300, seed: 3, perKind: 20 });
  assert.equal(report.inputs, 300);
  assert.deepEqual([report.crashes, report.hangs, report.overMemory, report.unclear], [0, 0, 0, 0], formatReport(report));
  assert.ok(Object.keys(report.byKind).length >= 6, `kinds covered: ${Object.keys(report.byKind).join(', ')}`);
});
