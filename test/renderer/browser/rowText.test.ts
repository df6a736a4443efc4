// Study browser row words: counts agree with the frames that open, documents claim no images, same-named files
// get enough of their path to differ, image captions name the file and its labels, failed previews say why.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countOf, distinctNames, imageCaption, seriesCountText, studyCountText, thumbFailure } from '../../../src-renderer/browser/rowText.js';

test('counts use the singular for one', () => {
  assert.equal(countOf(1, 'image'), '1 image');
  assert.equal(countOf(0, 'image'), '0 images');
  assert.equal(countOf(16, 'image'), '16 images');
});

test('a multi-frame series counts its frames, and the study line agrees with its series', () => {
  const us = { displayable: true, frameCount: 16, instanceCount: 2, modality: 'US' };
  assert.equal(seriesCountText(us), '16 images');
  const sr = { displayable: false, frameCount: 1, instanceCount: 1, modality: 'SR' };
  assert.equal(studyCountText([us, sr]), '2 series · 16 images');
});

test('a series that cannot be opened (SR) claims no images', () => {
  const text = seriesCountText({ displayable: false, frameCount: 1, instanceCount: 1, modality: 'SR' });
  assert.equal(text, '1 object, not images (SR)');
  assert.doesNotMatch(text, /^\d+ images?$/);
});

test('files with the same name get as many folders as it takes to tell them apart', () => {
  assert.deepEqual(distinctNames(['/data/a/T1.nii.gz', '/data/b/T1.nii.gz', '/data/b/T2.nii.gz']), ['a/T1.nii.gz', 'b/T1.nii.gz', 'T2.nii.gz']);
  assert.deepEqual(distinctNames(['/x/s1/anat/T1.nii', '/x/s2/anat/T1.nii']), ['s1/anat/T1.nii', 's2/anat/T1.nii']);
  assert.deepEqual(distinctNames(['C:\\scans\\one\\brain.nii', 'C:\\scans\\two\\brain.nii']), ['one/brain.nii', 'two/brain.nii']);
  assert.deepEqual(distinctNames(['/only/one.nii']), ['one.nii']);
});

test('an image caption names the file and its labels', () => {
  assert.equal(imageCaption({ path: '/chest/PNEUMONIA/person1_virus_6.jpeg', labels: { class: 'PNEUMONIA' } }), 'person1_virus_6.jpeg · class=PNEUMONIA');
  assert.equal(imageCaption({ path: 'C:\\x\\a.png', labels: {} }), 'a.png');
});

test('a preview that failed says why in a few words', () => {
  assert.equal(thumbFailure("/data/gone.dcm: ENOENT: no such file or directory, open '/data/gone.dcm'"), 'file missing');
  assert.equal(thumbFailure('EACCES: permission denied'), 'no access');
  assert.equal(thumbFailure('no displayable image'), 'no image');
  assert.equal(thumbFailure('frame 0: truncated JPEG'), 'cannot read');
});
