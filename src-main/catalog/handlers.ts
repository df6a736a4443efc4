// Handlers of the catalog.* methods: imports (with progress events and cancel), listings, labels and reference
// resolution. (pixels.* has its own room: ../pixels/handlers.ts.)
import { randomUUID } from 'node:crypto';
import type { EntityKind } from '../../src-shared/api/catalog.js';
import { ApiError } from '../../src-shared/api/errors.js';
import type { Handler } from '../base/handler.js';
import { runImport } from './importer.js';
import { applyLabelCsv, formatEntityId, parseEntityId, resolveRef } from './labels.js';
import { entityExists, listImages, listInstances, listPatients, listSeries, listStudies, listVolumes } from './queries.js';
import { catalogOf } from './service.js';
import { checkUserPath, grantUserPaths } from '../security/userPaths.js';

const importHandler: Handler<'catalog.import'> = async (params, ctx) => {
  const catalog = catalogOf(ctx);
  // Typed into the import box, dropped or picked: these roots are the user's from now on (labels, analyses).
  grantUserPaths(ctx, params.paths, true);
  const runId = params.runId ?? randomUUID();
  if (catalog.running.has(runId)) throw new ApiError('bad_input', `an import with run id ${runId} is already running`);
  const controller = new AbortController();
  catalog.running.set(runId, controller);
  const allKinds = ['patient', 'study', 'series', 'instance', 'volume', 'image'] as const;
  let lastChange = Date.now();
  let lastImported = 0;
  try {
    const summary = await runImport(catalog.store, {
      paths: params.paths, copy: params.copy, runId, dataDir: ctx.dataDir, signal: controller.signal,
      onProgress: (p) => {
        ctx.emit('importProgress', p);
        // Long imports refresh the browser every few seconds instead of only at the end.
        if (p.imported > lastImported && Date.now() - lastChange > 3000) {
          lastChange = Date.now();
          lastImported = p.imported;
          ctx.emit('catalogChanged', { kinds: [...allKinds], reason: `import ${runId} in progress` });
        }
        const fraction = p.total ? Math.min(1, (p.imported + p.skipped + p.ignored + p.errors) / Math.max(p.total, 1)) : null;
        const state = p.state === 'scanning' || p.state === 'importing' ? 'running' : p.state;
        ctx.emit('jobProgress', { jobId: runId, kind: 'import', state, fraction, message: `${p.imported} imported, ${p.skipped} skipped, ${p.ignored} ignored, ${p.errors} errors`, etaSeconds: p.etaSeconds });
      },
    });
    ctx.emit('catalogChanged', { kinds: [...allKinds], reason: `import ${runId}` });
    return summary;
  } finally {
    catalog.running.delete(runId);
  }
};

export const catalogHandlers = {
  'catalog.import': importHandler,
  'catalog.cancelImport': ((params, ctx) => {
    const { running } = catalogOf(ctx);
    const ids = params.runId ? (running.has(params.runId) ? [params.runId] : []) : [...running.keys()];
    for (const id of ids) running.get(id)?.abort();
    return { cancelled: ids };
  }) satisfies Handler<'catalog.cancelImport'>,
  'catalog.listImports': ((params, ctx) => ({ rows: catalogOf(ctx).store.latestRuns(params.limit) })) satisfies Handler<'catalog.listImports'>,
  'catalog.listPatients': ((p, ctx) => listPatients(catalogOf(ctx).db, p)) satisfies Handler<'catalog.listPatients'>,
  'catalog.listStudies': ((p, ctx) => listStudies(catalogOf(ctx).db, p)) satisfies Handler<'catalog.listStudies'>,
  'catalog.listSeries': ((p, ctx) => listSeries(catalogOf(ctx).db, p)) satisfies Handler<'catalog.listSeries'>,
  'catalog.listInstances': ((p, ctx) => listInstances(catalogOf(ctx).db, p)) satisfies Handler<'catalog.listInstances'>,
  'catalog.listVolumes': ((p, ctx) => listVolumes(catalogOf(ctx).db, p)) satisfies Handler<'catalog.listVolumes'>,
  'catalog.listImages': ((p, ctx) => listImages(catalogOf(ctx).db, p)) satisfies Handler<'catalog.listImages'>,
  'catalog.setLabels': ((params, ctx) => {
    const { store, db } = catalogOf(ctx);
    const ref = parseEntityId(params.id);
    if (!ref || !entityExists(db, ref)) throw new ApiError('not_found', `${params.id} is not in the catalog`);
    db.transaction(() => {
      for (const [k, v] of Object.entries(params.labels)) store.setLabel(ref.kind, ref.id, k, v);
    })();
    ctx.emit('catalogChanged', { kinds: [ref.kind as EntityKind], reason: `labels of ${params.id}` });
    return { id: params.id, labels: store.labelsOf(ref.kind, ref.id) };
  }) satisfies Handler<'catalog.setLabels'>,
  'catalog.importLabels': ((params, ctx) => {
    const { store } = catalogOf(ctx);
    const csvPath = checkUserPath(ctx, params.csvPath, 'labels CSV');
    try {
      const result = applyLabelCsv(store, csvPath);
      ctx.emit('catalogChanged', { kinds: ['instance', 'volume', 'image'], reason: `labels from ${params.csvPath}` });
      return result;
    } catch (error) {
      throw error instanceof ApiError ? error : new ApiError('bad_input', (error as Error).message);
    }
  }) satisfies Handler<'catalog.importLabels'>,
  'catalog.resolve': ((params, ctx) => {
    const ref = resolveRef(catalogOf(ctx).store, params.ref);
    if (!ref) throw new ApiError('not_found', `nothing in the catalog matches "${params.ref}" (entity id, UID or catalogued path)`);
    return { id: formatEntityId(ref) };
  }) satisfies Handler<'catalog.resolve'>,
};
