// Proves results.saveAs: the desktop app copies a result file to the path the user picked in the save dialog (the
// caller never names it), a cancelled dialog writes nothing, a headless host refuses with the download route, and
// a file outside the result is refused before any dialog opens.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { createAppContext } from '../../../src-main/base/context.js';
import type { NativeDialogs } from '../../../src-main/base/context.js';
import { createResult } from '../../../src-main/results/store.js';
import { tempDirs } from '../../support/tempDirs.js';

const temp = tempDirs('latentrad-save-as-');

function setup(answer: string | null | undefined): { dispatch: ReturnType<typeof createAppDispatcher>; id: string; asked: string[] } {
  const work = temp();
  const dataDir = join(work, 'data');
  const asked: string[] = [];
  const dialogs: NativeDialogs = { open: () => Promise.resolve([]), save: (name) => (asked.push(name), Promise.resolve(answer ?? null)) };
  const ctx = createAppContext({ dataDir, host: answer === undefined ? { kind: 'headless' } : { kind: 'electron', dialogs } });
  const { info, dir } = createResult(dataDir, 'fidelity', { synthetic: true });
  writeFileSync(join(dir, 'report.html'), '<html>SYNTHETIC</html>');
  return { dispatch: createAppDispatcher(ctx), id: info.id, asked };
}

test('the desktop app copies the report to the path picked in the save dialog, suggesting the file name', async () => {
  const target = join(temp(), 'my report.html');
  const { dispatch, id, asked } = setup(target);
  const result = await dispatch('results.saveAs', { id, file: 'report.html' });
  assert.deepEqual(result, { ok: true, value: { path: target } });
  assert.deepEqual(asked, ['report.html']);
  assert.equal(readFileSync(target, 'utf8'), '<html>SYNTHETIC</html>');
});

test('a cancelled dialog writes nothing; a headless host answers unavailable and names the download route', async () => {
  const cancelled = setup(null);
  assert.deepEqual(await cancelled.dispatch('results.saveAs', { id: cancelled.id, file: 'report.html' }), { ok: true, value: { path: null } });
  const headless = setup(undefined);
  const refused = await headless.dispatch('results.saveAs', { id: headless.id, file: 'report.html' });
  assert.ok(!refused.ok && refused.error.code === 'unavailable' && /GET \/results\/<id>\/<file>/.test(refused.error.message));
});

test('a file that is not inside the result is refused before a dialog opens', async () => {
  const { dispatch, id, asked } = setup(join(temp(), 'x.html'));
  for (const file of ['../result.json/../../x', 'missing.html']) {
    const result = await dispatch('results.saveAs', { id, file });
    assert.ok(!result.ok && ['bad_input', 'not_found'].includes(result.error.code), file);
  }
  assert.deepEqual(asked, []);
  const bad = await dispatch('results.saveAs', { id: '../../etc', file: 'passwd' });
  assert.ok(!bad.ok && bad.error.code === 'validation');
  assert.equal(existsSync(join(temp(), 'x.html')), false);
});
