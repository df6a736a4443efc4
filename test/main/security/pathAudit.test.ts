// Audit of every API input that names a file or folder: each one is found by walking the contract's input schemas,
// and each is refused over the host when the user never chose the path (CLI callers are trusted: see userPaths.test).
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { z } from 'zod';
import { apiMethods } from '../../../src-shared/api/contract.js';
import { createAppContext } from '../../../src-main/base/context.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { analysisFixtures } from '../../shared/analysis/referenceData.js';
import { tempDirs } from '../../support/tempDirs.js';

const tempDir = tempDirs('latentrad-path-audit-');

/** Every string leaf of a schema, as `field.sub[].leaf`, looking through wrappers, unions and pipes. */
function stringFields(schema: z.ZodType, at = '', depth = 0): string[] {
  if (depth > 24) return [];
  const next = (s: z.ZodType, path = at): string[] => stringFields(s, path, depth + 1);
  if (schema instanceof z.ZodString) return [at];
  if (schema instanceof z.ZodObject) return Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([k, v]) => next(v, at ? `${at}.${k}` : k));
  if (schema instanceof z.ZodArray) return next(schema.element as z.ZodType, `${at}[]`);
  if (schema instanceof z.ZodUnion) return (schema.options as z.ZodType[]).flatMap((o) => next(o));
  if (schema instanceof z.ZodRecord) return next(schema.valueType as z.ZodType, `${at}{}`);
  if (schema instanceof z.ZodTuple) return (schema.def.items as z.ZodType[]).flatMap((o, i) => next(o, `${at}[${i}]`));
  if (schema instanceof z.ZodPipe) return next(schema.def.in as z.ZodType);
  if (schema instanceof z.ZodLazy) return next(schema.def.getter() as z.ZodType);
  const inner = (schema.def as { innerType?: z.ZodType }).innerType;
  return inner ? next(inner) : [];
}

/** String inputs that are not paths, and why. */
const notPaths: Record<string, string> = {
  'catalog.list*.where{}': 'filter values',
  'catalog.list*.parent': 'catalog ids',
  'catalog.setLabels.id': 'catalog id or UID',
  'catalog.setLabels.labels{}': 'label values',
  'catalog.resolve.ref': 'resolved against catalogued entries only (a path that is not catalogued is not_found, never read)',
  'direction.linkPair.edited': 'resolved like catalog.resolve.ref: catalogued entries only, never read',
  'direction.linkPair.original': 'resolved like catalog.resolve.ref: catalogued entries only, never read',
  'catalog.import.paths[]': 'the import box: how the user chooses folders (it grants them); see the threat model',
  'pixels.*.*': 'catalog ids; pixels.result takes a result id and a file name confined to its folder',
  'datasets.*.name': 'dataset name in a safe alphabet',
  'datasets.*.source.where{}': 'filter values',
  'datasets.*.source.labelKeys[]': 'label names',
  'jobs.*.id': 'job id',
  'training.start.dataset': 'dataset name',
  'training.start.out': 'run name in a safe alphabet',
  'models.import.name': 'display name',
  'direction.cohort.where[]': 'filters',
  'direction.cohort.groupA[]': 'filters',
  'direction.cohort.groupB[]': 'filters',
  'direction.find.labelColumn': 'column name',
  'direction.find.confounders[]': 'label names',
  'projection.*.source.name': 'dataset name',
  'projection.result.id': 'result id',
  'projection.fidelity.lesion.label': 'the drawing tool and shape, shown in the report',
  'eigen.components.mask.label': 'the ROIs drawn and the positions they cover, shown in eigen.json and the panel',
  'encoder.train.dataset': 'dataset name',
  'encoder.train.out': 'encoder name in a safe alphabet',
  'encoder.encode.encoder': 'encoder name in a safe alphabet (looked up among the model\'s encoders)',
  'projection.fidelity.encoder': 'encoder name in a safe alphabet (looked up among the model\'s encoders)',
  'direction.cohort.encoder': 'encoder name in a safe alphabet (looked up among the model\'s encoders)',
  'encoder.encode.source.name': 'dataset name',
  'demo.report.result': 'result id (resultDir checks its alphabet; the report is read from inside that result)',
  'results.*.*': 'result id or kind',
};

function coveredBy(table: Record<string, unknown>, key: string): boolean {
  return Object.keys(table).some((pattern) => new RegExp(`^${pattern.replace(/[.[\]{}]/g, '\\$&').replace(/\*/g, '[^.]*')}$`).test(key));
}

