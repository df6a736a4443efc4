// The app opens on the last analysis tab chosen, else on the first tab that does something (never a placeholder).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initialPanelId } from '../../../src-renderer/panels/lastTab.js';

const tabs = [{ id: 'projection', placeholder: true }, { id: 'direction', placeholder: true }, { id: 'models' }, { id: 'jobs' }];

test('a first start opens on the first tab that is not a placeholder', () => {
  assert.equal(initialPanelId(tabs, null), 'models');
});

test('the remembered tab wins, placeholder or not, while it exists', () => {
  assert.equal(initialPanelId(tabs, 'jobs'), 'jobs');
  assert.equal(initialPanelId(tabs, 'direction'), 'direction');
  assert.equal(initialPanelId(tabs, 'removed-panel'), 'models');
});

test('with only placeholders the first tab opens', () => {
  assert.equal(initialPanelId([{ id: 'a', placeholder: true }, { id: 'b', placeholder: true }], null), 'a');
});

test('a first start prefers the panel marked start over earlier panels that need results first', () => {
  const withEigen = [{ id: 'projection', placeholder: true }, { id: 'eigen' }, { id: 'models', start: true }, { id: 'jobs' }];
  assert.equal(initialPanelId(withEigen, null), 'models');
  assert.equal(initialPanelId(withEigen, 'eigen'), 'eigen');
});
