// Proves what the fidelity panel asks for: the active viewport's image as a projection source (or the reason it
// cannot be), perturbation lists parsed with errors naming the field, and reuse of reports made from the same request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchingReports, parseNumberList, perturbationsOf, sourceOfDisplay } from '../../../../src-renderer/panels/fidelity/fidelityRequest.js';
import type { PaneContent, ReportKey } from '../../../../src-renderer/panels/fidelity/fidelityRequest.js';

const base = { title: 'T1', patient: 'IXI012' };
const volume: PaneContent = { ...base, kind: 'volume', sourceId: 'volume:3', orientation: 'axial' };
const middle = { axis: 'z' as const, slice: null, range: null };

test('a NIfTI volume pane becomes an item with its axis and the chosen slice, the middle slice, or a slice range', () => {
  assert.deepEqual(sourceOfDisplay(volume, undefined, middle), { source: { kind: 'items', items: [{ item: 'volume:3', axis: 'z' }] }, label: 'IXI012 · middle slice along z' });
  const one = sourceOfDisplay(volume, undefined, { axis: 'x', slice: 40, range: null });
  assert.ok('source' in one);
  assert.deepEqual(one.source.items, [{ item: 'volume:3', axis: 'x', slice: 40 }]);
  const range = sourceOfDisplay(volume, undefined, { axis: 'z', slice: 40, range: [0.4, 0.6] });
  assert.ok('source' in range);
  assert.deepEqual(range.source.items, [{ item: 'volume:3', axis: 'z', sliceRange: [0.4, 0.6] }]);
});

test('a stack pane projects the image it shows now (a 2D image, a volume slice, a DICOM frame); an empty viewer gets a reason', () => {
  const stack: PaneContent = { ...base, kind: 'stack' };
  const shown = sourceOfDisplay(stack, 'latentrad:image/image:8', middle);
  assert.ok('source' in shown);
  assert.deepEqual(shown.source.items, [{ item: 'image:8' }]);
  const cpuSlice = sourceOfDisplay(stack, 'latentrad:slice/volume:2/y/17', middle);
  assert.ok('source' in cpuSlice);
  assert.deepEqual(cpuSlice.source.items, [{ item: 'volume:2', axis: 'y', slice: 17 }]);
  const frame = sourceOfDisplay(stack, 'latentrad:frame/instance:4/1', middle);
  assert.ok('source' in frame);
  assert.deepEqual(frame.source.items, [{ item: 'instance:4', frame: 1 }]);
  const seriesFrame = sourceOfDisplay(stack, 'latentrad:slice/series:2/z/5', middle);
  assert.ok('source' in seriesFrame);
  assert.deepEqual(seriesFrame.source.items, [{ item: 'series:2', frame: 5 }], 'a series z slice is its frame in the viewer order');
  const series = sourceOfDisplay({ ...volume, sourceId: 'series:2' }, undefined, { axis: 'z', slice: 7, range: null });
  assert.ok('source' in series);
  assert.deepEqual(series.source.items, [{ item: 'series:2', axis: 'z', slice: 7 }]);
  const foreign = sourceOfDisplay({ ...volume, sourceId: 'result:x' }, undefined, middle);
  assert.ok('reason' in foreign && /cannot be projected/.test(foreign.reason));
  const none = sourceOfDisplay(null, undefined, middle);
  assert.ok('reason' in none && /Open an image/.test(none.reason));
});

test('perturbation lists become the API perturbations; a bad value names its field', () => {
  assert.deepEqual(perturbationsOf({ gaussian: '0.05, 0.1', saltPepper: '0.02', blur: '1 2', inpaint: '20,20,12,10' }), [
    { kind: 'gaussian', sigma: 0.05 },
    { kind: 'gaussian', sigma: 0.1 },
    { kind: 'saltpepper', fraction: 0.02 },
    { kind: 'blur', sigma: 1 },
    { kind: 'blur', sigma: 2 },
    { kind: 'inpaint', rect: [20, 20, 12, 10] },
  ]);
  assert.deepEqual(perturbationsOf({ gaussian: '', saltPepper: ' ', blur: '', inpaint: '' }), []);
  assert.throws(() => perturbationsOf({ gaussian: '0.1, x', saltPepper: '', blur: '', inpaint: '' }), /Gaussian noise σ: "x" is not a positive number/);
  assert.throws(() => perturbationsOf({ gaussian: '', saltPepper: '1.5', blur: '', inpaint: '' }), /Salt-and-pepper fraction: "1.5" is not a fraction/);
  assert.throws(() => perturbationsOf({ gaussian: '', saltPepper: '', blur: '', inpaint: '1,2,3' }), /Inpaint rectangle: give x, y, width, height/);
  assert.throws(() => parseNumberList('3.5', 'Steps', Number.isInteger, 'a whole number'), /Steps: "3.5" is not a whole number/);
});

test('a report is reused only when model, method, source, settings, perturbations and lesion all match', () => {
  const key: ReportKey = { model: 'm1', method: 'project', source: { kind: 'items', items: [{ item: 'volume:3', axis: 'z' }] }, settings: { space: 'wplus', noise: 'optimise', steps: 20, seed: 0 }, perturbations: [{ kind: 'gaussian', sigma: 0.1 }], lesion: null };
  // As planFidelity stores it: the settings after defaults (batch and learning rate are bookkeeping here).
  const meta = { model: 'm1', source: { items: [{ axis: 'z', item: 'volume:3' }], kind: 'items' }, settings: { space: 'wplus', noise: 'optimise', steps: 20, seed: 0, batch: 2, distance: { mse: 1, ssim: 1 } }, perturbations: [{ kind: 'gaussian', sigma: 0.1 }], lesion: null };
  const results = [
    { id: 'newer-other-steps', meta: { ...meta, settings: { ...meta.settings, steps: 30 } } },
    { id: 'same', meta },
    { id: 'other-lesion', meta: { ...meta, lesion: { kind: 'synthetic', x: 1, y: 1, r: 2, contrast: 0.5 } } },
    { id: 'other-slice', meta: { ...meta, source: { kind: 'items', items: [{ item: 'volume:3', axis: 'z', slice: 4 }] } } },
    { id: 'encoded', meta: { ...meta, method: 'encode' } },
  ];
  assert.deepEqual(matchingReports(results, key), ['same']);
  // A report made with an encoder is reused for the same encoder method only; one without a method is a projection.
  assert.deepEqual(matchingReports(results, { ...key, method: 'encode' }), ['encoded']);
  assert.deepEqual(matchingReports([{ id: 'explicit', meta: { ...meta, method: 'project' } }], key), ['explicit']);
});
