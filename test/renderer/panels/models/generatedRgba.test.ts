// The Models panel's grid of generated images shows the bytes their PNG export holds: values on the model's [−1, 1]
// scale become uint8 by NVlabs' rounding (floor(x·127.5 + 128)), not by the canvas array's round-half-to-even.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generatedRgba } from '../../../../src-renderer/panels/models/generatedRgba.js';
import { modelToUint8 } from '../../../../src-shared/imaging/convert.js';

test('every grey level of a generated image equals the one modelToUint8 writes to its PNG, alpha opaque', () => {
  // Half-way values (k + 0.5)/127.5 − 1 are where two roundings part; plus the ends, out-of-range values and NaN.
  const values = Float64Array.from([...Array.from({ length: 255 }, (_, k) => (k + 0.5) / 127.5 - 1), -1, 1, 0, -1.5, 2, Number.NaN]);
  const rgba = generatedRgba(values, values.length, 1);
  const expected = modelToUint8(values);
  const grey = Array.from({ length: values.length }, (_, p) => rgba[p * 4]);
  assert.deepEqual(grey, Array.from(expected));
  for (let p = 0; p < values.length; p++) {
    assert.equal(rgba[p * 4 + 1], rgba[p * 4], `green = grey at ${p}`);
    assert.equal(rgba[p * 4 + 2], rgba[p * 4], `blue = grey at ${p}`);
    assert.equal(rgba[p * 4 + 3], 255, `opaque at ${p}`);
  }
});
