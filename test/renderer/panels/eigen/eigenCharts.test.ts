// How the eigen panel names α: σ or raw W units along a direction, nothing for given values, and a catalog series'
// default α said to be the frame index (instance order, not time) rather than a unit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alphaAxis, alphaName, alphaText } from '../../../../src-renderer/panels/eigen/eigenCharts.js';

test('a catalog series analysed against its frame index says so on the axis, in the summary and in captions', () => {
  const out = { alphaUnit: 'frame index' as const, alphaSource: 'frame index' };
  assert.equal(alphaAxis(out), 'α (frame index)');
  assert.equal(alphaText(out), 'α = frame index (instance order, not time)');
  assert.equal(alphaName(out, 5), 'frame 5');
});

test('an edit series keeps its unit and given α values have none', () => {
  assert.equal(alphaAxis({ alphaUnit: 'sigma' }), 'α (σ along the direction)');
  assert.equal(alphaText({ alphaUnit: 'sigma', alphaSource: 'SERIES.json' }), 'α from SERIES.json in sigma units');
  assert.equal(alphaText({ alphaUnit: null, alphaSource: 'given' }), 'α from given');
  assert.equal(alphaName({ alphaUnit: null }, 3), 'α 3');
});