/** Every path-carrying input, with a call that names a path the user never chose there (fields before it valid). */
function attacks(outside: (name: string) => string, inside: (name: string) => string): Record<string, Record<string, unknown>> {
  const model = 'ixi-t1-64';
  return {
    'analysis.metrics.reference': { metric: 'mse', reference: outside('small_a.npy'), test: inside('small_b.npy') },
    'analysis.metrics.test': { metric: 'mse', reference: inside('small_a.npy'), test: outside('small_b.npy') },
    'analysis.metrics.mask': { metric: 'mse', reference: inside('small_a.npy'), test: inside('small_b.npy'), mask: outside('small_a.npy') },
    'catalog.importLabels.csvPath': { csvPath: outside('labels.csv') },
    'datasets.create.source.paths[]': { name: 'audit', source: { kind: 'files', paths: [outside('')] }, resolution: 32 },
    'datasets.create.labelsCsv': { name: 'audit', source: { kind: 'files', paths: [inside('')] }, resolution: 32, labelsCsv: outside('labels.csv') },
    'datasets.submit.source.paths[]': { name: 'audit', source: { kind: 'files', paths: [outside('')] }, resolution: 32 },
    'datasets.submit.labelsCsv': { name: 'audit', source: { kind: 'files', paths: [inside('')] }, resolution: 32, labelsCsv: outside('labels.csv') },
    'models.import.path': { path: outside('') },
    'models.get.model': { model: outside('') },
    'models.quality.model': { model: outside('') },
    'models.remove.model': { model: outside('') },
    'models.generate.model': { model: outside(''), seeds: [0] },
    'models.generate.zPath': { model, zPath: outside('latents.npy') },
    'models.generate.wPath': { model, wPath: outside('latents.npy') },
    'models.generate.noisePath': { model, noisePath: outside('latents.npy') },
    'direction.cohort.model': { model: outside(''), where: [], groupA: ['class=A'], groupB: ['class=B'] },
    'direction.find.latents': { latents: outside('latents.npy'), labels: inside('labels.npy'), method: 'mean' },
    'direction.find.labels': { latents: inside('latents.npy'), labels: outside('labels.npy'), method: 'mean' },
    'direction.find.edited': { latents: inside('latents.npy'), labels: inside('labels.npy'), method: 'pair', edited: outside('latents.npy') },
    'direction.find.conditions[]': { latents: inside('latents.npy'), labels: inside('labels.npy'), method: 'mean', conditions: [outside('latents.npy')] },
    'direction.editSeries.model': { model: outside(''), direction: inside('latents.npy'), source: { kind: 'seed', seed: 0 } },
    'direction.editSeries.direction': { model, direction: outside('latents.npy'), source: { kind: 'seed', seed: 0 } },
    'direction.editSeries.source.latents': { model, direction: inside('D.npy'), source: { kind: 'latents', latents: outside('latents.npy'), rows: [0] } },
    'direction.editSeries.source.path': { model, direction: inside('D.npy'), source: { kind: 'w', path: outside('latents.npy') } },
    'direction.exportSeries.series': { series: outside('SERIES.npy'), format: 'png' },
    'direction.seriesDifference.series': { series: outside('SERIES.npy') },
    'demo.start.ixiDir': { recompute: true, ixiDir: outside('') },
    'eigen.components.series': { series: outside('SERIES.npy') },
    'eigen.components.mask': { series: inside('SERIES.npy'), mask: outside('small_a.npy') },
    'projection.project.model': { model: outside(''), source: { kind: 'file', path: inside('small_a.npy') } },
    'projection.project.source.path': { model, source: { kind: 'file', path: outside('small_a.npy') } },
    'projection.project.source.items[].item': { model, source: { kind: 'items', items: [{ item: outside('small_a.npy') }] } },
    'projection.fidelity.model': { model: outside(''), source: { kind: 'file', path: inside('small_a.npy') } },
    'projection.fidelity.source.path': { model, source: { kind: 'file', path: outside('small_a.npy') } },
    'projection.fidelity.source.items[].item': { model, source: { kind: 'items', items: [{ item: outside('small_a.npy') }] } },
    'projection.fidelity.perturbations[].mask': { model, source: { kind: 'dataset', name: 'none' }, perturbations: [{ kind: 'inpaint', mask: outside('small_a.npy') }] },
    'encoder.train.model': { model: outside(''), dataset: 'none', out: 'audit' },
    'encoder.encode.model': { model: outside(''), source: { kind: 'file', path: inside('small_a.npy') } },
    'encoder.encode.source.path': { model, source: { kind: 'file', path: outside('small_a.npy') } },
    'encoder.encode.source.items[].item': { model, source: { kind: 'items', items: [{ item: outside('small_a.npy') }] } },
    'projection.fidelity.lesion.path': { model, source: { kind: 'dataset', name: 'none' }, lesion: { kind: 'mask', path: outside('small_a.npy') } },
  };
}

