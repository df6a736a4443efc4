// The one catalog filter syntax: key=value pairs, blank entries ignored, a pair without a key or "=" named in the error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWhere } from '../../../src-shared/catalog/where.js';

test('key=value pairs become a where record; values may hold "=" and wildcards, blanks are ignored', () => {
  assert.deepEqual(parseWhere(['class=PNEUMONIA', ' modality = MR ', '', 'note=a=b', 'path=*IXI*']), { class: 'PNEUMONIA', modality: 'MR', note: 'a=b', path: '*IXI*' });
  assert.deepEqual(parseWhere([]), {});
});

test('a pair without "=" or without a key is refused by name', () => {
  assert.throws(() => parseWhere(['class=NORMAL', 'modality']), /expected key=value, got "modality"/);
  assert.throws(() => parseWhere(['=MR']), /got "=MR"/);
});
