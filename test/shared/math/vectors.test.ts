// The one vector module: what the latent-direction code needs (any dimension, zero vectors refused by normalize) and
// what patient geometry and measurements need (3-vectors; a zero vector's unit stays zero).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { add, cosine, cross, distance, dot, negate, norm, normalize, scale, subtract, unit } from '../../../src-shared/math/vectors.js';

test('dot, norm and cosine work in any dimension and on typed arrays', () => {
  assert.equal(dot([1, 2, 3, 4], Float32Array.of(4, 3, 2, 1)), 20);
  assert.equal(norm(Float64Array.of(3, 4)), 5);
  assert.equal(norm([]), 0);
  assert.ok(Math.abs(cosine([1, 0, 1, 0], [0, 1, 1, 0]) - 0.5) < 1e-12);
});

test('normalize returns a unit Float64Array and refuses a zero or non-finite vector, naming it', () => {
  const u = normalize([0, 3, 4]);
  assert.ok(u instanceof Float64Array);
  assert.deepEqual([...u], [0, 0.6, 0.8]);
  assert.throws(() => normalize([0, 0, 0], 'the AD direction'), /the AD direction has zero \(or non-finite\) length/);
  assert.throws(() => normalize([Infinity, 1]), /non-finite/);
});

test('3-vector operations of patient geometry: cross, add, subtract, scale, negate, unit and distance', () => {
  assert.deepEqual(cross([1, 0, 0], [0, 1, 0]), [0, 0, 1]);
  assert.deepEqual(cross([0, 1, 0], [1, 0, 0]), [0, 0, -1]);
  assert.deepEqual(add([1, 2, 3], [1, 1, 1]), [2, 3, 4]);
  assert.deepEqual(subtract([1, 2, 3], [1, 1, 1]), [0, 1, 2]);
  assert.deepEqual(scale([1, -2, 3], 2), [2, -4, 6]);
  assert.deepEqual(negate([1, -2, 0]).map((v) => v + 0), [-1, 2, 0]);
  assert.deepEqual(unit([0, 0, 5]), [0, 0, 1]);
  assert.deepEqual(unit([0, 0, 0]), [0, 0, 0], 'a degenerate normal stays zero instead of becoming NaN');
  assert.equal(distance([1, 1, 1], [4, 5, 1]), 5);
});