test('every string input of the contract is either audited as a path or named as not a path', () => {
  const fields = Object.entries(apiMethods).flatMap(([name, spec]) => [...new Set(stringFields(spec.input))].map((f) => `${name}.${f}`));
  assert.ok(fields.includes('catalog.importLabels.csvPath') && fields.includes('projection.fidelity.lesion.path'), 'the walk reaches nested fields');
  const audited = attacks(() => '', () => '');
  const unexplained = fields.filter((f) => !coveredBy(audited, f) && !coveredBy(notPaths, f));
  assert.deepEqual(unexplained, [], 'a new string input: add an attack below if it names a file or folder, else say why it does not');
  const stale = Object.keys(audited).filter((k) => !fields.includes(k));
  assert.deepEqual(stale, [], 'an audited field that is no longer in the contract');
});

test('over the host, each path-carrying input refuses a path the user never chose, naming the path', async () => {
  const work = tempDir();
  const dataDir = join(work, 'data');
  const outsideDir = join(work, 'outside');
  const insideDir = join(dataDir, 'inside');
  for (const dir of [outsideDir, insideDir]) {
    mkdirSync(dir, { recursive: true });
    for (const name of ['small_a.npy', 'small_b.npy', 'latents.npy', 'labels.npy']) copyFileSync(join(analysisFixtures, name), join(dir, name));
    copyFileSync(join(analysisFixtures, 'eigen_stack.npy'), join(dir, 'SERIES.npy'));
    copyFileSync(join(analysisFixtures, 'latents.npy'), join(dir, 'D.npy'));
    writeFileSync(join(dir, 'labels.csv'), 'path,class\nx.png,A\n');
  }
  const ctx = createAppContext({ dataDir, host: { kind: 'headless' } });
  const dispatch = createAppDispatcher(ctx);
  const failures: string[] = [];
  try {
    for (const [field, input] of Object.entries(attacks((n) => join(outsideDir, n), (n) => join(insideDir, n)))) {
      const method = field.split('.').slice(0, 2).join('.');
      const result = await dispatch(method, input);
      const message = result.ok ? 'accepted' : `${result.error.code}: ${result.error.message}`;
      if (!/bad_input: .*outside.*not chosen by the user/.test(message)) failures.push(`${field} → ${message}`);
    }
  } finally {
    await ctx.close();
  }
  assert.deepEqual(failures, []);
});

test('the string inputs said not to be paths do not open one: catalog.resolve knows only catalogued files, pixels.result stays in its result folder', async () => {
  const work = tempDir();
  writeFileSync(join(work, 'secret.csv'), 'SECRET\n');
  const ctx = createAppContext({ dataDir: join(work, 'data'), host: { kind: 'headless' } });
  const dispatch = createAppDispatcher(ctx);
  try {
    const resolved = await dispatch('catalog.resolve', { ref: join(work, 'secret.csv') });
    assert.equal(resolved.ok ? 'ok' : resolved.error.code, 'not_found');
    assert.doesNotMatch(JSON.stringify(resolved), /SECRET/);
    const linked = await dispatch('direction.linkPair', { edited: join(work, 'secret.csv'), original: join(work, 'secret.csv') });
    assert.equal(linked.ok ? 'ok' : linked.error.code, 'not_found');
    assert.doesNotMatch(JSON.stringify(linked), /SECRET/);
    const escapes: Array<[{ result: string; file: string }, RegExp]> = [
      [{ result: '../../secret', file: 'x.npy' }, /is not a result id/],
      [{ result: 'edit-20261203T100000-0123abcd', file: '../../../secret.npy' }, /is not a file name inside result/],
    ];
    for (const [input, reason] of escapes) {
      const result = await dispatch('pixels.result', input);
      assert.match(result.ok ? 'accepted' : result.error.message, reason);
    }
  } finally {
    await ctx.close();
  }
});
