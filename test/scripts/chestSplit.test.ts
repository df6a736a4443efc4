// Proves the chest X-ray held-out split: Kermany file names map to their patient, whole patients are held out (none
// on both sides), about 10 % of each class's patients, and the same seed gives the same list.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chestHoldout, chestPatientOf } from '../../scripts/chest/split.js';
import type { ChestImage } from '../../scripts/chest/split.js';

test('file names map to patients', () => {
  assert.equal(chestPatientOf('person1005_bacteria_2936.png'), 'person1005');
  assert.equal(chestPatientOf('person1005_virus_1688.png'), 'person1005');
  assert.equal(chestPatientOf('IM-0117-0001.png'), 'IM-0117');
  assert.equal(chestPatientOf('NORMAL2-IM-1152-0001-0001.jpeg'), 'NORMAL2-IM-1152');
  assert.equal(chestPatientOf('other.png'), 'other');
});

test('whole patients are held out, ~10 % per class, seeded', () => {
  const images: ChestImage[] = [];
  for (let p = 0; p < 100; p++) for (let k = 0; k < 1 + (p % 3); k++) images.push({ path: `PNEUMONIA/person${p}_virus_${k}.png`, cls: 'PNEUMONIA' });
  for (let p = 0; p < 50; p++) images.push({ path: `NORMAL/IM-${String(p).padStart(4, '0')}-0001.png`, cls: 'NORMAL' });
  const a = chestHoldout(images, 0.1, 0);
  assert.equal(a.train.length + a.holdout.length, images.length);
  const patients = (list: ChestImage[]) => new Set(list.map((im) => chestPatientOf(im.path.split('/')[1])));
  const trainPatients = patients(a.train);
  for (const p of patients(a.holdout)) assert.ok(!trainPatients.has(p), `${p} on both sides`);
  assert.equal(patients(a.holdout.filter((im) => im.cls === 'PNEUMONIA')).size, 10);
  assert.equal(patients(a.holdout.filter((im) => im.cls === 'NORMAL')).size, 5);
  assert.deepEqual(chestHoldout([...images].reverse(), 0.1, 0).holdout, a.holdout);
  assert.notDeepEqual(chestHoldout(images, 0.1, 1).holdout, a.holdout);
});
