// The reconstruction report's split: whole subjects are held out, seeded, at least one when asked and never all.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitBySubject, statsOf } from '../../../src-main/encoder/report.js';

const subjects = ['a', 'a', 'b', 'c', 'c', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'j'];

test('held-out images are whole subjects, disjoint from training, seeded and repeatable', () => {
  const split = splitBySubject(subjects, 0.2, 7);
  assert.equal(split.heldOutSubjects, 2);
  assert.deepEqual([...split.train, ...split.heldOut].sort((x, y) => x - y), subjects.map((_, i) => i));
  const held = new Set(split.heldOut.map((i) => subjects[i]));
  assert.equal(held.size, 2);
  for (const i of split.train) assert.ok(!held.has(subjects[i]), `subject ${subjects[i]} is on both sides`);
  assert.deepEqual(splitBySubject(subjects, 0.2, 7), split);
  const others = [1, 2, 3, 4, 5].map((seed) => splitBySubject(subjects, 0.2, seed).heldOut.join());
  assert.ok(others.some((o) => o !== split.heldOut.join()), 'another seed holds out other subjects');
});

test('a fraction holds out at least one subject, never every one; 0 or a single subject holds out none', () => {
  assert.equal(splitBySubject(subjects, 0.01, 0).heldOutSubjects, 1);
  assert.equal(splitBySubject(['a', 'b'], 0.5, 0).heldOutSubjects, 1);
  assert.equal(splitBySubject(subjects, 0, 0).heldOut.length, 0);
  assert.equal(splitBySubject(['a', 'a', 'a'], 0.5, 0).heldOut.length, 0);
});

test('stats are the mean, range and count of the rows', () => {
  assert.deepEqual(statsOf([{ ssim: 0.5, mse: 0.1 }, { ssim: 0.7, mse: 0.3 }]), { count: 2, meanSsim: 0.6, minSsim: 0.5, maxSsim: 0.7, meanMse: 0.2 });
});
